import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { RunTelemetry } from '../run-telemetry.ts';
import type { TaskFunction } from '../task-host.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';
import type { TicketSource } from '../ticket-source.ts';
import type { AlertSender } from './policy-notices.ts';

/**
 * One plugin's task rows where a runtime keeps them: SQLite in a Durable Object, a Map in a
 * process. The schedule reads (`readDueTasks`, `readAlarmCandidates`, `countTasks`) answer from
 * each row's own alarm time, so a store may answer them from memory.
 */
export interface TaskRepository {
  /** Every readable row, ordered by task id as SQLite orders TEXT. */
  readTasks(): TaskRow[];
  readTask(taskId: string): TaskRow | undefined;
  /** The rows an alarm at `now` acts on, ordered by id: those whose own alarm time has come. */
  readDueTasks(now: number): TaskRow[];
  /** The rows the alarm depends on: at least the one whose own alarm time is earliest. */
  readAlarmCandidates(): TaskRow[];
  countTasks(): { code: number; api: number };
  writeTask(row: TaskRow): void;
  deleteTask(taskId: string): void;
}

/** Finished runs, kept per task up to a limit. */
export interface RunHistoryRepository {
  appendRun(run: RunRecord): void;
  /** A task's finished runs, newest first. */
  readRuns(taskId: string, limit: number): RunRecord[];
  deleteRuns(taskId: string): void;
}

/** Runs `write` as one transaction over both repositories: all of it, or nothing and a throw. */
export type Transact = (write: () => void) => void;

/** What wakes the engine: the Durable Object's alarm, or a timer in a process. Only the engine sets it. */
export interface Alarm {
  /** Arms the alarm for `at`, or disarms it for null. */
  set(at: number | null): void | Promise<void>;
}

/** Starts runs' functions and aborts their signals; core's RunTracker is the one every runtime uses. */
export interface RunLauncher {
  /** Tickets of the runs still executing here. */
  readonly liveTickets: ReadonlySet<string>;
  /** Starts `fn` without awaiting it; `onSettled` gets the serialised error, or null on success. */
  start(ticket: string, fn: TaskFunction, onSettled: (error: string | null, cause: unknown) => void): void;
  abort(ticket: string, reason: string): void;
}

/** The function that runs an API-defined task's handler for one run; the runtime makes its requests. */
export type HandlerRunner = (row: TaskRow, context: { pluginId: string; ticket: string; scheduledFor: number }) => TaskFunction;

/** Emits a run's telemetry: its log line through `logger`, and wherever else the runtime sends metrics. */
export type RunReporter = (logger: Logger, telemetry: RunTelemetry) => void;

/** Everything the engine needs from the runtime it runs in. */
export interface EnginePorts {
  tasks: TaskRepository;
  history: RunHistoryRepository;
  transact: Transact;
  alarm: Alarm;
  launcher: RunLauncher;
  clock: Clock;
  tickets: TicketSource;
  /** The root logger; the engine adds the plugin id. */
  logger: Logger;
  reportRun: RunReporter;
  /** Runs API-defined tasks; without it such a task fails its runs. */
  runHandler?: HandlerRunner;
  /** Delivers a task's alert webhook; without it alerts are only logged. */
  sendAlert?: AlertSender;
}
