import { computeAlarmAt } from './alarm-time.ts';
import { assertNever } from './assert-never.ts';
import { systemClock, type Clock } from './clock.ts';
import { NotFoundError } from './errors.ts';
import type { Logger } from './logger.ts';
import { previewNextRuns } from './next-run-preview.ts';
import { RunTracker } from './run-tracker.ts';
import type { TaskFunction, TaskHost } from './task-host.ts';
import type { RunRecord, TaskRow, WorkerContext } from './task-row.ts';
import type { TaskSettings } from './task-settings.ts';
import { describeTaskStatus, describeWorkerStatus, type TaskSnapshot } from './task-status.ts';
import { systemTimer, type CancelTimer, type Timer } from './timer.ts';
import { cancelRun } from './transitions/cancel.ts';
import { completeRun } from './transitions/complete.ts';
import { deleteApiTask } from './transitions/delete-api-task.ts';
import { pauseTask, resumeTask } from './transitions/pause.ts';
import { registerTask } from './transitions/register.ts';
import type { Effect, Transition } from './transitions/transition.ts';
import { triggerTask } from './transitions/trigger.ts';
import { wakeUp } from './transitions/wake.ts';
import { armWakeUp } from './wake-up.ts';
import { checkRunHistoryLimit } from './run-history-limit.ts';

/** The options of an InProcessScheduler. */
export interface InProcessSchedulerOptions {
  logger: Logger;
  clock?: Clock;
  timer?: Timer;
  /** Finished runs kept per task; 100 unless set. */
  runHistoryLimit?: number;
}

/**
 * One plugin's global tasks in one Node or Deno process: the Durable Object's guarantees (no
 * overlap, timeouts, trigger, cancel) from the same pure transitions, with a Map for storage and
 * a timer for the alarm. Exclusive within this process only: several processes need the Durable
 * Object backend. Its methods throw SchedulerErrors.
 */
export class InProcessScheduler implements TaskHost {
  readonly #clock: Clock;
  readonly #timer: Timer;
  readonly #logger: Logger;
  readonly #historyLimit: number;
  readonly #rows = new Map<string, TaskRow>();
  readonly #history = new Map<string, RunRecord[]>();
  readonly #functions = new Map<string, TaskFunction>();
  readonly #runs = new RunTracker();
  /** Per run whose function has not returned yet: resolves once its end is recorded. */
  readonly #settling = new Map<string, Promise<void>>();
  /** When this process started, for initial delays, which apply once per process as in Backstage. */
  readonly #startedAt: number;
  #cancelAlarm: CancelTimer | undefined;
  #alarmAt: number | null = null;
  // Tickets need only be unique within this process, whose store dies with it.
  #ticketCount = 0;

  constructor(options: InProcessSchedulerOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#timer = options.timer ?? systemTimer;
    this.#logger = options.logger;
    this.#historyLimit = checkRunHistoryLimit(options.runHistoryLimit);
    this.#startedAt = this.#clock.now();
  }

  async registerTask(taskId: string, settings: TaskSettings, fn: TaskFunction): Promise<void> {
    if (this.#functions.has(taskId)) this.#logger.warn('Task registered twice; the last registration wins', { taskId });
    this.#functions.set(taskId, fn);
    this.#rows.set(taskId, registerTask(this.#rows.get(taskId), taskId, settings, this.#clock.now()));
    this.#rearm();
  }

  async unregisterTask(taskId: string): Promise<void> {
    const run = this.#rows.get(taskId)?.run;
    if (run) this.#runs.abort(run.ticket, 'Task was unregistered');
    this.#rows.delete(taskId);
    this.#history.delete(taskId);
    this.#functions.delete(taskId);
    this.#rearm();
  }

  /** Starts a task now: 404 if unknown, 409 if it is running. */
  async triggerTask(taskId: string): Promise<void> {
    this.#apply([triggerTask(this.#rows.get(taskId), taskId, this.#clock.now(), this.#issueTicket())]);
  }

  /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
  async cancelTask(taskId: string): Promise<void> {
    this.#apply([cancelRun(this.#rows.get(taskId), taskId, this.#clock.now())]);
  }

  /** The tasks with their state. */
  listTasks(): TaskSnapshot[] {
    return [...this.#rows.values()].map((row) => this.#snapshot(row));
  }

  /** One task with its state: 404 if unknown. */
  getTask(taskId: string): TaskSnapshot {
    return this.#snapshot(this.#existing(taskId));
  }

  /** Pauses a task: it no longer starts on its own, but can be triggered. */
  pauseTask(taskId: string): TaskSnapshot {
    return this.#update(pauseTask(this.#rows.get(taskId), taskId));
  }

  /** Resumes a paused task. */
  resumeTask(taskId: string): TaskSnapshot {
    return this.#update(resumeTask(this.#rows.get(taskId), taskId, this.#clock.now()));
  }

  /** Refuses, as for any task defined in code, which every task here is: 404 if unknown, else 409. */
  deleteTask(taskId: string): never {
    deleteApiTask(this.#rows.get(taskId), taskId, this.#clock.now());
    throw new Error(`Task ${taskId} is not defined in code, which the in-process backend cannot hold`);
  }

  /** A task's finished runs, newest first. */
  listRuns(taskId: string, limit: number): RunRecord[] {
    this.#existing(taskId);
    return (this.#history.get(taskId) ?? []).slice(0, limit);
  }

  /** A task's next due times, and the zone its cron runs in. */
  previewRuns(taskId: string, count: number): { times: number[]; timeZone: string } {
    const row = this.#existing(taskId);
    return { times: previewNextRuns(row, this.#clock.now(), count), timeZone: row.settings.timeZone ?? 'UTC' };
  }

  /** Resolves once every task function started so far has returned and its end is recorded; for shutdown and tests. */
  async settled(): Promise<void> {
    await Promise.all(this.#settling.values());
  }

  /** Stops the alarm and aborts every run; for shutdown. */
  stop(): void {
    this.#cancelAlarm?.();
    this.#cancelAlarm = undefined;
    this.#alarmAt = null;
    for (const ticket of this.#runs.liveTickets) this.#runs.abort(ticket, 'Scheduler stopped');
  }

  /** What the Durable Object's alarm does: release expired leases, then start every due task. */
  #wake(): void {
    this.#alarmAt = null;
    this.#cancelAlarm = undefined;
    this.#apply(wakeUp([...this.#rows.values()], this.#clock.now(), this.#worker(), () => this.#issueTicket()));
  }

  /** Writes the transitions' rows and finished runs, carries out their effects, and re-arms. */
  #apply(transitions: readonly Transition[]): void {
    for (const { row, finishedRun } of transitions) {
      this.#rows.set(row.taskId, row);
      if (finishedRun) this.#history.set(row.taskId, [finishedRun, ...(this.#history.get(row.taskId) ?? [])].slice(0, this.#historyLimit));
    }
    for (const { effects } of transitions) for (const effect of effects) this.#run(effect);
    this.#rearm();
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
    const fn = this.#functions.get(taskId)!;
    const logger = this.#logger.child({ taskId, runId: ticket });
    let markSettled!: () => void;
    this.#settling.set(ticket, new Promise<void>((resolve) => (markSettled = resolve)));
    this.#runs.start(ticket, fn, (error, cause) => {
      const done = completeRun(this.#rows.get(taskId), ticket, this.#clock.now(), error);
      // A run that was cancelled or timed out is already recorded; its late end changes nothing.
      if (done) {
        if (error) logger.error('Task run failed', { error: cause instanceof Error ? cause.message : String(cause) });
        this.#apply([done]);
      }
      this.#settling.delete(ticket);
      markSettled();
    });
  }

  /** Arms the timer that stands in for the object's alarm, at what core computes. */
  #rearm(): void {
    const at = computeAlarmAt([...this.#rows.values()], this.#clock.now(), this.#worker());
    if (at === this.#alarmAt) return;
    this.#cancelAlarm?.();
    this.#alarmAt = at;
    this.#cancelAlarm = at === null ? undefined : armWakeUp(this.#clock, this.#timer, at, () => this.#wake());
  }

  #update(row: TaskRow): TaskSnapshot {
    this.#rows.set(row.taskId, row);
    this.#rearm();
    return this.#snapshot(row);
  }

  #existing(taskId: string): TaskRow {
    const row = this.#rows.get(taskId);
    if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
    return row;
  }

  #snapshot(row: TaskRow): TaskSnapshot {
    const now = this.#clock.now();
    return {
      taskId: row.taskId,
      scope: 'global',
      settings: row.settings,
      taskState: describeTaskStatus(row),
      workerState: describeWorkerStatus(row, now, this.#worker()),
      source: row.source,
    };
  }

  #worker(): WorkerContext {
    return { startedAt: this.#startedAt, liveTickets: this.#runs.liveTickets };
  }

  #issueTicket(): string {
    return `ticket-${++this.#ticketCount}`;
  }
}
