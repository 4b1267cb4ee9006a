import type { RunHistoryRepository, TaskRepository, Transact } from '../core/engine/engine-ports.ts';
import type { TaskRow } from '../core/task-row.ts';
import { RunHistoryStore } from './run-history-store.ts';
import { TaskStore } from './task-store.ts';

/** The options of `createSqliteStorage`. */
export interface SqliteStorageOptions {
  /** A row's own alarm time (the engine's `rowAlarmAt`). */
  alarmAtOf: (row: TaskRow) => number | null;
  runHistoryLimit?: number;
  onUnreadableRow?: (taskId: string, error: unknown) => void;
}

/**
 * The engine's repositories over a Durable Object's SQLite, and their transaction: one
 * `transactionSync`. What the stores remember in memory already counts the writes a rolled-back
 * transaction undid, so it is dropped, to be read again from SQLite.
 */
export function createSqliteStorage(
  ctx: DurableObjectState,
  options: SqliteStorageOptions,
): { tasks: TaskRepository; history: RunHistoryRepository; transact: Transact } {
  const tasks = new TaskStore(ctx.storage.sql, options.onUnreadableRow, options.alarmAtOf);
  const history = new RunHistoryStore(ctx.storage.sql, options.runHistoryLimit);
  const transact: Transact = (write) => {
    try {
      ctx.storage.transactionSync(write);
    } catch (error) {
      tasks.forgetRemembered();
      history.forgetCounts();
      throw error;
    }
  };
  return { tasks, history, transact };
}
