import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { RunTracker } from '../run-tracker.ts';
import type { TaskFunction, TaskHost } from '../task-host.ts';
import type { TaskSettings } from '../task-settings.ts';
import type { TaskSnapshot } from '../task-status.ts';
import type { CancelTimer, Timer } from '../timer.ts';
import { armWakeUp } from '../wake-up.ts';
import { cancelLocalRun, triggerLocalTask } from './local-commands.ts';
import { completeLocalRun, expireLocalRun, startLocalRun } from './local-run.ts';
import { computeLocalWakeAt, isLocalTaskDue, registerLocalTask, type LocalTask } from './local-task.ts';
import { describeLocalTask } from './local-task-status.ts';

/** The options of a LocalTaskWorker. */
export interface LocalTaskWorkerOptions {
  logger: Logger;
  clock: Clock;
  timer: Timer;
  /**
   * True in long-lived runtimes (Node, Deno): the worker arms a timer for the next due run.
   * False in a Worker isolate, whose timers live only while an event does: there the isolate's
   * events (the cron trigger, requests) call `runDueTasks` and keep its promise alive.
   */
  wakesItself: boolean;
}

/**
 * Runs one plugin's local tasks in this isolate or process, like Backstage's LocalTaskWorker:
 * no storage, and a task never overlaps itself here. Its TaskHost methods throw SchedulerErrors.
 */
export class LocalTaskWorker implements TaskHost {
  readonly #clock: Clock;
  readonly #timer: Timer;
  readonly #logger: Logger;
  readonly #wakesItself: boolean;
  readonly #tasks = new Map<string, LocalTask>();
  readonly #functions = new Map<string, TaskFunction>();
  readonly #runs = new RunTracker();
  /** Per run in flight: its timeout timer, and what resolves the promise its event keeps alive. */
  readonly #inFlight = new Map<string, { cancelTimeout: CancelTimer; release: () => void; released: Promise<void> }>();
  #cancelWake: CancelTimer | undefined;
  #wakeAt: number | null = null;
  #runCount = 0;

  constructor(options: LocalTaskWorkerOptions) {
    this.#clock = options.clock;
    this.#timer = options.timer;
    this.#logger = options.logger;
    this.#wakesItself = options.wakesItself;
  }

  /** Tells whether a local task of this id is registered here. */
  hasTask(taskId: string): boolean {
    return this.#tasks.has(taskId);
  }

  async registerTask(taskId: string, settings: TaskSettings, fn: TaskFunction): Promise<void> {
    if (this.#functions.has(taskId)) this.#logger.warn('Task registered twice; the last registration wins', { taskId });
    this.#functions.set(taskId, fn);
    this.#tasks.set(taskId, registerLocalTask(this.#tasks.get(taskId), taskId, settings, this.#clock.now()));
    this.#rearm();
  }

  async unregisterTask(taskId: string): Promise<void> {
    const runId = this.#tasks.get(taskId)?.run?.runId;
    if (runId !== undefined) this.#endRun(runId, 'Task was unregistered');
    this.#tasks.delete(taskId);
    this.#functions.delete(taskId);
    this.#rearm();
  }

  /** Cuts the task's wait short. A self-waking worker starts the run at once; an isolate at the end of its event. */
  async triggerTask(taskId: string): Promise<void> {
    this.#tasks.set(taskId, triggerLocalTask(this.#tasks.get(taskId), taskId, this.#clock.now()));
    if (this.#wakesItself) void this.runDueTasks();
  }

  /** Aborts the running run's signal; the run ends when its function settles, or at its timeout. */
  async cancelTask(taskId: string): Promise<void> {
    const task = cancelLocalRun(this.#tasks.get(taskId), taskId, this.#clock.now());
    this.#tasks.set(taskId, task);
    this.#runs.abort(task.run!.runId, 'Task was cancelled');
  }

  /** The local tasks with this worker's state. */
  async listTasks(): Promise<TaskSnapshot[]> {
    const now = this.#clock.now();
    return [...this.#tasks.values()].map((task) => describeLocalTask(task, now));
  }

  /**
   * Ends runs past their timeout, then starts every due task. Resolves once the runs it started
   * have ended, so an isolate's event can hand the promise to `ctx.waitUntil`.
   */
  runDueTasks(): Promise<void> {
    const now = this.#clock.now();
    this.#expireRuns(now);
    const started = [...this.#tasks.values()].filter((task) => isLocalTaskDue(task, now)).map((task) => this.#startRun(task, now));
    this.#rearm();
    return Promise.all(started).then(() => undefined);
  }

  /** Resolves once every run in flight now has ended; for shutdown and tests. */
  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight.values()].map(({ released }) => released));
  }

  /** Stops waking and aborts every run; registered tasks stay listed. */
  stop(): void {
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    this.#wakeAt = null;
    for (const task of this.#tasks.values()) if (task.run) this.#endRun(task.run.runId, 'Scheduler stopped');
  }

  #startRun(due: LocalTask, now: number): Promise<void> {
    const runId = `run-${++this.#runCount}`;
    const task = startLocalRun(due, now, runId);
    this.#tasks.set(task.taskId, task);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Armed here, inside the event that starts the run, so the timer lives as long as the run.
    const cancelTimeout = armWakeUp(this.#clock, this.#timer, task.run!.timesOutAt, () => {
      this.#expireRuns(this.#clock.now());
      this.#rearm();
    });
    this.#inFlight.set(runId, { cancelTimeout, release, released });
    const fn = this.#functions.get(task.taskId)!;
    const logger = this.#logger.child({ taskId: task.taskId, runId });
    this.#runs.start(runId, fn, (error, cause) => {
      const current = this.#tasks.get(task.taskId);
      const ended = completeLocalRun(current, runId, this.#clock.now(), error);
      if (!ended) return;
      this.#tasks.set(task.taskId, ended);
      this.#release(runId);
      // Logged once, where it is recorded; Backstage records a local failure but does not log it.
      if (current?.run?.cancelledAt != null) logger.info('Task run was cancelled');
      else if (error !== null) logger.error('Task run failed', { error: cause instanceof Error ? cause.message : String(cause) });
      this.#rearm();
    });
    return released;
  }

  #expireRuns(now: number): void {
    for (const task of this.#tasks.values()) {
      const expired = expireLocalRun(task, now);
      if (!expired) continue;
      this.#tasks.set(task.taskId, expired.task);
      this.#runs.abort(expired.runId, expired.reason);
      this.#release(expired.runId);
      this.#logger.error('Task run timed out', { taskId: task.taskId, runId: expired.runId, error: expired.reason });
    }
  }

  /** Aborts a run and lets go of it without recording a result; its task is going away or stopping. */
  #endRun(runId: string, reason: string): void {
    this.#runs.abort(runId, reason);
    this.#release(runId);
  }

  #release(runId: string): void {
    const flight = this.#inFlight.get(runId);
    if (!flight) return;
    this.#inFlight.delete(runId);
    flight.cancelTimeout();
    flight.release();
  }

  /** Arms the one wake-up timer of a self-waking worker for the next due run; idle costs nothing. */
  #rearm(): void {
    if (!this.#wakesItself) return;
    const at = computeLocalWakeAt(this.#tasks.values(), this.#clock.now());
    if (at === this.#wakeAt) return;
    this.#cancelWake?.();
    this.#wakeAt = at;
    this.#cancelWake =
      at === null
        ? undefined
        : armWakeUp(this.#clock, this.#timer, at, () => {
            this.#wakeAt = null;
            this.#cancelWake = undefined;
            void this.runDueTasks();
          });
  }
}
