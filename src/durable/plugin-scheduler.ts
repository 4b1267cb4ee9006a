import { DurableObject } from 'cloudflare:workers';
import { GlobalTaskApi } from '../core/engine/global-task-api.ts';
import type { SchedulingEngine } from '../core/engine/scheduling-engine.ts';
import { apiTaskLimitsOf, tooManyPluginsError } from '../core/api-task-limits.ts';
import { toOutcome, type Outcome } from '../core/outcome.ts';
import { handlerPolicyOf } from '../core/task-handler.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';
import type { RunRecord } from '../core/task-row.ts';
import type { TaskSnapshot } from '../core/task-status.ts';
import { createObjectEngine, startObjectEngine, type PluginSchedulerOptions, type SchedulerObjectEnv, type StartPlugin } from './object-engine.ts';
import { PLUGIN_INDEX_NAME, type PluginIndex } from './plugin-index.ts';
import { TaskListText } from './task-list-text.ts';

export type { PluginSchedulerOptions, StartPlugin } from './object-engine.ts';

/** Options of the object class: the engine's, and how the REST layer writes one task as JSON. */
export interface PluginSchedulerClassOptions extends PluginSchedulerOptions {
  /** One task as `GET .../tasks` lists it, as JSON text; the REST layer's own rendering, handed in. */
  renderTask: (pluginId: string, snapshot: TaskSnapshot) => string;
}

type Env = SchedulerObjectEnv & { PLUGIN_INDEX?: DurableObjectNamespace<PluginIndex> };

/**
 * Builds the Durable Object class that holds every global task of one plugin: a shell over the
 * scheduling engine (object-engine.ts). Its methods are the RPC surface the REST layer calls,
 * checked against `SchedulerApi`: each returns an Outcome, because custom errors do not survive RPC.
 */
export function createPluginSchedulerClass(startPlugin: StartPlugin, options: PluginSchedulerClassOptions) {
  return class PluginScheduler extends DurableObject<Env> implements SchedulerApi {
    readonly #engine: SchedulingEngine;
    readonly #tasks: GlobalTaskApi;
    readonly #taskList: TaskListText;
    /** Whether the plugin index lists this plugin as having API tasks, as far as this instance knows. */
    #isListedInIndex: boolean | undefined;
    #indexCalls = 0;
    #indexCallsInFlight = 0;

    constructor(ctx: DurableObjectState, env: Env) {
      super(ctx, env);
      const engine = (this.#engine = createObjectEngine(ctx, env, options));
      this.#tasks = new GlobalTaskApi(engine, () => handlerPolicyOf(env), () => apiTaskLimitsOf(env));
      this.#taskList = new TaskListText(
        (row) => engine.workerStatus(row),
        (row, workerStatus) => options.renderTask(engine.pluginId, engine.snapshot(row, workerStatus)),
      );
      void ctx.blockConcurrencyWhile(() => startObjectEngine(engine, ctx, env, startPlugin));
    }

    /** Wakes the object, which registers the plugin's tasks if this is a cold start. */
    async ping(): Promise<void> {}

    /** The plugin's tasks as the JSON array `GET .../tasks` answers with; one string crosses RPC, not an object per task. */
    async listTasksJson(): Promise<string> {
      return this.#taskList.render(this.#engine.readTasks());
    }

    /** One task with its state: 404 if unknown. */
    async getTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.getTask(taskId));
    }

    /** How many tasks the plugin has, by where they are defined. */
    async countTasks(): Promise<{ code: number; api: number }> {
      return this.#tasks.countTasks();
    }

    /** Starts a task now: 404 if unknown, 409 if it is running. */
    async triggerTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#tasks.triggerTask(taskId));
    }

    /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
    async cancelTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#tasks.cancelTask(taskId));
    }

    /** Creates or replaces a task defined over the API; 409 for a task defined in code. */
    async putTask(taskId: string, input: { settings: unknown; handler: unknown }): Promise<Outcome<{ task: TaskSnapshot; isNew: boolean }>> {
      return toOutcome(() => this.#addingApiTasks(() => this.#tasks.putTask(taskId, input)));
    }

    /** Creates or replaces many API tasks in one transaction, all or none; tasks not listed are left alone. */
    async putTasks(input: unknown): Promise<Outcome<Array<{ task: TaskSnapshot; isNew: boolean }>>> {
      return toOutcome(() => this.#addingApiTasks(() => this.#tasks.putTasks(input)));
    }

    /** Deletes a task defined over the API, cancelling its run first; 409 for a code task. */
    async deleteTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#changingApiTasks(() => this.#tasks.deleteTask(taskId)));
    }

    /** Pauses a task: it no longer starts on its own, but can be triggered. */
    async pauseTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.pauseTask(taskId));
    }

    /** Resumes a paused task. */
    async resumeTask(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.resumeTask(taskId));
    }

    /** Passes over a task's next occurrence: 404 if unknown, 409 if manual, paused, running or with none. */
    async skipNext(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.skipNext(taskId));
    }

    /** Overrides some settings of a task defined in code: 404 if unknown, 409 for an API task. */
    async overrideTask(taskId: string, override: unknown): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.overrideTask(taskId, override));
    }

    /** Returns a code task to its code's settings: 404 if unknown or without an override. */
    async clearOverride(taskId: string): Promise<Outcome<TaskSnapshot>> {
      return toOutcome(() => this.#tasks.clearOverride(taskId));
    }

    /** A task's finished runs, newest first. */
    async listRuns(taskId: string, limit: number): Promise<Outcome<RunRecord[]>> {
      return toOutcome(() => this.#tasks.listRuns(taskId, limit));
    }

    /** A task's next due times, and the zone its cron runs in. */
    async previewRuns(taskId: string, count: number): Promise<Outcome<{ times: number[]; timeZone: string }>> {
      return toOutcome(() => this.#tasks.previewRuns(taskId, count));
    }

    override async alarm(): Promise<void> {
      await this.#engine.wake();
    }

    /** Runs a change that may add API tasks; a plugin without any must first be admitted by the index, within its limit of plugins. */
    async #addingApiTasks<T>(change: () => Promise<T>): Promise<T> {
      const index = this.env.PLUGIN_INDEX?.getByName(PLUGIN_INDEX_NAME);
      if (index && this.#engine.countTasks().api === 0) {
        const limits = apiTaskLimitsOf(this.env);
        this.#isListedInIndex = undefined;
        if (!(await index.admitPlugin(this.#engine.pluginId, limits.maxPlugins))) throw tooManyPluginsError(this.#engine.pluginId, limits);
      }
      return this.#changingApiTasks(change);
    }

    /** Runs a change of API tasks, then tells the plugin index if whether the plugin has any changed; also after a failed change, which may follow an admission. */
    async #changingApiTasks<T>(change: () => Promise<T>): Promise<T> {
      try {
        return await change();
      } finally {
        await this.#recordApiTaskCount();
      }
    }

    async #recordApiTaskCount(): Promise<void> {
      const { api } = this.#engine.countTasks();
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
