import type { RunHistoryRepository } from '../core/engine/engine-ports.ts';
import { checkRunHistoryLimit } from '../core/run-history-limit.ts';
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

type HistoryShape = {
  kept: number;
  numbered: number;
  oldest: number | null;
  newest: number | null;
  misplaced: number | null;
};


/**
 * A run's place in its task's history. Rows appended since the `seq` column exists carry it;
 * older rows have none and keep their rowid order until the store renumbers their task.
 */
const ORDER = 'COALESCE(seq, rowid)';

/**
 * Maps finished runs to the `task_runs` table, keeping at most `limit` per task in a ring: the
 * run numbered `seq` lives in slot `seq % limit`. It remembers, per task, how many runs are kept
 * and the newest's number, as its own appends leave them; `forgetCounts()` drops that after a
 * rolled-back transaction, and the next append asks SQLite.
 */
export class RunHistoryStore implements RunHistoryRepository {
  readonly #counts = new Map<string, { kept: number; newest: number }>();

  readonly #limit: number;

  constructor(
    private readonly sql: SqlStorage,
    limit?: number,
  ) {
    // Slots are `seq % limit`, computed alike here and in SQL only for whole numbers.
    this.#limit = checkRunHistoryLimit(limit);
  }

  /**
   * Appends a finished run and drops the task's runs beyond the limit, so storage stays bounded.
   * A full history overwrites the run in the new run's slot, its oldest: found by index, and an
   * update of columns no index holds, so one row is written and none of the task's others read.
   */
  appendRun(run: RunRecord): void {
    const { kept, newest } = this.#countsOf(run.taskId);
    // A limit of 0 keeps no runs, and `#countsOf` has already dropped any kept before.
    if (this.#limit === 0) return;
    const seq = newest + 1;
    const slot = seq % this.#limit;
    const values = [run.ticket, run.cause, run.scheduledFor, run.startedAt, run.endedAt, run.outcome, run.error];
    if (kept === this.#limit) {
      this.sql.exec(
        `UPDATE task_runs SET seq = ?, ticket = ?, cause = ?, scheduled_for = ?, started_at = ?, ended_at = ?, outcome = ?, error = ?
         WHERE task_id = ? AND slot = ?`,
        seq,
        ...values,
        run.taskId,
        slot,
      );
    } else {
      this.sql.exec(
        `INSERT INTO task_runs (task_id, slot, seq, ticket, cause, scheduled_for, started_at, ended_at, outcome, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        run.taskId,
        slot,
        seq,
        ...values,
      );
    }
    this.#counts.set(run.taskId, { kept: Math.min(kept + 1, this.#limit), newest: seq });
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

  /**
   * The task's counts, read once per task: if its rows are not a ring under this limit (written
   * before slots existed, by an earlier release, or under another limit), they are first trimmed
   * to the limit and renumbered, once, so every later append takes the indexed path.
   */
  #countsOf(taskId: string): { kept: number; newest: number } {
    const remembered = this.#counts.get(taskId);
    if (remembered) return remembered;
    const { kept, numbered, oldest, newest, misplaced } = this.sql
      .exec<HistoryShape>(
        `SELECT COUNT(*) AS kept, COUNT(seq) AS numbered, MIN(seq) AS oldest, MAX(seq) AS newest, SUM(slot IS NOT seq % ?2) AS misplaced
         FROM task_runs WHERE task_id = ?1`,
        taskId,
        this.#limit,
      )
      .one();
    if (kept === 0) return { kept, newest: 0 };
    // Every run numbered, with no gap, each in its slot: so no two runs share a slot.
    const isRing = numbered === kept && newest !== null && oldest !== null && newest - oldest + 1 === kept && misplaced === 0;
    if (isRing && kept <= this.#limit) return { kept, newest };
    return this.#renumberRuns(taskId, kept);
  }

  /** Keeps the task's newest `limit` runs and numbers them 1…n in their order, each in its slot. */
  #renumberRuns(taskId: string, kept: number): { kept: number; newest: number } {
    if (kept > this.#limit) {
      this.sql.exec(
        `DELETE FROM task_runs WHERE rowid IN (SELECT rowid FROM task_runs WHERE task_id = ? ORDER BY ${ORDER} DESC LIMIT -1 OFFSET ?)`,
        taskId,
        this.#limit,
      );
    }
    const renumbered = Math.min(kept, this.#limit);
    if (renumbered > 0) {
      // Slots are unique and checked row by row, so the old ones go first: a run's new slot may
      // still be held by a run not yet renumbered.
      this.sql.exec('UPDATE task_runs SET slot = NULL WHERE task_id = ? AND slot IS NOT NULL', taskId);
      this.sql.exec(
        `UPDATE task_runs SET seq = numbered.position, slot = numbered.position % ?2
         FROM (SELECT rowid AS run_rowid, ROW_NUMBER() OVER (ORDER BY ${ORDER}) AS position FROM task_runs WHERE task_id = ?1) AS numbered
         WHERE task_runs.rowid = numbered.run_rowid`,
        taskId,
        this.#limit,
      );
    }
    return { kept: renumbered, newest: renumbered };
  }
}
