/**
 * Schema migrations, applied in order and counted in `schema_version` (Durable Objects refuse
 * `PRAGMA user_version`). Append new steps; never edit a shipped one: deployed objects ran it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     task_id TEXT PRIMARY KEY,
     settings_json TEXT NOT NULL,
     next_run_at INTEGER,
     run_ticket TEXT,
     run_scheduled_for INTEGER,
     run_started_at INTEGER,
     run_times_out_at INTEGER,
     last_run_ended_at INTEGER,
     last_run_error TEXT
   )`,
  `ALTER TABLE tasks ADD COLUMN source TEXT NOT NULL DEFAULT 'code' CHECK (source IN ('code', 'api'));
   ALTER TABLE tasks ADD COLUMN handler_json TEXT;
   ALTER TABLE tasks ADD COLUMN is_paused INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE tasks ADD COLUMN run_cause TEXT;
   CREATE TABLE task_runs (
     task_id TEXT NOT NULL,
     ticket TEXT NOT NULL,
     cause TEXT NOT NULL,
     scheduled_for INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER NOT NULL,
     outcome TEXT NOT NULL,
     error TEXT
   );
   CREATE INDEX task_runs_by_task ON task_runs (task_id)`,
  // The order of a task's runs, so a full history can reuse its oldest row for the newest run:
  // one row written, where an insert, its index entry and the retention delete wrote three.
  // Rows written before have none; their rowid is their order. Adding the column writes no rows.
  `ALTER TABLE task_runs ADD COLUMN seq INTEGER`,
  // A run's slot in its task's ring of runs (seq modulo the limit), so a full history finds its
  // oldest row by index instead of sorting the task's runs, and reusing that row changes no index
  // entry. Unique: one run per slot, and the lookup stops at the first match (1 row read, not 2).
  // The index still serves `WHERE task_id = ?` by its prefix. Older rows keep a NULL slot (NULLs
  // never clash) until the store first appends to their task.
  `ALTER TABLE task_runs ADD COLUMN slot INTEGER;
   DROP INDEX task_runs_by_task;
   CREATE UNIQUE INDEX task_runs_by_task_slot ON task_runs (task_id, slot)`,
  // What a task's schedule policies remember between runs, as JSON; NULL for a task with none,
  // so a run of a task without policies writes the same one row as before.
  `ALTER TABLE tasks ADD COLUMN policy_state_json TEXT`,
  // A runtime override of a code task's settings (PATCH), with the code's own settings beneath it;
  // NULL for every task without one.
  `ALTER TABLE tasks ADD COLUMN override_json TEXT`,
];

/** Brings the object's SQLite schema up to date. */
export function migrate(sql: SqlStorage): void {
  sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const version = sql.exec<{ version: number }>('SELECT MAX(version) AS version FROM schema_version').one().version ?? 0;
  for (let step = version; step < MIGRATIONS.length; step++) {
    sql.exec(MIGRATIONS[step]!);
    sql.exec('INSERT INTO schema_version (version) VALUES (?)', step + 1);
  }
}
