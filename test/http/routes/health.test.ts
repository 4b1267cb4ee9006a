import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /.backstage/scheduler/v1/health', () => {
  it('answers ok without a token, and names no plugin', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const response = await app.request('/.backstage/scheduler/v1/health', {}, TEST_ENV);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers 503 unavailable when the scheduler\'s storage fails, without its error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const directory = { ...createFakeDirectory(), listPluginIds: async () => Promise.reject(new Error('index object is overloaded')) };
    const app = createApp(directory);

    const response = await app.request('/.backstage/scheduler/v1/health', {}, TEST_ENV);

    expect(response.status).toBe(503);
    expect(await response.text()).toBe('{"status":"unavailable"}');
    expect(logged).toHaveBeenCalledExactlyOnceWith(expect.stringContaining('index object is overloaded'));
  });

  it('still answers without a token when no token is configured at all', async () => {
    const app = createApp(createFakeDirectory());

    const response = await app.request('/.backstage/scheduler/v1/health', {}, {});

    expect(response.status).toBe(200);
  });

  it('leaves the rest of /.backstage behind the token', async () => {
    const app = createApp(createFakeDirectory());

    const response = await app.request('/.backstage/scheduler/v1/plugins', {}, TEST_ENV);

    expect(response.status).toBe(401);
  });
});
