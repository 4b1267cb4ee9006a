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

/**
 * A run's place in its task's history. Rows appended since the `seq` column exists carry it,
 * numbered on from the task's newest run; older rows have none and keep their rowid order.
 */
const ORDER = 'COALESCE(seq, rowid)';

/**
 * Maps finished runs to the `task_runs` table, keeping at most `limit` per task. It remembers,
 * per task, how many runs are kept and the newest's place, as its own appends leave them;
 * `forgetCounts()` drops that after a rolled-back transaction, and the next append asks SQLite.
 */
export class RunHistoryStore {
  readonly #counts = new Map<string, { kept: number; newest: number }>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly limit: number = DEFAULT_RUN_HISTORY_LIMIT,
  ) {}

  /**
   * Appends a finished run and drops the task's runs beyond the limit, so storage stays bounded.
   * A full history reuses its oldest row for the new run: an update of columns no index holds,
   * one row written, where an insert and a delete wrote three.
   */
  appendRun(run: RunRecord): void {
    const { kept, newest } = this.#countsOf(run.taskId);
    const seq = newest + 1;
    const values = [run.ticket, run.cause, run.scheduledFor, run.startedAt, run.endedAt, run.outcome, run.error];
    const isFull = kept > 0 && kept >= this.limit;
    if (isFull) {
      this.sql.exec(
        `UPDATE task_runs SET seq = ?, ticket = ?, cause = ?, scheduled_for = ?, started_at = ?, ended_at = ?, outcome = ?, error = ?
         WHERE rowid = (SELECT rowid FROM task_runs WHERE task_id = ? ORDER BY ${ORDER} LIMIT 1)`,
        seq,
        ...values,
        run.taskId,
      );
    } else {
      this.sql.exec(
        `INSERT INTO task_runs (task_id, seq, ticket, cause, scheduled_for, started_at, ended_at, outcome, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        run.taskId,
        seq,
        ...values,
      );
    }
    // Only when more runs are kept than the limit allows: it was lowered, or it is zero.
    if (Math.max(kept, 1) > this.limit) {
      this.sql.exec(
        `DELETE FROM task_runs WHERE task_id = ?1 AND ${ORDER} <=
           (SELECT ${ORDER} FROM task_runs WHERE task_id = ?1 ORDER BY ${ORDER} DESC LIMIT 1 OFFSET ?2)`,
        run.taskId,
        this.limit,
      );
    }
    this.#counts.set(run.taskId, { kept: Math.min(isFull ? kept : kept + 1, this.limit), newest: seq });
  }

  /** A task's finished runs, newest first. */
  readRuns(taskId: string, limit: number): RunRecord[] {
    return this.sql
      .exec<RunRecordRow>(`SELECT * FROM task_runs WHERE task_id = ? ORDER BY ${ORDER} DESC LIMIT ?`, taskId, limit)
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
    this.#counts.delete(taskId);
  }

  /** Forgets the remembered counts, after a transaction that appended through this store rolled back. */
  forgetCounts(): void {
    this.#counts.clear();
  }

  #countsOf(taskId: string): { kept: number; newest: number } {
    const remembered = this.#counts.get(taskId);
    if (remembered) return remembered;
    const { kept, newest } = this.sql
      .exec<{ kept: number; newest: number | null }>(`SELECT COUNT(*) AS kept, MAX(${ORDER}) AS newest FROM task_runs WHERE task_id = ?`, taskId)
      .one();
    return { kept, newest: newest ?? 0 };
  }
}
