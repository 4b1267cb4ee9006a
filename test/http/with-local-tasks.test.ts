import { describe, expect, it } from 'vitest';
import { withLocalTaskDirectory, withLocalTasks } from '../../src/http/with-local-tasks.ts';
import { aControlledTask } from '../support/controlled-task.ts';
import { createFakeDirectory } from '../support/fake-scheduler-directory.ts';
import { createFakeSchedulerApi } from '../support/fake-scheduler-api.ts';
import { aLocalTaskWorker } from '../support/local-task-worker-harness.ts';
import { anHttpHandler } from '../support/task-handler-builder.ts';
import { aTaskSettings } from '../support/task-row-builder.ts';
import { aTaskSnapshot } from '../support/task-snapshot.ts';

async function aPluginWithBothScopes() {
  const global = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'global-task' })]);
  const { worker } = aLocalTaskWorker();
  await worker.registerTask('local-task', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);
  return { global, local: worker, api: withLocalTasks(global, worker, 'catalog') };
}

describe('withLocalTasks', () => {
  it("lists the global tasks, then this isolate's local ones", async () => {
    const { api } = await aPluginWithBothScopes();

    const tasks: Array<{ taskId: string; scope: string }> = JSON.parse(await api.listTasksJson());

    expect(tasks.map(({ taskId, scope }) => `${scope} ${taskId}`)).toEqual(['global global-task', 'local local-task']);
  });

  it('triggers a local task in the local worker, without asking the global scheduler', async () => {
    const { api, global, local } = await aPluginWithBothScopes();

    const outcome = await api.triggerTask('local-task');

    expect(outcome).toEqual({ ok: true, value: undefined });
    expect((await local.listTasks())[0]?.taskState.status).toBe('running');
    expect(global.calls).toEqual([]);
  });

  it("turns a local worker's refusal into an outcome the routes unwrap", async () => {
    const { api } = await aPluginWithBothScopes();

    const outcome = await api.cancelTask('local-task');

    expect(outcome).toEqual({ ok: false, error: { name: 'ConflictError', message: 'Task local-task is not running' } });
  });

  it('sends any other task to the global scheduler', async () => {
    const { api, global } = await aPluginWithBothScopes();

    await api.triggerTask('global-task');

    expect(global.calls).toEqual([{ method: 'triggerTask', taskId: 'global-task' }]);
  });

  it('finds one local task by its id', async () => {
    const { api } = await aPluginWithBothScopes();

    const outcome = await api.getTask('local-task');

    expect(outcome).toMatchObject({ ok: true, value: { taskId: 'local-task', scope: 'local' } });
  });

  it('counts local tasks among the tasks defined in code', async () => {
    const { api } = await aPluginWithBothScopes();

    expect(await api.countTasks()).toEqual({ code: 2, api: 0 });
  });

  it('refuses to pause a local task, which only global tasks support', async () => {
    const { api, global } = await aPluginWithBothScopes();

    const outcome = await api.pauseTask('local-task');

    expect(outcome).toEqual({ ok: false, error: { name: 'ConflictError', message: 'Task local-task is local: pausing applies to global tasks only' } });
    expect(global.calls).toEqual([]);
  });

  it('refuses a batch that lists a local task, naming the item, and sends none of it to the global scheduler', async () => {
    const { api, global } = await aPluginWithBothScopes();
    const definition = (taskId: string) => ({ taskId, settings: aTaskSettings(), handler: anHttpHandler() });

    const outcome = await api.putTasks([definition('new-task'), definition('local-task')]);

    expect(outcome).toEqual({
      ok: false,
      error: { name: 'ConflictError', message: "tasks[1] ('local-task'): Task local-task is local: defining a task over the API applies to global tasks only" },
    });
    expect(global.calls).toEqual([]);
  });

  it('sends a batch without local tasks to the global scheduler', async () => {
    const { api, global } = await aPluginWithBothScopes();

    await api.putTasks([{ taskId: 'new-task', settings: aTaskSettings(), handler: anHttpHandler() }]);

    expect(global.calls).toEqual([{ method: 'putTasks', taskId: 'new-task' }]);
  });
});

describe('withLocalTaskDirectory', () => {
  it("adds a plugin's local tasks to the scheduler the directory finds", async () => {
    const { worker } = aLocalTaskWorker();
    await worker.registerTask('local-task', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);
    const directory = withLocalTaskDirectory(createFakeDirectory({ catalog: createFakeSchedulerApi() }), (pluginId) =>
      pluginId === 'catalog' ? worker : undefined,
    );

    const scheduler = await directory.find({}, 'catalog');

    const tasks: Array<{ taskId: string }> = JSON.parse((await scheduler?.listTasksJson()) ?? '[]');

    expect(tasks.map(({ taskId }) => taskId)).toEqual(['local-task']);
  });

  it('finds nothing for a plugin the directory does not know', async () => {
    const directory = withLocalTaskDirectory(createFakeDirectory({}), () => undefined);

    expect(await directory.find({}, 'nope')).toBeUndefined();
  });
});
