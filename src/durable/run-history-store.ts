import type { RunRecord } from '../core/task-row.ts';

type RunRecordRow = {
  task_id: string;
  ticket: string;
  cause: RunRecord['cause'];
  scheduled_for: number;
  started_at: number;
  ended_at: number;
  outcome: RunRecord['outcome'];
  error: string | null;
};

/** The default number of finished runs kept per task. */
export const DEFAULT_RUN_HISTORY_LIMIT = 100;

/** Maps finished runs to the `task_runs` table, keeping at most `limit` per task. */
export class RunHistoryStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly limit: number = DEFAULT_RUN_HISTORY_LIMIT,
  ) {}

  /** Appends a finished run and drops the task's runs beyond the limit, so storage stays bounded. */
  appendRun(run: RunRecord): void {
    this.sql.exec(
      `INSERT INTO task_runs (task_id, ticket, cause, scheduled_for, started_at, ended_at, outcome, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      run.taskId,
      run.ticket,
      run.cause,
      run.scheduledFor,
      run.startedAt,
      run.endedAt,
      run.outcome,
      run.error,
    );
    // Rows are appended in the order runs end, so rowid order is history order.
    this.sql.exec(
      `DELETE FROM task_runs WHERE task_id = ?1 AND rowid <=
         (SELECT rowid FROM task_runs WHERE task_id = ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2)`,
      run.taskId,
      this.limit,
    );
  }

  /** A task's finished runs, newest first. */
  readRuns(taskId: string, limit: number): RunRecord[] {
    return this.sql
      .exec<RunRecordRow>('SELECT * FROM task_runs WHERE task_id = ? ORDER BY rowid DESC LIMIT ?', taskId, limit)
      .toArray()
      .map((row) => ({
        taskId: row.task_id,
        ticket: row.ticket,
        cause: row.cause,
        scheduledFor: row.scheduled_for,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        outcome: row.outcome,
        error: row.error,
      }));
  }

  /** Forgets a deleted task's runs. */
  deleteRuns(taskId: string): void {
    this.sql.exec('DELETE FROM task_runs WHERE task_id = ?', taskId);
  }
}
