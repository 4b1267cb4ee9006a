import { computeAlarmAt } from '../alarm-time.ts';
import { assertNever } from '../assert-never.ts';
import { NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { describeRunEnd, describeRunStart, describeSkippedOccurrences } from '../run-telemetry.ts';
import type { TaskHost } from '../task-host.ts';
import type { RunRecord, TaskRow, WorkerContext } from '../task-row.ts';
import type { TaskSettings } from '../task-settings.ts';
import { describeGlobalTask, describeWorkerStatus, type TaskSnapshot, type WorkerStatus } from '../task-status.ts';
import { cancelRun } from '../transitions/cancel.ts';
import { completeRun } from '../transitions/complete.ts';
import { releaseOrphanedRuns } from '../transitions/expire.ts';
import { pruneTasks } from '../transitions/prune.ts';
import { registerTask } from '../transitions/register.ts';
import type { Change, Effect, SkippedOccurrences } from '../transitions/transition.ts';
import { triggerTask } from '../transitions/trigger.ts';
import { unregisterTask } from '../transitions/unregister.ts';
import { wakeUp } from '../transitions/wake.ts';
import { activeRunsOf } from '../policies/concurrent-runs.ts';
import { finishedRunsOf, writeChanges } from './change-writer.ts';
import type { EnginePorts } from './engine-ports.ts';
import type { EngineStart } from './engine-start.ts';
import { carryOutNotice, PendingDeliveries } from './policy-notices.ts';
import { wakeUpWithRunPolicies, watchStalenessOf } from './run-policy-hooks.ts';
import { TaskFunctions } from './task-functions.ts';

/**
 * The scheduler's one loop, whatever the runtime: read rows, let a core transition decide with
 * the clock's now, commit its changes in one transaction, carry out its effects, re-arm the
 * alarm. The Durable Object and the in-process backend are shells that hand it ports. Every
 * change of state passes through `execute` (or the registrations of a start); its methods throw
 * SchedulerErrors.
 */
export class SchedulingEngine {
  readonly #ports: EnginePorts;
  /** What the plugin API registers, triggers and cancels tasks through in this worker; its methods throw SchedulerErrors. */
  readonly host: TaskHost;
  readonly #functions: TaskFunctions;
  /** Per run whose function has not returned yet: resolves once its end is recorded. */
  readonly #settling = new Map<string, Promise<void>>();
  /** Alert deliveries under way, awaited by `settled` too. */
  readonly #deliveries = new PendingDeliveries();
  #startedAt = 0;
  #pluginId = '';
  #logger: Logger;
  /** The alarm as last set, so an unchanged alarm costs no write. */
  #armedAt: number | null = null;
  /** Registrations made while the plugin starts, committed together. */
  #pending: Array<{ taskId: string; settings: TaskSettings }> | undefined;

  constructor(ports: EnginePorts) {
    this.#ports = ports;
    this.#logger = ports.logger;
    this.#functions = new TaskFunctions(ports.runHandler);
    this.host = this.#createHost();
  }

  get pluginId(): string {
    return this.#pluginId;
  }

  get logger(): Logger {
    return this.#logger;
  }

  /** The clock's now, as every decision takes it. */
  now(): number {
    return this.#ports.clock.now();
  }

  /** A row's own alarm time: core's rule over that row alone, with no heartbeat and no floor at now. */
  rowAlarmAt(row: TaskRow): number | null {
    return computeAlarmAt([row], Number.NEGATIVE_INFINITY, { startedAt: this.#startedAt, liveTickets: NO_LIVE_TICKETS });
  }

  /**
   * Runs the plugin's registration code and commits what it registered in one write. After a
   * complete start, code tasks the code no longer defines are pruned; after a failed one they are
   * kept, and the failure is returned.
   */
  async start(start: EngineStart): Promise<{ error: unknown } | undefined> {
    this.#startedAt = start.startedAt;
    this.#armedAt = start.armedAt;
    this.#pluginId = start.pluginId;
    this.#logger = this.#ports.logger.child({ pluginId: start.pluginId });
    let failure: { error: unknown } | undefined;
    this.#pending = [];
    try {
      await start.startPlugin(this.host, this.#logger);
    } catch (error) {
      failure = { error };
    }
    const registrations = this.#pending;
    this.#pending = undefined;
    this.#commitRegistrations(registrations, failure === undefined, start.recordStart);
    if (start.releasesOrphanedRuns) this.#recoverOrphanedRuns();
    await this.rearm();
    return failure;
  }

  /**
   * The one transaction path: `decide` reads rows and returns core's changes for `now`; they are
   * committed together, their effects carried out, and the alarm re-armed. Returns what `decide` returned.
   */
  async execute<T extends { changes: readonly Change[] }>(decide: (now: number) => T): Promise<T> {
    const decision = decide(this.now());
    this.#commit(decision.changes);
    await this.rearm();
    return decision;
  }

  /** Releases expired leases and starts every due task: what the alarm does. */
  async wake(): Promise<void> {
    // The alarm that woke us is spent; rearm sets the next one.
    this.#armedAt = null;
    try {
      const now = this.now();
      // Only the rows whose time has come: wakeUp changes no other row.
      this.#commit(wakeUpWithRunPolicies(this.#ports.tasks.readDueTasks(now), now, this.#worker(), () => this.#ports.tickets.issue()));
    } finally {
      // Re-armed even if the work above threw, so no schedule is lost.
      await this.rearm();
    }
  }

  /** Starts a task now: 404 if unknown, 409 if it is running. */
  async trigger(taskId: string): Promise<void> {
    const ticket = this.#ports.tickets.issue();
    await this.execute((now) => ({ changes: [triggerTask(this.#ports.tasks.readTask(taskId), taskId, now, ticket)] }));
  }

  /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
  async cancel(taskId: string): Promise<void> {
    await this.execute((now) => ({ changes: [cancelRun(this.#ports.tasks.readTask(taskId), taskId, now)] }));
  }

  /** Every readable row, ordered by id. */
  readTasks(): TaskRow[] {
    return this.#ports.tasks.readTasks();
  }

  /** One row, or undefined. */
  readTask(taskId: string): TaskRow | undefined {
    return this.#ports.tasks.readTask(taskId);
  }

  /** The stored row of a task, or NotFoundError. */
  existing(taskId: string): TaskRow {
    const row = this.#ports.tasks.readTask(taskId);
    if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
    return row;
  }

  /** How many tasks the plugin has, by where they are defined. */
  countTasks(): { code: number; api: number } {
    return this.#ports.tasks.countTasks();
  }

  /** A task's finished runs, newest first: 404 if unknown. */
  readRuns(taskId: string, limit: number): RunRecord[] {
    this.existing(taskId);
    return this.#ports.history.readRuns(taskId, limit);
  }

  /** This worker's relation to a task: waiting out its initial delay, running it, or idle. */
  workerStatus(row: TaskRow): WorkerStatus {
    return describeWorkerStatus(row, this.now(), this.#worker());
  }

  /** A task as the REST layer reports it. */
  snapshot(row: TaskRow, workerState: WorkerStatus = this.workerStatus(row)): TaskSnapshot {
    return describeGlobalTask(row, workerState);
  }

  /** Sets the alarm to what core computes, writing only when it changed. */
  rearm(): Promise<void> {
    // The row with the earliest alarm time of its own decides, with the heartbeat: no other row can.
    const now = this.now();
    const at = computeAlarmAt(this.#ports.tasks.readAlarmCandidates(), now, this.#worker());
    // An alarm already due fires as soon as it can; moving it to a later "now" would only cost a
    // write (each setAlarm is billed as a row written), once per run while the object is behind.
    const isAlreadyDue = at !== null && at <= now && this.#armedAt !== null && this.#armedAt <= now;
    if (at === this.#armedAt || isAlreadyDue) return Promise.resolve();
    this.#armedAt = at;
    return Promise.resolve(this.#ports.alarm.set(at));
  }

  /** Resolves once every task function started so far has returned and its end is recorded; for shutdown and tests. */
  async settled(): Promise<void> {
    await Promise.all(this.#settling.values());
    await this.#deliveries.settled();
  }

  /** Aborts every run executing here; for shutdown. Their leases are released as their functions return. */
  abortRuns(reason: string): void {
    for (const ticket of [...this.#ports.launcher.liveTickets]) this.#ports.launcher.abort(ticket, reason);
  }

  #createHost(): TaskHost {
    return {
      registerTask: async (taskId, settings, fn) => {
        if (this.#functions.register(taskId, fn)) this.#logger.warn('Task registered twice; the last registration wins', { taskId });
        if (this.#pending) this.#pending.push({ taskId, settings });
        else {
          this.#commitRegistrations([{ taskId, settings }], false);
          await this.rearm();
        }
      },
      unregisterTask: async (taskId) => {
        this.#functions.forget(taskId);
        await this.execute((now) => ({ changes: [unregisterTask(this.#ports.tasks.readTask(taskId), now) ?? []].flat() }));
      },
      triggerTask: (taskId) => this.trigger(taskId),
      cancelTask: (taskId) => this.cancel(taskId),
    };
  }

  /** Releases the runs a previous worker left leased, and claims their tasks again when due, as an alarm would at their timeouts. */
  #recoverOrphanedRuns(): void {
    const now = this.now();
    const leased = this.#ports.tasks.readTasks().filter((row) => activeRunsOf(row).length > 0);
    if (leased.length === 0) return;
    const worker = this.#worker();
    this.#commit(wakeUp(leased, now, worker, () => this.#ports.tickets.issue(), releaseOrphanedRuns(leased, now, worker)));
  }

  /** Upserts registered tasks, and prunes the code tasks the code no longer defines, in one write. */
  #commitRegistrations(registrations: ReadonlyArray<{ taskId: string; settings: TaskSettings }>, prunes: boolean, alsoWrite?: () => void) {
    const now = this.now();
    const { tasks } = this.#ports;
    // Pruning needs every row; a registration after the start needs only its own.
    const rows = prunes ? tasks.readTasks() : registrations.flatMap(({ taskId }) => tasks.readTask(taskId) ?? []);
    const stored = new Map(rows.map((row) => [row.taskId, row]));
    const changes: Change[] = [];
    for (const { taskId, settings } of registrations) {
      const existing = stored.get(taskId);
      const row = registerTask(existing, taskId, settings, now);
      if (row !== existing) changes.push({ row, effects: [] });
      stored.set(taskId, row);
    }
    if (prunes) changes.push(...pruneTasks(stored.values(), (taskId) => this.#functions.isRegistered(taskId), now));
    this.#commit(changes, alsoWrite);
  }

  /** Writes the changes' rows and finished runs in one transaction, then reports the runs they ended and carries out their effects. */
  #commit(decided: readonly Change[], alsoWrite?: () => void): void {
    const changes = watchStalenessOf(decided, this.now());
    writeChanges(this.#ports, changes, alsoWrite);
    for (const change of changes) for (const run of finishedRunsOf(change)) this.#reportRunEnd(run);
    for (const change of changes) if (change.type !== 'remove' && change.skipped) this.#reportSkipped(change.skipped);
    for (const change of changes) for (const effect of change.effects) this.#runEffect(effect, change.type === 'remove' ? undefined : change.row);
  }

  /** Logs and records a run that ended, however it ended; every path that ends a run calls it once. */
  #reportRunEnd(run: RunRecord): void {
    this.#ports.reportRun(this.#logger, describeRunEnd({ pluginId: this.#pluginId, scope: 'global' }, run));
  }

  /** Logs and counts the occurrences a policy passed over in one decision. */
  #reportSkipped({ records, count }: SkippedOccurrences): void {
    if (records.length === 0) return;
    this.#ports.reportRun(this.#logger, describeSkippedOccurrences({ pluginId: this.#pluginId, scope: 'global' }, records, count));
  }

  #runEffect(effect: Effect, row: TaskRow | undefined): void {
    switch (effect.type) {
      case 'startRun':
        if (!row) throw new Error(`startRun for ${effect.taskId} without its row`);
        return this.#startRun(row, effect.ticket);
      case 'abortRun':
        return this.#ports.launcher.abort(effect.ticket, effect.reason);
      case 'notify':
        return this.#deliveries.track(carryOutNotice(row, effect.notice, this.#noticeContext(effect.taskId)));
      default:
        return assertNever(effect);
    }
  }

  #noticeContext(taskId: string) {
    return { pluginId: this.#pluginId, taskId, now: this.now(), logger: this.#logger, sendAlert: this.#ports.sendAlert };
  }

  #startRun(row: TaskRow, ticket: string): void {
    const { taskId } = row;
    const logger = this.#logger.child({ taskId, runId: ticket });
    const lease = activeRunsOf(row).find((run) => run.ticket === ticket);
    if (lease) this.#ports.reportRun(logger, describeRunStart({ pluginId: this.#pluginId, scope: 'global' }, taskId, lease));
    let markSettled!: () => void;
    this.#settling.set(ticket, new Promise<void>((resolve) => (markSettled = resolve)));
    const fn = this.#functions.of(row, { pluginId: this.#pluginId, ticket, scheduledFor: lease?.scheduledFor ?? this.now() });
    this.#ports.launcher.start(ticket, fn, (error) => {
      try {
        this.#commit([completeRun(this.#ports.tasks.readTask(taskId), ticket, this.now(), error) ?? []].flat());
      } catch (writeError) {
        // The release was rolled back, so the lease stays and its timeout releases it as lost, and
        // the task runs again. Rethrown here it would be an unhandled rejection, and skip the re-arm.
        logger.error('Could not record the end of a run; its lease is released at its timeout', { error: String(writeError) });
      }
      this.rearm()
        .catch((rearmError: unknown) => logger.error('Could not re-arm the alarm', { error: String(rearmError) }))
        .finally(() => {
          this.#settling.delete(ticket);
          markSettled();
        });
    });
  }

  #worker(): WorkerContext {
    return { startedAt: this.#startedAt, liveTickets: this.#ports.launcher.liveTickets };
  }
}

const NO_LIVE_TICKETS: ReadonlySet<string> = new Set();
