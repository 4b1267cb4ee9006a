import { taskHandlerSchema } from '../core/task-handler.ts';
import type { RunCause, TaskRow } from '../core/task-row.ts';
import { taskSettingsSchema } from '../core/task-settings.ts';

/** A `tasks` row as SQLite holds it. */
type TaskRecord = {
  task_id: string;
  settings_json: string;
  next_run_at: number | null;
  run_ticket: string | null;
  run_cause: string | null;
  run_scheduled_for: number | null;
  run_started_at: number | null;
  run_times_out_at: number | null;
  last_run_ended_at: number | null;
  last_run_error: string | null;
  source: 'code' | 'api';
  handler_json: string | null;
  is_paused: number;
};

function toTaskRow(record: TaskRecord): TaskRow {
  return {
    taskId: record.task_id,
    // Parsed again on the way out, as Backstage does, so a corrupt row fails loudly.
    settings: taskSettingsSchema.parse(JSON.parse(record.settings_json)),
    nextRunAt: record.next_run_at,
    run:
      record.run_ticket === null
        ? null
        : {
            ticket: record.run_ticket,
            cause: (record.run_cause ?? 'schedule') as RunCause,
            scheduledFor: record.run_scheduled_for ?? record.run_started_at ?? 0,
            startedAt: record.run_started_at ?? 0,
            timesOutAt: record.run_times_out_at ?? 0,
          },
    lastRunEndedAt: record.last_run_ended_at,
    lastRunError: record.last_run_error,
    source: record.source,
    handler: record.handler_json === null ? null : taskHandlerSchema.parse(JSON.parse(record.handler_json)),
    isPaused: record.is_paused === 1,
  };
}

/**
 * Maps `TaskRow` to and from the `tasks` table. A row that no longer parses is reported and
 * read as absent, so one corrupt row cannot stop the other tasks; the task's next registration
 * writes it afresh.
 */
export class TaskStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly onUnreadableRow: (taskId: string, error: unknown) => void = () => {},
  ) {}

  /** Every readable task row, ordered by id. */
  readTasks(): TaskRow[] {
    return this.sql
      .exec<TaskRecord>('SELECT * FROM tasks ORDER BY task_id')
      .toArray()
      .flatMap((record) => this.#parse(record) ?? []);
  }

  /** One task row, or undefined. */
  readTask(taskId: string): TaskRow | undefined {
    const record = this.sql.exec<TaskRecord>('SELECT * FROM tasks WHERE task_id = ?', taskId).toArray()[0];
    return record && this.#parse(record);
  }

  /** Inserts or replaces a task row. */
  writeTask(row: TaskRow): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO tasks (task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for,
         run_started_at, run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.taskId,
      JSON.stringify(row.settings),
      row.nextRunAt,
      row.run?.ticket ?? null,
      row.run?.cause ?? null,
      row.run?.scheduledFor ?? null,
      row.run?.startedAt ?? null,
      row.run?.timesOutAt ?? null,
      row.lastRunEndedAt,
      row.lastRunError,
      row.source,
      row.handler === null ? null : JSON.stringify(row.handler),
      row.isPaused ? 1 : 0,
    );
  }

  /** Deletes a task row. */
  deleteTask(taskId: string): void {
    this.sql.exec('DELETE FROM tasks WHERE task_id = ?', taskId);
  }

  #parse(record: TaskRecord): TaskRow | undefined {
    try {
      return toTaskRow(record);
    } catch (error) {
      this.onUnreadableRow(record.task_id, error);
      return undefined;
    }
  }
}
