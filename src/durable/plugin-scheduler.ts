import { DurableObject } from 'cloudflare:workers';
import { previewNextRuns } from '../core/next-run-preview.ts';
import { toOutcome, type Outcome } from '../core/outcome.ts';
import { parseAtBoundary } from '../core/parse-at-boundary.ts';
import { apiTaskDefinitionSchema } from '../core/task-batch.ts';
import { assertHandlerAllowed, taskHandlerSchema } from '../core/task-handler.ts';
import type { RunRecord } from '../core/task-row.ts';
import { taskSettingsSchema } from '../core/task-settings.ts';
import type { TaskSnapshot } from '../core/task-status.ts';
import { deleteApiTask } from '../core/transitions/delete-api-task.ts';
import { pauseTask, resumeTask } from '../core/transitions/pause.ts';
import { putApiTask } from '../core/transitions/put-api-task.ts';
import { putApiTasks } from '../core/transitions/put-api-tasks.ts';
import { PLUGIN_INDEX_NAME, type PluginIndex } from './plugin-index.ts';
import { TaskListText } from './task-list-text.ts';
import { SchedulerEngine, type PluginSchedulerOptions, type SchedulerObjectEnv, type StartPlugin } from './scheduler-engine.ts';

export type { PluginSchedulerOptions, StartPlugin } from './scheduler-engine.ts';

/** Options of the object class: the engine's, and how the REST layer writes one task as JSON. */
export interface PluginSchedulerClassOptions extends PluginSchedulerOptions {
  /** One task as `GET .../tasks` lists it, as JSON text; the REST layer's own rendering, handed in. */
  renderTask: (pluginId: string, snapshot: TaskSnapshot) => string;
}

type Env = SchedulerObjectEnv & { PLUGIN_INDEX?: DurableObjectNamespace<PluginIndex> };

/**
 * Builds the Durable Object class that holds every global task of one plugin. Its methods are
 * the RPC surface: each returns an Outcome, because custom errors do not survive RPC.
 */
export function createPluginSchedulerClass(startPlugin: StartPlugin, options: PluginSchedulerClassOptions) {
  return class PluginScheduler extends DurableObject<Env> {
    readonly #engine: SchedulerEngine;
    /** Whether the plugin index lists this plugin as having API tasks, as far as this instance knows. */
    #isListedInIndex: boolean | undefined;
    #indexCalls = 0;
    #indexCallsInFlight = 0;

    readonly #taskList: TaskListText;

    constructor(ctx: DurableObjectState, env: Env) {
      super(ctx, env);
      const engine = (this.#engine = new SchedulerEngine(ctx, env, options));
      this.#taskList = new TaskListText(
        (row) => engine.workerStatus(row),
        (row, workerStatus) => options.renderTask(engine.pluginId, engine.snapshot(row, workerStatus)),
      );
      void ctx.blockConcurrencyWhile(() => this.#engine.start(startPlugin));
    }

    /** Wakes the object, which registers the plugin's tasks if this is a cold start. */
    async ping(): Promise<void> {}

    /** Lists the plugin's tasks with their state, instants in epoch milliseconds. */
    async listTasks(): Promise<TaskSnapshot[]> {
      return this.#engine.store.readTasks().map((row) => this.#engine.snapshot(row));
    }

    /** The plugin's tasks as the JSON array `GET .../tasks` answers with; one string crosses RPC, not an object per task. */
    async listTasksJson(): Promise<string> {
      return this.#taskList.render(this.#engine.store.readTasks());
    }

    /** One task with its state: 404 if unknown. */
    async getTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#engine.snapshot(this.#engine.existing(taskId)));
    }

    /** How many tasks the plugin has, by where they are defined. */
    async countTasks(): Promise<{ code: number; api: number }> {
      return this.#engine.store.countTasks();
    }

    /** Starts a task now: 404 if unknown, 409 if it is running. */
    async triggerTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#engine.trigger(taskId));
    }

    /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
    async cancelTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#engine.cancel(taskId));
    }

    /** Creates or replaces a task defined over the API; 409 for a task defined in code. */
    async putTask(
      taskId: string,
      input: { settings: unknown; handler: unknown },
    ): Promise<Outcome<{ task: TaskSnapshot; isNew: boolean }>> {
      return toOutcome(async () => {
        const engine = this.#engine;
        const settings = parseAtBoundary(taskSettingsSchema, input.settings, 'settings');
        const handler = parseAtBoundary(taskHandlerSchema, input.handler, 'handler');
        assertHandlerAllowed(handler, engine.policy());
        const { row, isNew } = putApiTask(engine.store.readTask(taskId), taskId, settings, handler, engine.clock.now());
        engine.store.writeTask(row);
        await engine.rearm();
        await this.#recordApiTaskCount();
        return { task: engine.snapshot(row), isNew };
      });
    }

    /** Creates or replaces many API tasks in one transaction, all or none; tasks not listed are left alone. */
    async putTasks(input: unknown): Promise<Outcome<Array<{ task: TaskSnapshot; isNew: boolean }>>> {
      return toOutcome(async () => {
        const engine = this.#engine;
        const definitions = parseAtBoundary(apiTaskDefinitionSchema.array(), input, 'tasks');
        const results = putApiTasks((taskId) => engine.store.readTask(taskId), definitions, engine.policy(), engine.clock.now());
        engine.apply(results.map(({ row }) => ({ row, effects: [] })));
        await engine.rearm();
        await this.#recordApiTaskCount();
        return results.map(({ row, isNew }) => ({ task: engine.snapshot(row), isNew }));
      });
    }

    /** Deletes a task defined over the API, cancelling its run first; 409 for a code task. */
    async deleteTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(async () => {
        const engine = this.#engine;
        const { effects, finishedRun } = deleteApiTask(engine.store.readTask(taskId), taskId, engine.clock.now());
        // The task's row goes last, so nothing after it can roll it back: the store's schedule follows its writes.
        this.ctx.storage.transactionSync(() => {
          engine.history.deleteRuns(taskId);
          engine.store.deleteTask(taskId);
        });
        if (finishedRun) engine.reportRunEnd(finishedRun);
        for (const effect of effects) engine.runEffect(effect, undefined);
        await engine.rearm();
        await this.#recordApiTaskCount();
      });
    }

    /** Pauses a task: it no longer starts on its own, but can be triggered. */
    async pauseTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#update(pauseTask(this.#engine.store.readTask(taskId), taskId)));
    }

    /** Resumes a paused task. */
    async resumeTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      const engine = this.#engine;
      return toOutcome(() => this.#update(resumeTask(engine.store.readTask(taskId), taskId, engine.clock.now())));
    }

    /** A task's finished runs, newest first. */
    async listRuns(taskId: string, limit: number): Promise<Outcome<RunRecord[]>> {
      return toOutcome(() => {
        this.#engine.existing(taskId);
        return this.#engine.history.readRuns(taskId, limit);
      });
    }

    /** A task's next due times, and the zone its cron runs in. */
    async previewRuns(taskId: string, count: number): Promise<Outcome<{ times: number[]; timeZone: string }>> {
      return toOutcome(() => {
        const row = this.#engine.existing(taskId);
        return { times: previewNextRuns(row, this.#engine.clock.now(), count), timeZone: row.settings.timeZone ?? 'UTC' };
      });
    }

    override async alarm(): Promise<void> {
      await this.#engine.wake();
    }

    async #update(row: Parameters<SchedulerEngine['snapshot']>[0]): Promise<TaskSnapshot> {
      this.#engine.store.writeTask(row);
      await this.#engine.rearm();
      return this.#engine.snapshot(row);
    }

    async #recordApiTaskCount(): Promise<void> {
      const { api } = await this.countTasks();
      // The index is one object for every plugin, and it only needs to know which plugins have API
      // tasks: it is told when that changes, or once after this object starts.
      if (this.#isListedInIndex === api > 0) return;
      // Calls may overlap and reach the index in any order: what it holds is known only when one
      // call was alone from start to end; otherwise the next change tells it again.
      this.#isListedInIndex = undefined;
      const call = ++this.#indexCalls;
      this.#indexCallsInFlight++;
      try {
        await this.env.PLUGIN_INDEX?.getByName(PLUGIN_INDEX_NAME).recordApiTaskCount(this.#engine.pluginId, api);
      } finally {
        this.#indexCallsInFlight--;
      }
      if (call === this.#indexCalls && this.#indexCallsInFlight === 0) this.#isListedInIndex = api > 0;
    }
  };
}

/** The Durable Object class `createPluginSchedulerClass` builds. */
export type PluginScheduler = InstanceType<ReturnType<typeof createPluginSchedulerClass>>;
