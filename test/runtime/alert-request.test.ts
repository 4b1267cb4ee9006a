import { describe, expect, it } from 'vitest';
import type { AlertDelivery } from '../../src/core/engine/policy-notices.ts';
import { createAlertSender, describeAlertBody } from '../../src/runtime/alert-request.ts';
import { at } from '../support/instants.ts';

const NOON = at('2025-01-15T12:00:00Z');
const stale: AlertDelivery = {
  url: 'https://evil.example/hook',
  pluginId: 'p',
  taskId: 'task-a',
  at: NOON,
  notice: { event: 'stale', lastSucceededAt: NOON - 60_000, since: NOON - 60_000 },
};

describe('describeAlertBody', () => {
  it('names the event and the task, with instants in ISO-8601 UTC', () => {
    expect(JSON.parse(describeAlertBody(stale))).toEqual({
      event: 'stale',
      pluginId: 'p',
      taskId: 'task-a',
      at: '2025-01-15T12:00:00.000Z',
      lastSucceededAt: '2025-01-15T11:59:00.000Z',
      since: '2025-01-15T11:59:00.000Z',
    });
  });
});

describe('createAlertSender', () => {
  it('refuses a host outside SCHEDULER_ALLOWED_HOSTS, naming alert.url, before any request', async () => {
    const send = createAlertSender({ policy: () => ({ allowedHosts: ['alerts.test'], hasService: () => false }), env: {}, signingSecret: undefined, now: () => NOON });

    await expect(send(stale)).rejects.toThrow("alert.url host 'evil.example' is not in SCHEDULER_ALLOWED_HOSTS");
  });
});
