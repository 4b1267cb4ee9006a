import { activeRunsOf } from '../../src/core/policies/concurrent-runs.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { RunLauncher } from '../../src/core/engine/engine-ports.ts';
import { GlobalTaskApi } from '../../src/core/engine/global-task-api.ts';
import { SchedulingEngine } from '../../src/core/engine/scheduling-engine.ts';
import type { TaskHandler } from '../../src/core/task-handler.ts';
import type { RunRecord, TaskRow, WorkerContext } from '../../src/core/task-row.ts';
import type { TaskSettings } from '../../src/core/task-settings.ts';
import { createCountingTickets } from '../../src/core/ticket-source.ts';
import { aHandlerPolicy } from './task-handler-builder.ts';
import { memoryObjectStorage, type ObjectStorage } from './object-storage.ts';
import { aRecordingLogger } from './recording-logger.ts';

/** Why a row was written or removed: the call that did it. */
export type WriteCause = 'register' | 'prune' | 'wake' | 'trigger' | 'cancel' | 'complete' | 'pause' | 'resume' | 'put' | 'delete';

/** One row write, as the invariants inspect it; `after` is undefined when the row was removed. */
export interface RowWrite {
  cause: WriteCause;
  taskId: string;
  before: TaskRow | undefined;
  after: TaskRow | undefined;
  now: number;
  /** The ticket a completion presented. */
  ticket?: string;
}

/** A task function still executing in this instance; `isLive` is false once its signal was aborted. */
export interface ExecutingRun {
  ticket: string;
  taskId: string;
  isLive: boolean;
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

/** What lives only in the object's instance, and an eviction loses. */
interface Instance {
  engine: SchedulingEngine;
  api: GlobalTaskApi;
  startedAt: number;
  executing: Map<string, ExecutingRun & { onSettled: (error: string | null, cause: unknown) => void }>;
}

/**
 * A plugin's Durable Object made of the real SchedulingEngine, as object-engine.ts makes it,
 * over a given storage (memory, or a real object's SQLite): what a Durable Object keeps across
 * evictions (rows, run history, the alarm, the worker-start record) outlives an instance, and each
 * instance builds its engine, its repositories and its runs afresh. The launcher runs nothing: a test ends a run with
 * `settle`. Every row write is journalled with its cause for the invariants, and a transaction can
 * be refused: it throws right after its first write (as if the next statement failed), or at its
 * end if it wrote nothing, and the storage rolls back what it wrote.
 */
export class PluginObjectUnderTest {
  alarmAt: number | null = null;
  /** The `worker-start` key: the deployed version and when it first started. */
  workerStart: { versionId: string; startedAt: number } | undefined;
  readonly journal: RowWrite[] = [];
  /** Every ticket a run was started with, by task; forgotten when a DELETE drops the task's history. */
  readonly startedTickets = new Map<string, string[]>();
  /** Every ticket a run was started with, deleted tasks' included. */
  readonly launchedTickets: string[] = [];
  /** How many times each run's end was reported (logged and counted). */
  readonly endReports = new Map<string, number>();
  /** The version whose tasks the last successful start registered. */
  registeredVersion: string | undefined;
  #instance: Instance | undefined;
  #isNextTransactionRefused = false;
  #cause: WriteCause = 'register';
  #ticket: string | undefined;
  readonly #tickets = createCountingTickets();

  constructor(
    private readonly clock: Clock,
    public deployment: Deployment,
    private readonly storage: ObjectStorage = memoryObjectStorage(),
  ) {}

  get isStarted(): boolean {
    return this.#instance !== undefined;
  }

  /** The runs executing in this instance, oldest first. */
  get executing(): ExecutingRun[] {
    return [...(this.#instance?.executing.values() ?? [])].map(({ ticket, taskId, isLive }) => ({ ticket, taskId, isLive }));
  }

  /** What core is told about this worker; the persisted start stands in while the object is evicted. */
  get worker(): WorkerContext {
    const liveTickets = new Set(this.executing.filter((run) => run.isLive).map((run) => run.ticket));
    return { startedAt: this.#instance?.startedAt ?? this.workerStart?.startedAt ?? 0, liveTickets };
  }

  /** The rows kept, read afresh. */
  readRows(): Map<string, TaskRow> {
    return this.storage.readRows();
  }

  /** Every finished run kept, task by task, newest first. */
  readHistory(): RunRecord[] {
    return this.storage.readHistory();
  }

  /** Makes the storage refuse the next transaction, as a full or failing disk would. */
  refuseNextTransaction(): void {
    this.#isNextTransactionRefused = true;
  }

  /** The object is reset: its instance, its runs and its remembered rows and alarm are gone; storage stays. */
  evict(): void {
    this.#instance = undefined;
  }

  /** Starts the object if it is not running, as any event does: object-engine.ts `startObjectEngine`. */
  async start(): Promise<void> {
    if (this.#instance) return;
    const now = this.clock.now();
    const { versionId, definitions } = this.deployment;
    const stored = this.workerStart;
    const startedAt = stored?.versionId === versionId ? stored.startedAt : now;
    const instance: Instance = { ...this.#createEngine(), startedAt, executing: new Map() };
    this.#instance = instance;
    this.#cause = 'register';
    try {
      const failure = await instance.engine.start({
        pluginId: 'plugin',
        startedAt,
        armedAt: this.alarmAt,
        recordStart: () => {
          if (stored?.versionId !== versionId) this.workerStart = { versionId, startedAt };
        },
        startPlugin: async (host) => {
          for (const [taskId, settings] of definitions) await host.registerTask(taskId, settings, () => {});
        },
      });
      if (failure) throw failure.error;
    } catch (error) {
      // A start that throws inside blockConcurrencyWhile resets the object.
      this.#instance = undefined;
      throw error;
    }
    this.registeredVersion = versionId;
  }

  /** The platform delivers the alarm: it is spent, and the handler wakes the engine. */
  async deliverAlarm(): Promise<void> {
    await this.start();
    this.alarmAt = null;
    this.#cause = 'wake';
    await this.#instance!.engine.wake();
  }

  async trigger(taskId: string): Promise<void> {
    await this.#call('trigger', (api) => api.triggerTask(taskId));
  }

  async cancel(taskId: string): Promise<void> {
    await this.#call('cancel', (api) => api.cancelTask(taskId));
  }

  async pause(taskId: string): Promise<void> {
    await this.#call('pause', (api) => api.pauseTask(taskId));
  }

  async resume(taskId: string): Promise<void> {
    await this.#call('resume', (api) => api.resumeTask(taskId));
  }

  async put(taskId: string, settings: TaskSettings, handler: TaskHandler): Promise<void> {
    await this.#call('put', (api) => api.putTask(taskId, { settings, handler }));
  }

  async delete(taskId: string): Promise<void> {
    await this.#call('delete', (api) => api.deleteTask(taskId));
    // Its history went with it: its runs were reported, and are no longer recorded anywhere.
    this.startedTickets.delete(taskId);
  }

  /** A run's function returns (error null) or throws: the launcher's `onSettled`. */
  settle(ticket: string, error: string | null): void {
    const run = this.#instance?.executing.get(ticket);
    if (!run) throw new Error(`No run ${ticket} executes in this instance`);
    this.#instance!.executing.delete(ticket);
    this.#cause = 'complete';
    this.#ticket = ticket;
    try {
      run.onSettled(error, error === null ? undefined : new Error(error));
    } finally {
      this.#ticket = undefined;
    }
  }

  async #call(cause: WriteCause, act: (api: GlobalTaskApi) => Promise<unknown>): Promise<void> {
    await this.start();
    this.#cause = cause;
    await act(this.#instance!.api);
  }

  #createEngine(): Pick<Instance, 'engine' | 'api'> {
    const storage = this.storage.open((row) => engine.rowAlarmAt(row));
    const journalled = (write: (row: TaskRow | undefined, taskId: string) => void) => (taskId: string, row: TaskRow | undefined) => {
      const before = storage.tasks.readTask(taskId);
      write(row, taskId);
      const cause = this.#cause === 'register' && row === undefined ? 'prune' : this.#cause;
      this.journal.push({ cause, taskId, before, after: row, now: this.clock.now(), ...(this.#ticket && { ticket: this.#ticket }) });
      this.#refuseIfAsked();
    };
    const writeRow = journalled((row) => storage.tasks.writeTask(row!));
    const deleteRow = journalled((_row, taskId) => storage.tasks.deleteTask(taskId));
    const engine: SchedulingEngine = new SchedulingEngine({
      // Methods are passed on one by one: a store may be a class, whose methods a spread would lose.
      tasks: {
        readTasks: () => storage.tasks.readTasks(),
        readTask: (taskId) => storage.tasks.readTask(taskId),
        readDueTasks: (now) => storage.tasks.readDueTasks(now),
        readAlarmCandidates: () => storage.tasks.readAlarmCandidates(),
        countTasks: () => storage.tasks.countTasks(),
        writeTask: (row) => writeRow(row.taskId, row),
        deleteTask: (taskId) => deleteRow(taskId, undefined),
      },
      history: {
        readRuns: (taskId, limit) => storage.history.readRuns(taskId, limit),
        deleteRuns: (taskId) => storage.history.deleteRuns(taskId),
        appendRun: (run) => {
          storage.history.appendRun(run);
          this.#refuseIfAsked();
        },
      },
      transact: (write) => this.#transact(() => storage.transact(write)),
      alarm: { set: (at) => void (this.alarmAt = at) },
      launcher: this.#createLauncher((ticket) => engine.readTasks().find((row) => activeRunsOf(row).some((run) => run.ticket === ticket))!.taskId),
      clock: this.clock,
      tickets: this.#tickets,
      logger: aRecordingLogger(),
      reportRun: (_logger, telemetry) => {
        if (telemetry.event === 'ended') this.endReports.set(telemetry.fields.runId, (this.endReports.get(telemetry.fields.runId) ?? 0) + 1);
      },
    });
    return { engine, api: new GlobalTaskApi(engine, () => aHandlerPolicy()) };
  }

  /** The RunTracker's contract without running anything: runs stay until `settle`, an abort only makes them not live. */
  #createLauncher(taskIdOf: (ticket: string) => string): RunLauncher {
    const live = new Set<string>();
    return {
      liveTickets: live,
      start: (ticket, _fn, onSettled) => {
        const taskId = taskIdOf(ticket);
        live.add(ticket);
        this.#instance!.executing.set(ticket, {
          ticket,
          taskId,
          isLive: true,
          onSettled: (error, cause) => {
            live.delete(ticket);
            onSettled(error, cause);
          },
        });
        this.startedTickets.set(taskId, [...(this.startedTickets.get(taskId) ?? []), ticket]);
        this.launchedTickets.push(ticket);
      },
      abort: (ticket) => {
        live.delete(ticket);
        const run = this.#instance?.executing.get(ticket);
        if (run) run.isLive = false;
      },
    };
  }

  /** One transaction: a refused one throws right after its first write, or at its end if it wrote nothing, and keeps no start record. */
  #transact(write: () => void): void {
    const { workerStart } = this;
    const journalLength = this.journal.length;
    try {
      write();
      this.#refuseIfAsked();
    } catch (error) {
      this.workerStart = workerStart;
      this.journal.length = journalLength;
      throw error;
    }
  }

  #refuseIfAsked(): void {
    if (!this.#isNextTransactionRefused) return;
    this.#isNextTransactionRefused = false;
    throw new RefusedWriteError('injected: storage refused the write');
  }
}
