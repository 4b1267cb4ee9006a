import type { RunRecord } from '../../src/core/task-row.ts';

const ORDER = 'COALESCE(seq, rowid)';

/**
 * Appends a run as the release before slots did (migration 3: `seq`, no `slot`), keeping
 * `limit` runs: what every deployed object holds now, and what a rollback to that release writes.
 */
export function appendRunBeforeSlots(sql: SqlStorage, run: RunRecord, limit: number): void {
  const { kept, newest } = sql
    .exec<{ kept: number; newest: number | null }>(`SELECT COUNT(*) AS kept, MAX(${ORDER}) AS newest FROM task_runs WHERE task_id = ?`, run.taskId)
    .one();
  const values = [(newest ?? 0) + 1, run.ticket, run.cause, run.scheduledFor, run.startedAt, run.endedAt, run.outcome, run.error];
  if (kept > 0 && kept >= limit) {
    sql.exec(
      `UPDATE task_runs SET seq = ?, ticket = ?, cause = ?, scheduled_for = ?, started_at = ?, ended_at = ?, outcome = ?, error = ?
       WHERE rowid = (SELECT rowid FROM task_runs WHERE task_id = ? ORDER BY ${ORDER} LIMIT 1)`,
      ...values,
      run.taskId,
    );
  } else {
    sql.exec(
      `INSERT INTO task_runs (task_id, seq, ticket, cause, scheduled_for, started_at, ended_at, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      run.taskId,
      ...values,
    );
  }
  if (Math.max(kept, 1) > limit) {
    sql.exec(
      `DELETE FROM task_runs WHERE task_id = ?1 AND ${ORDER} <=
         (SELECT ${ORDER} FROM task_runs WHERE task_id = ?1 ORDER BY ${ORDER} DESC LIMIT 1 OFFSET ?2)`,
      run.taskId,
      limit,
    );
  }
}

/** Inserts a run as releases before migration 3 did: no `seq`, so its rowid is its order. */
export function insertRunBeforeSeq(sql: SqlStorage, run: RunRecord): void {
  sql.exec(
    'INSERT INTO task_runs (task_id, ticket, cause, scheduled_for, started_at, ended_at, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    run.taskId,
    run.ticket,
    run.cause,
    run.scheduledFor,
    run.startedAt,
    run.endedAt,
    run.outcome,
    run.error,
  );
}
