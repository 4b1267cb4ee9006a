import { apiTaskLimitsOf } from '../core/api-task-limits.ts';
import type { Clock } from '../core/clock.ts';
import { GlobalTaskApi } from '../core/engine/global-task-api.ts';
import { createMemoryStorage, type MemoryStorage, type MemoryStorageOptions } from '../core/engine/memory-storage.ts';
import { SchedulingEngine } from '../core/engine/scheduling-engine.ts';
import { createTimerAlarm, type TimerAlarm } from '../core/engine/timer-alarm.ts';
import type { Logger } from '../core/logger.ts';
import { RunTracker } from '../core/run-tracker.ts';
import { logRunTelemetry } from '../core/run-telemetry-log.ts';
import { handlerPolicyOf } from '../core/task-handler.ts';
import type { TaskFunction, TaskHost } from '../core/task-host.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { createCountingTickets } from '../core/ticket-source.ts';
import type { Timer } from '../core/timer.ts';
import { createAlertSender } from '../runtime/alert-request.ts';
import { createHandlerTask } from '../runtime/handler-request.ts';

/** The options of an InProcessScheduler. */
export interface InProcessSchedulerOptions {
  logger: Logger;
  clock: Clock;
  timer: Timer;
  /** Finished runs kept per task; 100 unless set. */
  runHistoryLimit?: number;
  /**
   * Where API tasks' handlers may be reached (`SCHEDULER_ALLOWED_HOSTS`, and bindings with a
   * `fetch`), and the secret their requests are signed with (`SCHEDULER_SIGNING_SECRET`).
   */
  env?: Record<string, unknown>;
  /** Where rows and history are kept, given a row's own alarm time; memory unless set. */
  openStorage?: (options: MemoryStorageOptions) => MemoryStorage;
}

/**
 * One plugin's global tasks in one Node or Deno process: the scheduling engine over ports that
 * live in the process (a Map for rows and history, a timer for the alarm, numbered tickets, the
 * log for telemetry, handler requests by the runtime's fetch). Exclusive within this process
 * only: several processes need the Durable Object backend. `api` answers the REST layer; its
 * methods throw SchedulerErrors.
 */
export class InProcessScheduler implements TaskHost {
  readonly api: GlobalTaskApi;
  readonly #engine: SchedulingEngine;
  readonly #alarm: TimerAlarm;

  constructor(options: InProcessSchedulerOptions) {
    const { clock, timer, logger } = options;
    const env = options.env ?? {};
    const policy = () => handlerPolicyOf(env);
    this.#alarm = createTimerAlarm(clock, timer, () => {
      engine.wake().catch((error: unknown) => engine.logger.error('Could not wake the scheduler', { error: String(error) }));
    });
    const openStorage = options.openStorage ?? createMemoryStorage;
    const storage = openStorage({ alarmAtOf: (row) => engine.rowAlarmAt(row), runHistoryLimit: options.runHistoryLimit });
    const engine = new SchedulingEngine({
      ...storage,
      alarm: this.#alarm,
      launcher: new RunTracker(),
      clock,
      // Tickets need only be unique within this process, whose store dies with it.
      tickets: createCountingTickets(),
      logger,
      reportRun: logRunTelemetry,
      runHandler: (row, run) =>
        createHandlerTask(row.handler!, {
          ...run,
          taskId: row.taskId,
          policy: policy(),
          env,
          signingSecret: typeof env.SCHEDULER_SIGNING_SECRET === 'string' ? env.SCHEDULER_SIGNING_SECRET : undefined,
          now: () => clock.now(),
        }),
      sendAlert: createAlertSender({
        policy,
        env,
        signingSecret: typeof env.SCHEDULER_SIGNING_SECRET === 'string' ? env.SCHEDULER_SIGNING_SECRET : undefined,
        now: () => clock.now(),
      }),
    });
    this.#engine = engine;
    this.api = new GlobalTaskApi(engine, policy, () => apiTaskLimitsOf(env));
  }

  /**
   * Runs the plugin's init, which registers its tasks through the host it is given; they are
   * written together and start as they fall due. Initial delays count from now, once per process
   * start as in Backstage. A failed init rejects, after what it registered is kept.
   */
  async start(pluginId: string, startPlugin: (host: TaskHost, logger: Logger) => Promise<void>): Promise<void> {
    const failure = await this.#engine.start({ pluginId, startedAt: this.#engine.now(), armedAt: null, startPlugin });
    if (failure) throw failure.error;
  }

  registerTask(taskId: string, settings: TaskSettings, fn: TaskFunction): Promise<void> {
    return this.#engine.host.registerTask(taskId, settings, fn);
  }

  unregisterTask(taskId: string): Promise<void> {
    return this.#engine.host.unregisterTask(taskId);
  }

  triggerTask(taskId: string): Promise<void> {
    return this.#engine.trigger(taskId);
  }

  cancelTask(taskId: string): Promise<void> {
    return this.#engine.cancel(taskId);
  }

  /** Resolves once every task function started so far has returned and its end is recorded; for shutdown and tests. */
  settled(): Promise<void> {
    return this.#engine.settled();
  }

  /** Stops the alarm for good and aborts every run; for shutdown. */
  stop(): void {
    this.#alarm.stop();
    this.#engine.abortRuns('Scheduler stopped');
  }
}
