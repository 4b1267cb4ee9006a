import { DurableObject } from 'cloudflare:workers';
import { computeAlarmAt } from '../core/alarm-time.ts';
import { assertNever } from '../core/assert-never.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createConsoleLogger, type Logger } from '../core/logger.ts';
import { toOutcome, type Outcome } from '../core/outcome.ts';
import type { TaskFunction, TaskHost } from '../core/task-host.ts';
import type { WorkerContext } from '../core/task-row.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { describeTaskStatus, describeWorkerStatus, type TaskSnapshot } from '../core/task-status.ts';
import { cancelRun } from '../core/transitions/cancel.ts';
import { completeRun } from '../core/transitions/complete.ts';
import { registerTask } from '../core/transitions/register.ts';
import type { Effect, Transition } from '../core/transitions/transition.ts';
import { triggerTask } from '../core/transitions/trigger.ts';
import { wakeUp } from '../core/transitions/wake.ts';
import { migrate } from './migrations.ts';
import { resolvePluginId, resolveWorkerStartedAt } from './object-metadata.ts';
import { RunTracker } from './run-tracker.ts';
import { TaskStore } from './task-store.ts';

/** The binding that tells which deployed version of the Worker runs (`version_metadata`). */
type VersionedEnv = { SCHEDULER_VERSION?: { id: string } };

/** Runs one plugin's registration code against the object that hosts its tasks. */
export type StartPlugin = (pluginId: string, host: TaskHost, env: unknown, logger: Logger) => Promise<void>;

/** Builds the Durable Object class that holds every global task of one plugin. */
export function createPluginSchedulerClass(startPlugin: StartPlugin, clock: Clock = systemClock) {
  return class PluginScheduler extends DurableObject {
    readonly clock: Clock = clock;
    readonly #store: TaskStore;
    readonly #runs = new RunTracker();
    readonly #functions = new Map<string, TaskFunction>();
    /** When this worker started, for initial delays; set before any event is delivered. */
    #startedAt = 0;
    #logger: Logger = createConsoleLogger();
    /** The alarm as last set, so an unchanged alarm costs no write. */
    #armedAt: number | null = null;
    /** Registrations made while the plugin starts, applied together in one write. */
    #pending: Array<{ taskId: string; settings: TaskSettings }> | undefined = [];

    constructor(ctx: DurableObjectState, env: unknown) {
      super(ctx, env as never);
      this.#store = new TaskStore(ctx.storage.sql, (taskId, error) =>
        this.#logger.error('Stored task is unreadable and is skipped until it is registered again', {
          taskId,
          error: String(error),
        }),
      );
      void ctx.blockConcurrencyWhile(() => this.#start(env));
    }

    /** Wakes the object, which registers the plugin's tasks if this is a cold start. */
    async ping(): Promise<void> {}

    /** Lists the plugin's tasks with their state, instants in epoch milliseconds. */
    async listTasks(): Promise<TaskSnapshot[]> {
      const now = this.clock.now();
      const worker = this.#worker();
      return this.#store.readTasks().map((row) => ({
        taskId: row.taskId,
        scope: 'global',
        settings: row.settings,
        taskState: describeTaskStatus(row),
        workerState: describeWorkerStatus(row, now, worker),
      }));
    }

    /** Starts a task now: 404 if unknown, 409 if it is running. */
    async triggerTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#trigger(taskId));
    }

    /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
    async cancelTask(taskId: string): Promise<Outcome<void>> {
      return toOutcome(() => this.#cancel(taskId));
    }

    override async alarm(): Promise<void> {
      // The alarm that woke us is spent; #rearm sets the next one.
      this.#armedAt = null;
      try {
        const now = this.clock.now();
        this.#apply(wakeUp(this.#store.readTasks(), now, this.#worker(), () => crypto.randomUUID()));
      } finally {
        // Re-armed even if the work above threw, so no schedule is lost.
        await this.#rearm();
      }
    }

    async #start(env: unknown): Promise<void> {
      migrate(this.ctx.storage.sql);
      const kv = this.ctx.storage.kv;
      this.#startedAt = resolveWorkerStartedAt(kv, (env as VersionedEnv).SCHEDULER_VERSION?.id, this.clock.now());
      this.#armedAt = await this.ctx.storage.getAlarm();
      const pluginId = resolvePluginId(kv, this.ctx.id.name);
      if (!pluginId) return;
      this.#logger = createConsoleLogger({ pluginId });
      let started = false;
      try {
        await startPlugin(pluginId, this.#host(), env, this.#logger);
        started = true;
      } catch (error) {
        this.#logger.error('Plugin failed to start; its stored tasks are kept', { error: String(error) });
      }
      this.#applyRegistrations(this.#pending ?? [], started);
      this.#pending = undefined;
      await this.#rearm();
    }

    /** The TaskHost the plugin API uses inside this object; its methods throw SchedulerErrors. */
    #host(): TaskHost {
      return {
        registerTask: async (taskId, settings, fn) => {
          if (this.#functions.has(taskId)) this.#logger.warn('Task registered twice; the last registration wins', { taskId });
          this.#functions.set(taskId, fn);
          if (this.#pending) this.#pending.push({ taskId, settings });
          else {
            this.#applyRegistrations([{ taskId, settings }], false);
            await this.#rearm();
          }
        },
        unregisterTask: async (taskId) => {
          this.#functions.delete(taskId);
          const run = this.#store.readTask(taskId)?.run;
          if (run) this.#runs.abort(run.ticket, 'Task was unregistered');
          this.#store.deleteTask(taskId);
          await this.#rearm();
        },
        triggerTask: (taskId) => this.#trigger(taskId),
        cancelTask: (taskId) => this.#cancel(taskId),
      };
    }

    /**
     * Upserts registered tasks in one write. After a complete start, rows of tasks the code no
     * longer defines are deleted, so the table holds exactly the registered tasks.
     */
    #applyRegistrations(registrations: ReadonlyArray<{ taskId: string; settings: TaskSettings }>, pruneOthers: boolean) {
      const now = this.clock.now();
      const stored = new Map(this.#store.readTasks().map((row) => [row.taskId, row]));
      this.ctx.storage.transactionSync(() => {
        for (const { taskId, settings } of registrations) {
          const existing = stored.get(taskId);
          const row = registerTask(existing, taskId, settings, now);
          if (row !== existing) this.#store.writeTask(row);
          stored.set(taskId, row);
        }
        if (pruneOthers) {
          for (const taskId of stored.keys()) if (!this.#functions.has(taskId)) this.#store.deleteTask(taskId);
        }
      });
    }

    async #trigger(taskId: string): Promise<void> {
      const now = this.clock.now();
      this.#apply([triggerTask(this.#store.readTask(taskId), taskId, now, crypto.randomUUID())]);
      await this.#rearm();
    }

    async #cancel(taskId: string): Promise<void> {
      this.#apply([cancelRun(this.#store.readTask(taskId), taskId, this.clock.now())]);
      await this.#rearm();
    }

    /** Writes the transitions' rows in one transaction, then carries out their effects. */
    #apply(transitions: readonly Transition[]): void {
      this.ctx.storage.transactionSync(() => {
        for (const { row } of transitions) this.#store.writeTask(row);
      });
      for (const { effects } of transitions) for (const effect of effects) this.#run(effect);
    }

    #run(effect: Effect): void {
      switch (effect.type) {
        case 'startRun':
          return this.#startRun(effect.taskId, effect.ticket);
        case 'abortRun':
          return this.#runs.abort(effect.ticket, effect.reason);
        default:
          return assertNever(effect);
      }
    }

    #startRun(taskId: string, ticket: string): void {
      const fn = this.#functions.get(taskId) ?? missingFunction(taskId);
      const logger = this.#logger.child({ taskId, runId: ticket });
      this.#runs.start(ticket, fn, (error, cause) => {
        if (error) logger.error('Task run failed', { error: cause instanceof Error ? cause.message : String(cause) });
        const row = completeRun(this.#store.readTask(taskId), ticket, this.clock.now(), error);
        if (row) this.#store.writeTask(row);
        this.#rearm().catch((rearmError: unknown) => logger.error('Could not re-arm the alarm', { error: String(rearmError) }));
      });
    }

    /** Sets the alarm to what core computes, writing only when it changed. */
    #rearm(): Promise<void> {
      const at = computeAlarmAt(this.#store.readTasks(), this.clock.now(), this.#worker());
      if (at === this.#armedAt) return Promise.resolve();
      this.#armedAt = at;
      return at === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(at);
    }

    #worker(): WorkerContext {
      return { startedAt: this.#startedAt, liveTickets: this.#runs.liveTickets };
    }
  };
}

/** A stand-in for a task whose code this worker does not have (a row left by older code). */
function missingFunction(taskId: string): TaskFunction {
  return () => {
    throw new Error(`Task ${taskId} has no code registered in this worker`);
  };
}

/** The Durable Object class `createPluginSchedulerClass` builds. */
export type PluginScheduler = InstanceType<ReturnType<typeof createPluginSchedulerClass>>;
