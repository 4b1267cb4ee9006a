import { createMemoryStorage, type MemoryContents, type MemoryStorage, type MemoryStorageOptions } from '../core/engine/memory-storage.ts';
import { parseAtBoundary } from '../core/parse-at-boundary.ts';
import { checkRunHistoryLimit } from '../core/run-history-limit.ts';
import { taskHandlerSchema } from '../core/task-handler.ts';
import type { RunRecord, TaskRow } from '../core/task-row.ts';
import { taskSettingsSchema } from '../core/task-settings.ts';

/** The part of `node:sqlite`'s DatabaseSync used here (Deno 2, Node ≥ 22.13); @types/node 20 has none. */
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): { run(...values: unknown[]): unknown; all(...values: unknown[]): Array<Record<string, unknown>> };
  close(): void;
}

type SqliteModule = { DatabaseSync: new (path: string) => DatabaseSync };

/** The runtime's own SQLite, or undefined where it has none (Node 20). Loaded synchronously, so start-up stays as it is. */
function loadSqlite(): SqliteModule | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  try {
    return runtime?.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
  } catch {
    return undefined;
  }
}

/** One SQLite file holding every plugin's tasks and run history, for a process that restarts. */
export interface SqliteFile {
  /** The plugins that have task rows in the file. */
  readPluginIds(): string[];
  /** One plugin's storage: what the file holds of it, read once, in memory; every write also goes to the file, in one SQL transaction per commit. */
  openStorage(pluginId: string, options: MemoryStorageOptions): MemoryStorage;
  close(): void;
}

/**
 * Opens (or creates) the SQLite file at `path` with the runtime's `node:sqlite`; undefined when
 * the runtime has no SQLite. Rows and runs are kept as JSON, parsed again when read back, so a
 * row that no longer parses fails loudly at start, as the Durable Object's does when it is read.
 */
export function openSqliteFile(path: string): SqliteFile | undefined {
  const sqlite = loadSqlite();
  if (!sqlite) return undefined;
  const db = new sqlite.DatabaseSync(path);
  db.exec(`CREATE TABLE IF NOT EXISTS tasks (plugin_id TEXT NOT NULL, task_id TEXT NOT NULL, row_json TEXT NOT NULL, PRIMARY KEY (plugin_id, task_id));
    CREATE TABLE IF NOT EXISTS task_runs (plugin_id TEXT NOT NULL, task_id TEXT NOT NULL, seq INTEGER NOT NULL, run_json TEXT NOT NULL, PRIMARY KEY (plugin_id, task_id, seq));`);
  const writeRow = db.prepare('INSERT INTO tasks (plugin_id, task_id, row_json) VALUES (?, ?, ?) ON CONFLICT (plugin_id, task_id) DO UPDATE SET row_json = excluded.row_json');
  const deleteRow = db.prepare('DELETE FROM tasks WHERE plugin_id = ? AND task_id = ?');
  const appendRun = db.prepare('INSERT INTO task_runs (plugin_id, task_id, seq, run_json) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM task_runs WHERE plugin_id = ?1 AND task_id = ?2), ?3)');
  const trimRuns = db.prepare('DELETE FROM task_runs WHERE plugin_id = ? AND task_id = ? AND seq <= (SELECT MAX(seq) FROM task_runs WHERE plugin_id = ?1 AND task_id = ?2) - ?');
  const deleteRuns = db.prepare('DELETE FROM task_runs WHERE plugin_id = ? AND task_id = ?');
  let isInTransaction = false;

  const readContents = (pluginId: string): MemoryContents => {
    const rows = new Map<string, TaskRow>();
    for (const { task_id, row_json } of db.prepare('SELECT task_id, row_json FROM tasks WHERE plugin_id = ?').all(pluginId)) {
      rows.set(String(task_id), parseRow(String(row_json)));
    }
    const runs = new Map<string, RunRecord[]>();
    for (const { task_id, run_json } of db.prepare('SELECT task_id, run_json FROM task_runs WHERE plugin_id = ? ORDER BY task_id, seq DESC').all(pluginId)) {
      const taskId = String(task_id);
      runs.set(taskId, [...(runs.get(taskId) ?? []), JSON.parse(String(run_json)) as RunRecord]);
    }
    return { rows, runs };
  };

  return {
    readPluginIds: () => db.prepare('SELECT DISTINCT plugin_id FROM tasks ORDER BY plugin_id').all().map(({ plugin_id }) => String(plugin_id)),
    openStorage(pluginId, options) {
      const limit = checkRunHistoryLimit(options.runHistoryLimit);
      const memory = createMemoryStorage({ ...options, contents: readContents(pluginId) });
      return {
        tasks: {
          ...memory.tasks,
          writeTask(row) {
            memory.tasks.writeTask(row);
            writeRow.run(pluginId, row.taskId, JSON.stringify(row));
          },
          deleteTask(taskId) {
            memory.tasks.deleteTask(taskId);
            deleteRow.run(pluginId, taskId);
          },
        },
        history: {
          ...memory.history,
          appendRun(run) {
            memory.history.appendRun(run);
            appendRun.run(pluginId, run.taskId, JSON.stringify(run));
            trimRuns.run(pluginId, run.taskId, limit);
          },
          deleteRuns(taskId) {
            memory.history.deleteRuns(taskId);
            deleteRuns.run(pluginId, taskId);
          },
        },
        // One SQL transaction around memory's: a write that throws rolls both back.
        transact(write) {
          if (isInTransaction) return memory.transact(write);
          isInTransaction = true;
          db.exec('BEGIN');
          try {
            memory.transact(write);
            db.exec('COMMIT');
          } catch (error) {
            db.exec('ROLLBACK');
            throw error;
          } finally {
            isInTransaction = false;
          }
        },
      };
    },
    close: () => db.close(),
  };
}

/** A stored row, its settings and handler parsed again as at every boundary. */
function parseRow(json: string): TaskRow {
  const row = JSON.parse(json) as TaskRow;
  return {
    ...row,
    settings: parseAtBoundary(taskSettingsSchema, row.settings, 'settings'),
    handler: row.handler === null ? null : parseAtBoundary(taskHandlerSchema, row.handler, 'handler'),
  };
}
