import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

const SKIP_NEXT = '/api/catalog/.backstage/scheduler/v1/tasks/x/skip-next';
const POST = { method: 'POST', headers: AUTHORIZED };

describe('POST /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/skip-next', () => {
  it('answers 200 with the task', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(SKIP_NEXT, POST, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ taskId: 'x', pluginId: 'catalog' });
    expect(scheduler.calls).toEqual([{ method: 'skipNext', taskId: 'x' }]);
  });

  it("answers 404 with Backstage's body for a task the scheduler does not have", async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(SKIP_NEXT, POST, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task x does not exist' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/x/skip-next' },
      response: { statusCode: 404 },
    });
  });
});
