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
