import { createSqliteStorage } from '../../src/durable/sqlite-storage.ts';
import { RunHistoryStore } from '../../src/durable/run-history-store.ts';
import { TaskStore } from '../../src/durable/task-store.ts';
import type { ObjectStorage } from './object-storage.ts';

/**
 * A real object's SQLite as the storage of a plugin object under test, emptied first: each
 * instance opens the engine's SQLite repositories afresh over it, as a woken object does.
 */
export function sqliteObjectStorage(state: DurableObjectState): ObjectStorage {
  const sql = state.storage.sql;
  sql.exec('DELETE FROM tasks');
  sql.exec('DELETE FROM task_runs');
  return {
    open: (alarmAtOf) => createSqliteStorage(state, { alarmAtOf }),
    readRows: () => new Map(new TaskStore(sql).readTasks().map((row) => [row.taskId, row])),
    readHistory: () => {
      const history = new RunHistoryStore(sql);
      const taskIds = sql.exec<{ task_id: string }>('SELECT DISTINCT task_id FROM task_runs ORDER BY task_id').toArray();
      return taskIds.flatMap(({ task_id }) => history.readRuns(task_id, Number.MAX_SAFE_INTEGER));
    },
  };
}
