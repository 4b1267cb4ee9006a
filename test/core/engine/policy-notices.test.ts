import { describe, expect, it } from 'vitest';
import { carryOutNotice, STALE_COUNT_METRIC, type AlertDelivery } from '../../../src/core/engine/policy-notices.ts';
import { at } from '../../support/instants.ts';
import { aRecordingLogger } from '../../support/recording-logger.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');
const alerted = aTaskRow({ settings: aTaskSettings({ alert: { url: 'https://alerts.test/hook', on: ['stale'] } }) });

/** The context of a notice, recording what is logged and sent. */
function aContext(send: (delivery: AlertDelivery) => Promise<void> = async () => {}) {
  const logger = aRecordingLogger();
  const sent: AlertDelivery[] = [];
  const sendAlert = (delivery: AlertDelivery) => (sent.push(delivery), send(delivery));
  return { logger, sent, context: { pluginId: 'p', taskId: 'task-a', now: NOON, logger, sendAlert } };
}

describe('carryOutNotice', () => {
  it('logs a stale task once, counted in the stale metric, and sends the alert it asks for', async () => {
    const { logger, sent, context } = aContext();

    await carryOutNotice(alerted, { event: 'stale', lastSucceededAt: null, since: NOON }, context);

    expect(logger.messages).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ taskId: 'task-a', metrics: { [STALE_COUNT_METRIC]: 1 } }) }),
    ]);
    expect(sent).toEqual([{ url: 'https://alerts.test/hook', pluginId: 'p', taskId: 'task-a', at: NOON, notice: { event: 'stale', lastSucceededAt: null, since: NOON } }]);
  });

  it('sends no alert for an event the webhook does not list', async () => {
    const { sent, context } = aContext();

    await carryOutNotice(alerted, { event: 'recovery', ticket: 'ticket-1' }, context);

    expect(sent).toEqual([]);
  });

  it('logs a delivery that failed and resolves, so the schedule is unaffected', async () => {
    const { logger, context } = aContext(() => Promise.reject(new Error('connection refused')));

    await carryOutNotice(alerted, { event: 'stale', lastSucceededAt: null, since: NOON }, context);

    expect(logger.messages.at(-1)).toMatchObject({ level: 'warn', fields: { event: 'stale', error: 'Error: connection refused' } });
  });

  it('logs a pause after failures, which no webhook event carries', async () => {
    const { logger, sent, context } = aContext();

    await carryOutNotice(alerted, { event: 'paused', consecutiveFailures: 3 }, context);

    expect(logger.messages[0]?.message).toBe('Task paused after 3 consecutive failed runs (pauseAfterFailures)');
    expect(sent).toEqual([]);
  });
});
