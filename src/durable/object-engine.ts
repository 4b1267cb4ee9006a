import { SchedulingEngine } from '../core/engine/scheduling-engine.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { RunTracker } from '../core/run-tracker.ts';
import type { TaskHost } from '../core/task-host.ts';
import { handlerPolicyOf } from '../core/task-handler.ts';
import { createConsoleLogger } from '../runtime/console-logger.ts';
import { randomTickets } from '../runtime/random-tickets.ts';
import { systemClock } from '../runtime/system-clock.ts';
import { createAlertSender } from '../runtime/alert-request.ts';
import { createHandlerTask } from '../runtime/handler-request.ts';
import { migrate } from './migrations.ts';
import { resolvePluginId, resolveWorkerStartedAt } from './object-metadata.ts';
import { reportRun } from './run-reporter.ts';
import { createSqliteStorage } from './sqlite-storage.ts';

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
 * The engine of one plugin's Durable Object, over its ports: SQLite for tasks and history (one
 * `transactionSync` per commit), the object's alarm, handler requests by fetch or service binding,
 * and telemetry to the log and Analytics Engine.
 */
export function createObjectEngine(ctx: DurableObjectState, env: SchedulerObjectEnv, options: PluginSchedulerOptions): SchedulingEngine {
  const clock = options.clock ?? systemClock;
  const logger = createConsoleLogger();
  const engine: SchedulingEngine = new SchedulingEngine({
    ...createSqliteStorage(ctx, {
      alarmAtOf: (row) => engine.rowAlarmAt(row),
      runHistoryLimit: options.runHistoryLimit,
      onUnreadableRow: (taskId, error) =>
        engine.logger.error('Stored task is unreadable and is skipped until it is registered again', { taskId, error: String(error) }),
    }),
    alarm: { set: (at) => (at === null ? ctx.storage.deleteAlarm() : ctx.storage.setAlarm(at)) },
    launcher: new RunTracker(),
    clock,
    tickets: randomTickets,
    logger,
    reportRun: (runLogger, telemetry) => reportRun(runLogger, env, telemetry),
    runHandler: (row, run) =>
      createHandlerTask(row.handler!, {
        ...run,
        taskId: row.taskId,
        policy: handlerPolicyOf(env),
        env,
        signingSecret: env.SCHEDULER_SIGNING_SECRET,
        now: () => clock.now(),
      }),
    sendAlert: createAlertSender({ policy: () => handlerPolicyOf(env), env, signingSecret: env.SCHEDULER_SIGNING_SECRET, now: () => clock.now() }),
  });
  return engine;
}

/** Migrates the object's storage and starts its engine, which registers the plugin's tasks; runs before any event is delivered. */
export async function startObjectEngine(
  engine: SchedulingEngine,
  ctx: DurableObjectState,
  env: SchedulerObjectEnv,
  startPlugin: StartPlugin,
): Promise<void> {
  migrate(ctx.storage.sql);
  const kv = ctx.storage.kv;
  const workerStart = resolveWorkerStartedAt(kv, env.SCHEDULER_VERSION?.id, engine.now());
  const armedAt = await ctx.storage.getAlarm();
  const pluginId = resolvePluginId(kv, ctx.id.name);
  if (!pluginId) return;
  const failure = await engine.start({
    pluginId,
    startedAt: workerStart.startedAt,
    armedAt,
    recordStart: workerStart.record,
    // An object has one instance: a new one means the old one, and the runs it executed, are gone.
    releasesOrphanedRuns: true,
    startPlugin: (host, logger) => startPlugin(pluginId, host, env, logger),
  });
  if (failure) engine.logger.error('Plugin failed to start; its stored tasks are kept', { error: String(failure.error) });
}
