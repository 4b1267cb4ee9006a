import { computeAlarmAt } from '../core/alarm-time.ts';
import { assertNever } from '../core/assert-never.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { NotFoundError } from '../core/errors.ts';
import { createConsoleLogger, type Logger } from '../core/logger.ts';
import { describeRunEnd, describeRunStart } from '../core/run-telemetry.ts';
import { handlerPolicyOf, type HandlerPolicy } from '../core/task-handler.ts';
import type { TaskFunction, TaskHost } from '../core/task-host.ts';
import type { RunRecord, TaskRow, WorkerContext } from '../core/task-row.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { describeTaskStatus, describeWorkerStatus, type TaskSnapshot, type WorkerStatus } from '../core/task-status.ts';
import { cancelRun } from '../core/transitions/cancel.ts';
import { completeRun } from '../core/transitions/complete.ts';
import { registerTask } from '../core/transitions/register.ts';
import type { Effect, Transition } from '../core/transitions/transition.ts';
import { triggerTask } from '../core/transitions/trigger.ts';
import { wakeUp } from '../core/transitions/wake.ts';
import { createHandlerTask } from './handler-request.ts';
import { migrate } from './migrations.ts';
import { resolvePluginId, resolveWorkerStartedAt } from './object-metadata.ts';
import { RunHistoryStore } from './run-history-store.ts';
import { reportRun } from './run-reporter.ts';
import { RunTracker } from './run-tracker.ts';
import { TaskStore } from './task-store.ts';

/** The bindings the object reads. */
export type SchedulerObjectEnv = Record<string, unknown> & {
  SCHEDULER_ALLOWED_HOSTS?: string;
  SCHEDULER_SIGNING_SECRET?: string;
  SCHEDULER_VERSION?: { id: string };
};

/** Runs one plugin's registration code against the object that hosts its tasks. */
export type StartPlugin = (pluginId: string, host: TaskHost, env: unknown, logger: Logger) => Promise<void>;

/** Options of the object class. */
export interface PluginSchedulerOptions {
  clock?: Clock;
  /** Finished runs kept per task. */
  runHistoryLimit?: number;
}

/**
 * The object's machinery behind its RPC methods: it reads rows, asks core, writes rows in one
 * transaction, carries out the effects and re-arms the alarm. Its methods throw SchedulerErrors.
 */
export class SchedulerEngine {
  readonly clock: Clock;
  readonly store: TaskStore;
  readonly history: RunHistoryStore;
  readonly #runs = new RunTracker();
  readonly #functions = new Map<string, TaskFunction>();
  /** When this worker started, for initial delays; set before any event is delivered. */
  #startedAt = 0;
  #pluginId = '';
  #logger: Logger = createConsoleLogger();
  /** The alarm as last set, so an unchanged alarm costs no write. */
  #armedAt: number | null = null;
  /** Registrations made while the plugin starts, applied together in one write. */
  #pending: Array<{ taskId: string; settings: TaskSettings }> | undefined = [];

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: SchedulerObjectEnv,
    options: PluginSchedulerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.store = new TaskStore(
      ctx.storage.sql,
      (taskId, error) =>
        this.#logger.error('Stored task is unreadable and is skipped until it is registered again', { taskId, error: String(error) }),
      // A row's own alarm time: core's rule over that row alone, with no heartbeat and no floor at now.
      (row) => computeAlarmAt([row], Number.NEGATIVE_INFINITY, { startedAt: this.#startedAt, liveTickets: NO_LIVE_TICKETS }),
    );
    this.history = new RunHistoryStore(ctx.storage.sql, options.runHistoryLimit);
  }

  get pluginId(): string {
    return this.#pluginId;
  }

  get logger(): Logger {
    return this.#logger;
  }

  /** Migrates storage and registers the plugin's tasks; runs before any event is delivered. */
  async start(startPlugin: StartPlugin): Promise<void> {
    migrate(this.ctx.storage.sql);
    const kv = this.ctx.storage.kv;
    const workerStart = resolveWorkerStartedAt(kv, this.env.SCHEDULER_VERSION?.id, this.clock.now());
    this.#startedAt = workerStart.startedAt;
    this.#armedAt = await this.ctx.storage.getAlarm();
    const pluginId = resolvePluginId(kv, this.ctx.id.name);
    if (!pluginId) return;
    this.#pluginId = pluginId;
    this.#logger = createConsoleLogger({ pluginId });
    let started = false;
    try {
      await startPlugin(pluginId, this.#host(), this.env, this.#logger);
      started = true;
    } catch (error) {
      this.#logger.error('Plugin failed to start; its stored tasks are kept', { error: String(error) });
    }
    this.#applyRegistrations(this.#pending ?? [], started, workerStart.record);
    this.#pending = undefined;
    await this.rearm();
  }

  /** Releases expired leases and starts every due task: what the alarm does. */
  async wake(): Promise<void> {
    // The alarm that woke us is spent; rearm sets the next one.
    this.#armedAt = null;
    try {
      // Only the rows whose time has come: wakeUp changes no other row.
      const now = this.clock.now();
      this.apply(wakeUp(this.store.readDueTasks(now), now, this.#worker(), () => crypto.randomUUID()));
    } finally {
      // Re-armed even if the work above threw, so no schedule is lost.
      await this.rearm();
    }
  }

  async trigger(taskId: string): Promise<void> {
    this.apply([triggerTask(this.store.readTask(taskId), taskId, this.clock.now(), crypto.randomUUID())]);
    await this.rearm();
  }

  async cancel(taskId: string): Promise<void> {
    this.apply([cancelRun(this.store.readTask(taskId), taskId, this.clock.now())]);
    await this.rearm();
  }

  /** The stored row of a task, or NotFoundError. */
  existing(taskId: string): TaskRow {
    const row = this.store.readTask(taskId);
    if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
    return row;
  }

  /** This worker's relation to a task: waiting out its initial delay, running it, or idle. */
  workerStatus(row: TaskRow): WorkerStatus {
    return describeWorkerStatus(row, this.clock.now(), this.#worker());
  }

  /** A task as the REST layer reports it. */
  snapshot(row: TaskRow, workerState: WorkerStatus = this.workerStatus(row)): TaskSnapshot {
    return {
      taskId: row.taskId,
      scope: 'global',
      settings: row.settings,
      taskState: describeTaskStatus(row),
      workerState,
      source: row.source,
      ...(row.handler && { handler: row.handler }),
    };
  }

  /** Where handler requests may go: the allowed hosts, and the Worker's service bindings. */
  policy(): HandlerPolicy {
    return handlerPolicyOf(this.env);
  }

  /** Writes the transitions' rows and finished runs in one transaction, then carries out their effects. */
  apply(transitions: readonly Transition[]): void {
    this.#writeTogether(() => {
      for (const { row, finishedRun } of transitions) {
        this.store.writeTask(row);
        if (finishedRun) this.history.appendRun(finishedRun);
      }
    });
    for (const { finishedRun } of transitions) if (finishedRun) this.reportRunEnd(finishedRun);
    for (const { row, effects } of transitions) for (const effect of effects) this.runEffect(effect, row);
  }

  /** Logs and records a run that ended, however it ended; every path that ends a run calls it once. */
  reportRunEnd(run: RunRecord): void {
    reportRun(this.#logger, this.env, describeRunEnd({ pluginId: this.#pluginId, scope: 'global' }, run));
  }

  /** Carries out one effect; a start needs the claimed row. */
  runEffect(effect: Effect, row: TaskRow | undefined): void {
    switch (effect.type) {
      case 'startRun':
        if (!row) throw new Error(`startRun for ${effect.taskId} without its row`);
        return this.#startRun(row, effect.ticket);
      case 'abortRun':
        return this.#runs.abort(effect.ticket, effect.reason);
      default:
        return assertNever(effect);
    }
  }

  /** Sets the alarm to what core computes, writing only when it changed. */
  rearm(): Promise<void> {
    // The row with the earliest alarm time of its own decides, with the heartbeat: no other row can.
    const now = this.clock.now();
    const at = computeAlarmAt(this.store.readAlarmCandidates(), now, this.#worker());
    // An alarm already due fires as soon as it can; moving it to a later "now" would only cost a
    // write (each setAlarm is billed as a row written), once per run while the object is behind.
    const isAlreadyDue = at !== null && at <= now && this.#armedAt !== null && this.#armedAt <= now;
    if (at === this.#armedAt || isAlreadyDue) return Promise.resolve();
    this.#armedAt = at;
    return at === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(at);
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
          await this.rearm();
        }
      },
      unregisterTask: async (taskId) => {
        this.#functions.delete(taskId);
        const run = this.store.readTask(taskId)?.run;
        if (run) this.#runs.abort(run.ticket, 'Task was unregistered');
        this.store.deleteTask(taskId);
        await this.rearm();
      },
      triggerTask: (taskId) => this.trigger(taskId),
      cancelTask: (taskId) => this.cancel(taskId),
    };
  }

  /**
   * Upserts registered tasks in one write. After a complete start, rows of code tasks the code
   * no longer defines are deleted; tasks defined over the API are kept.
   */
  #applyRegistrations(
    registrations: ReadonlyArray<{ taskId: string; settings: TaskSettings }>,
    pruneOthers: boolean,
    writeAlso: () => void = () => {},
  ) {
    const now = this.clock.now();
    // Pruning needs every row; a registration after the start needs only its own.
    const rows = pruneOthers ? this.store.readTasks() : registrations.flatMap(({ taskId }) => this.store.readTask(taskId) ?? []);
    const stored = new Map(rows.map((row) => [row.taskId, row]));
    this.#writeTogether(() => {
      writeAlso();
      for (const { taskId, settings } of registrations) {
        const existing = stored.get(taskId);
        const row = registerTask(existing, taskId, settings, now);
        if (row !== existing) this.store.writeTask(row);
        stored.set(taskId, row);
      }
      if (pruneOthers) {
        for (const row of stored.values()) {
          if (row.source === 'code' && !this.#functions.has(row.taskId)) this.store.deleteTask(row.taskId);
        }
      }
    });
  }

  /**
   * Runs `write` in one transaction. What the stores remember in memory already counts the writes
   * a rolled-back transaction undid, so it is dropped, to be read again from storage.
   */
  #writeTogether(write: () => void): void {
    try {
      this.ctx.storage.transactionSync(write);
    } catch (error) {
      this.store.forgetRemembered();
      this.history.forgetCounts();
      throw error;
    }
  }

  #startRun(row: TaskRow, ticket: string): void {
    const { taskId } = row;
    const logger = this.#logger.child({ taskId, runId: ticket });
    if (row.run) reportRun(logger, this.env, describeRunStart({ pluginId: this.#pluginId, scope: 'global' }, taskId, row.run));
    this.#runs.start(ticket, this.#functionOf(row, ticket), (error) => {
      try {
        const transition = completeRun(this.store.readTask(taskId), ticket, this.clock.now(), error);
        if (transition) this.apply([transition]);
      } catch (writeError) {
        // The release was rolled back, so the lease stays and its timeout releases it as lost, and
        // the task runs again. Rethrown here it would be an unhandled rejection, and skip the re-arm.
        logger.error('Could not record the end of a run; its lease is released at its timeout', { error: String(writeError) });
      }
      this.rearm().catch((rearmError: unknown) => logger.error('Could not re-arm the alarm', { error: String(rearmError) }));
    });
  }

  #functionOf(row: TaskRow, ticket: string): TaskFunction {
    if (row.handler) {
      return createHandlerTask(row.handler, {
        pluginId: this.#pluginId,
        taskId: row.taskId,
        ticket,
        scheduledFor: row.run?.scheduledFor ?? this.clock.now(),
        policy: this.policy(),
        env: this.env,
        signingSecret: this.env.SCHEDULER_SIGNING_SECRET,
        now: () => this.clock.now(),
      });
    }
    return this.#functions.get(row.taskId) ?? missingFunction(row.taskId);
  }

  #worker(): WorkerContext {
    return { startedAt: this.#startedAt, liveTickets: this.#runs.liveTickets };
  }
}

const NO_LIVE_TICKETS: ReadonlySet<string> = new Set();

/** A stand-in for a task whose code this worker does not have (a row left by older code). */
function missingFunction(taskId: string): TaskFunction {
  return () => {
    throw new Error(`Task ${taskId} has no code registered in this worker`);
  };
}
