import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { nextRunsResponseSchema } from '../../src/http/schemas.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi } from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);

/** A request with no Authorization header at all. */
function fetchAnonymously(path: string): Promise<Response> {
  return SELF.fetch(`http://scheduler.test${path}`);
}

describe('the public routes in workerd', () => {
  it('answer the health check without a token, having asked the plugin index', async () => {
    const response = await fetchAnonymously('/.backstage/scheduler/v1/health');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serve the OpenAPI document without a token', async () => {
    const response = await fetchAnonymously('/openapi.json');

    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/trigger');
  });

  it('serve the dashboard without a token, with a CSP', async () => {
    const response = await fetchAnonymously('/');

    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  });
});

describe('GET .../tasks/<taskId>/next in workerd', () => {
  it('gives the cadence, and the cadence in words', async () => {
    const pluginId = aPluginWith({ nightly: { frequency: { cron: '0 3 * * 1-5', timeZone: 'Europe/Berlin' }, timeout: { minutes: 1 } } });

    const response = await callApi(`${apiBase(pluginId)}/tasks/nightly/next?count=1`);

    const body = nextRunsResponseSchema.parse(await response.json());
    expect(body.cadence).toBe('0 3 * * 1-5');
    expect(body.cadenceInWords).toBe('at 03:00 Europe/Berlin on weekdays');
  });
});
