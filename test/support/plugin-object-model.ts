import { computeAlarmAt } from '../../src/core/alarm-time.ts';
import { assertNever } from '../../src/core/assert-never.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { TaskHandler } from '../../src/core/task-handler.ts';
import type { RunRecord, TaskRow, WorkerContext } from '../../src/core/task-row.ts';
import type { TaskSettings } from '../../src/core/task-settings.ts';
import { cancelRun } from '../../src/core/transitions/cancel.ts';
import { completeRun } from '../../src/core/transitions/complete.ts';
import { deleteApiTask } from '../../src/core/transitions/delete-api-task.ts';
import { pauseTask, resumeTask } from '../../src/core/transitions/pause.ts';
import { putApiTask } from '../../src/core/transitions/put-api-task.ts';
import { registerTask } from '../../src/core/transitions/register.ts';
import type { Effect, Transition } from '../../src/core/transitions/transition.ts';
import { triggerTask } from '../../src/core/transitions/trigger.ts';
import { wakeUp } from '../../src/core/transitions/wake.ts';

/** Why a row was written or removed: the adapter path that did it. */
export type WriteCause = 'register' | 'prune' | 'wake' | 'trigger' | 'cancel' | 'complete' | 'pause' | 'resume' | 'put' | 'delete';

/** One row write of the model, as the invariants inspect it; `after` is undefined when the row was removed. */
export interface RowWrite {
  cause: WriteCause;
  taskId: string;
  before: TaskRow | undefined;
  after: TaskRow | undefined;
  now: number;
  /** The ticket a completion presented. */
  ticket?: string;
}

/** What a Durable Object keeps across evictions: its SQLite rows, its run history, its alarm and its key-value facts. */
export interface PersistedState {
  rows: Map<string, TaskRow>;
  /** Every finished run, oldest first. The real store keeps 100 per task; sequences here stay below that. */
  history: RunRecord[];
  alarmAt: number | null;
  /** The `worker-start` key: the deployed version and when it first started. */
  workerStart: { versionId: string; startedAt: number } | undefined;
}

/** A task function still executing in this instance; `isLive` is false once its signal was aborted. */
export interface ExecutingRun {
  ticket: string;
  taskId: string;
  isLive: boolean;
}

/** What lives only in the object's instance, and an eviction loses. */
interface Instance {
  startedAt: number;
  /** The engine's `#armedAt`: the alarm as it last set it. */
  armedAt: number | null;
  /** The RunTracker: runs whose function has not returned, including aborted ones that ignore their signal. */
  executing: Map<string, ExecutingRun>;
}

/** The error of a transaction the storage refused (see `refuseNextTransaction`). */
export class RefusedWriteError extends Error {
  override readonly name = 'RefusedWriteError';
}

/** The code of one deployment: its version and the tasks its plugin registers. */
export interface Deployment {
  versionId: string;
  definitions: ReadonlyMap<string, TaskSettings>;
}

/**
 * The plugin's Durable Object in memory: the same pure transitions called in the same order as
 * `SchedulerEngine` and `PluginScheduler` call them (read rows, core with now, write, effects,
 * re-arm), with the persisted part split from the instance so an eviction can drop the latter.
 * Every row write is journalled for the invariants to inspect. An evicted object starts again at
 * its next event, registering the current deployment's tasks, as the real one does. A refused
 * transaction writes nothing and throws where the adapter's would, and each path handles it as
 * the adapter does: an alarm re-arms and throws, a run's end is logged and re-armed, a call
 * fails, a start that fails resets the object.
 */
export class PluginObjectModel {
  readonly persisted: PersistedState = { rows: new Map(), history: [], alarmAt: null, workerStart: undefined };
  readonly journal: RowWrite[] = [];
  /** Every ticket a run was started with, by task; forgotten with the task's row and history. */
  readonly startedTickets = new Map<string, string[]>();
  /** The version whose tasks the last successful start registered. */
  registeredVersion: string | undefined;
  #instance: Instance | undefined;
  #ticketCount = 0;
  #isNextTransactionRefused = false;

  constructor(
    private readonly clock: Clock,
    public deployment: Deployment,
  ) {}

  get isStarted(): boolean {
    return this.#instance !== undefined;
  }

  /** The runs executing in this instance, oldest first. */
  get executing(): ExecutingRun[] {
    return [...(this.#instance?.executing.values() ?? [])];
  }

  /** What core is told about this worker; the persisted start stands in while the object is evicted. */
  get worker(): WorkerContext {
    const liveTickets = new Set(this.executing.filter((run) => run.isLive).map((run) => run.ticket));
    return { startedAt: this.#instance?.startedAt ?? this.persisted.workerStart?.startedAt ?? 0, liveTickets };
  }

  /** Makes the storage refuse the next transaction, as a full or failing disk would; the one after succeeds. */
  refuseNextTransaction(): void {
    this.#isNextTransactionRefused = true;
  }

  /** The object is reset: its instance, its runs and its cached alarm are gone; storage stays. */
  evict(): void {
    this.#instance = undefined;
  }

  /** Starts the object if it is not running, as any event does: `SchedulerEngine.start`. */
  start(): void {
    if (this.#instance) return;
    const now = this.clock.now();
    const { versionId, definitions } = this.deployment;
    const stored = this.persisted.workerStart;
    const startedAt = stored?.versionId === versionId ? stored.startedAt : now;
    this.#instance = { startedAt, armedAt: this.persisted.alarmAt, executing: new Map() };
    try {
      this.#transaction(() => {
        // Recorded with the registrations, so a refused start records no start either.
        if (stored?.versionId !== versionId) this.persisted.workerStart = { versionId, startedAt };
        for (const [taskId, settings] of definitions) {
          const existing = this.persisted.rows.get(taskId);
          const row = registerTask(existing, taskId, settings, now);
          if (row !== existing) this.#write('register', row, now);
        }
        for (const row of [...this.persisted.rows.values()]) {
          if (row.source === 'code' && !definitions.has(row.taskId)) this.#remove('prune', row.taskId, now, { keepHistory: true });
        }
      });
    } catch (error) {
      // A start that throws inside blockConcurrencyWhile resets the object.
      this.#instance = undefined;
      throw error;
    }
    this.registeredVersion = versionId;
    this.#rearm();
  }

  /** The platform delivers the alarm: it is spent, and the handler runs `wake`. */
  deliverAlarm(): void {
    this.start();
    this.persisted.alarmAt = null;
    this.#instance!.armedAt = null;
    try {
      this.#apply('wake', wakeUp(this.#rows(), this.clock.now(), this.worker, () => this.#issueTicket()));
    } finally {
      this.#rearm();
    }
  }

  trigger(taskId: string): void {
    this.start();
    const now = this.clock.now();
    this.#apply('trigger', [triggerTask(this.persisted.rows.get(taskId), taskId, now, this.#issueTicket())]);
    this.#rearm();
  }

  cancel(taskId: string): void {
    this.start();
    this.#apply('cancel', [cancelRun(this.persisted.rows.get(taskId), taskId, this.clock.now())]);
    this.#rearm();
  }

  pause(taskId: string): void {
    this.start();
    const row = pauseTask(this.persisted.rows.get(taskId), taskId);
    this.#transaction(() => this.#write('pause', row, this.clock.now()));
    this.#rearm();
  }

  resume(taskId: string): void {
    this.start();
    const now = this.clock.now();
    const row = resumeTask(this.persisted.rows.get(taskId), taskId, now);
    this.#transaction(() => this.#write('resume', row, now));
    this.#rearm();
  }

  put(taskId: string, settings: TaskSettings, handler: TaskHandler): void {
    this.start();
    const now = this.clock.now();
    const { row } = putApiTask(this.persisted.rows.get(taskId), taskId, settings, handler, now);
    this.#transaction(() => this.#write('put', row, now));
    this.#rearm();
  }

  delete(taskId: string): void {
    this.start();
    const now = this.clock.now();
    const { effects } = deleteApiTask(this.persisted.rows.get(taskId), taskId, now);
    this.#transaction(() => this.#remove('delete', taskId, now, { keepHistory: false }));
    this.#runEffects(effects);
    this.#rearm();
  }

  /** A run's function returns (error null) or throws; RunTracker's `onSettled` in the engine. */
  settle(ticket: string, error: string | null): void {
    const run = this.#instance?.executing.get(ticket);
    if (!run) throw new Error(`No run ${ticket} executes in this instance`);
    this.#instance!.executing.delete(ticket);
    const now = this.clock.now();
    try {
      const transition = completeRun(this.persisted.rows.get(run.taskId), ticket, now, error);
      if (transition) this.#apply('complete', [transition], ticket);
    } catch (writeError) {
      // Logged by the adapter: the lease stays until its timeout.
      if (!(writeError instanceof RefusedWriteError)) throw writeError;
    }
    this.#rearm();
  }

  #rows(): TaskRow[] {
    return [...this.persisted.rows.values()].sort((a, b) => a.taskId.localeCompare(b.taskId));
  }

  #apply(cause: WriteCause, transitions: readonly Transition[], ticket?: string): void {
    const now = this.clock.now();
    this.#transaction(() => {
      for (const { row, finishedRun } of transitions) {
        this.#write(cause, row, now, ticket);
        if (finishedRun) this.persisted.history.push(finishedRun);
      }
    });
    for (const { effects } of transitions) this.#runEffects(effects);
  }

  /** `transactionSync`: all of `write` or, when the storage refuses it, nothing. */
  #transaction(write: () => void): void {
    if (this.#isNextTransactionRefused) {
      this.#isNextTransactionRefused = false;
      throw new RefusedWriteError('injected: storage refused the write');
    }
    write();
  }

  #runEffects(effects: readonly Effect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'startRun':
          this.#instance!.executing.set(effect.ticket, { ticket: effect.ticket, taskId: effect.taskId, isLive: true });
          this.startedTickets.set(effect.taskId, [...(this.startedTickets.get(effect.taskId) ?? []), effect.ticket]);
          break;
        case 'abortRun': {
          // RunTracker.abort: the run stops counting as live; its function may still return later.
          const run = this.#instance!.executing.get(effect.ticket);
          if (run) run.isLive = false;
          break;
        }
        default:
          assertNever(effect);
      }
    }
  }

  #write(cause: WriteCause, row: TaskRow, now: number, ticket?: string): void {
    this.journal.push({ cause, taskId: row.taskId, before: this.persisted.rows.get(row.taskId), after: row, now, ...(ticket && { ticket }) });
    this.persisted.rows.set(row.taskId, row);
  }

  #remove(cause: WriteCause, taskId: string, now: number, { keepHistory }: { keepHistory: boolean }): void {
    this.journal.push({ cause, taskId, before: this.persisted.rows.get(taskId), after: undefined, now });
    this.persisted.rows.delete(taskId);
    this.startedTickets.delete(taskId);
    if (!keepHistory) this.persisted.history = this.persisted.history.filter((run) => run.taskId !== taskId);
  }

  /** `SchedulerEngine.rearm`: sets the alarm to what core computes, writing only when it changed. */
  #rearm(): void {
    const at = computeAlarmAt(this.#rows(), this.clock.now(), this.worker);
    if (at === this.#instance!.armedAt) return;
    this.#instance!.armedAt = at;
    this.persisted.alarmAt = at;
  }

  #issueTicket(): string {
    return `ticket-${++this.#ticketCount}`;
  }
}
