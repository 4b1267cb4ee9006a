import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { pluginsResponseSchema } from '../../../src/http/schemas.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

const PLUGINS_PATH = '/.backstage/scheduler/v1/plugins';

describe('GET /.backstage/scheduler/v1/plugins', () => {
  it('lists each plugin with its code, API and total task counts', async () => {
    const catalog = createFakeSchedulerApi([
      aTaskSnapshot({ taskId: 'refresh', source: 'code' }),
      aTaskSnapshot({ taskId: 'sync', source: 'code' }),
      aTaskSnapshot({ taskId: 'webhook', source: 'api' }),
    ]);
    const search = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'reindex', source: 'api' })]);
    const app = createApp(createFakeDirectory({ catalog, search }));

    const res = await app.request(PLUGINS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(pluginsResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      plugins: [
        { pluginId: 'catalog', taskCount: 3, codeTaskCount: 2, apiTaskCount: 1 },
        { pluginId: 'search', taskCount: 1, codeTaskCount: 0, apiTaskCount: 1 },
      ],
    });
  });

  it('leaves out a plugin that has no tasks', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot()]), empty: createFakeSchedulerApi() }));

    const res = await app.request(PLUGINS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    const body = pluginsResponseSchema.parse(await res.json());
    expect(body.plugins.map((plugin) => plugin.pluginId)).toEqual(['catalog']);
  });

  it('answers an empty list when no plugin has tasks', async () => {
    const app = createApp(createFakeDirectory());

    const res = await app.request(PLUGINS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"plugins":[]}');
  });

  it('answers 401 with Backstage\'s body without a bearer token', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot()]) }));

    const res = await app.request(PLUGINS_PATH, {}, TEST_ENV);

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { name: 'AuthenticationError', message: 'Missing bearer token in Authorization header' },
      request: { method: 'GET', url: PLUGINS_PATH },
      response: { statusCode: 401 },
    });
  });

  it('answers 401 for a token that is not configured', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot()]) }));

    const res = await app.request(PLUGINS_PATH, { headers: { Authorization: 'Bearer wrong' } }, TEST_ENV);

    expect(res.status).toBe(401);
  });
});
