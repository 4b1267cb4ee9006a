import { taskHandlerSchema, type TaskHandler } from '../core/task-handler.ts';
import type { RunCause, TaskRow } from '../core/task-row.ts';
import { taskSettingsSchema, type TaskSettings } from '../core/task-settings.ts';
import { TaskSchedule } from './task-schedule.ts';

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

/** The columns read, in this order: rows are read as arrays, which workerd builds far faster than objects. */
const COLUMNS = `task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
  run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused`;

/** A row read as an array of `COLUMNS`, as the record it is. */
function toRecord(values: SqlStorageValue[]): TaskRecord {
  const [task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
    run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused] = values;
  const record = { task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
    run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused };
  return record as TaskRecord;
}

/** A row's JSON columns, parsed, with the text they were parsed from. */
type ParsedColumns = { settingsJson: string; settings: TaskSettings; handlerJson: string | null; handler: TaskHandler | null };

/** When a row alone would need the alarm, as core computes it; null when it needs none. */
export type RowAlarmTime = (row: TaskRow) => number | null;

/**
 * Maps `TaskRow` to and from the `tasks` table. A row that no longer parses is reported and
 * read as absent, so one corrupt row cannot stop the other tasks; the task's next registration
 * writes it afresh.
 *
 * The store also keeps a `TaskSchedule`: per task, when the row alone would need the alarm
 * (`alarmAtOf`, core's computeAlarmAt over that one row). The earliest of those is the alarm, so
 * re-arming reads one row, and an alarm reads only the rows that are due, instead of every row of
 * the plugin each time. It is built from a full read and updated by every write and delete of
 * this store, the only writer of the table; `forgetSchedule()` drops it after a rolled-back
 * transaction, and the next use rebuilds it.
 */
export class TaskStore {
  /** Parsing validates cron, zones and durations: the costly part of a read. Kept while a row's text is unchanged. */
  readonly #parsed = new Map<string, ParsedColumns>();
  #schedule: TaskSchedule | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly onUnreadableRow: (taskId: string, error: unknown) => void = () => {},
    /** Needed only by the schedule methods: `readDueTasks`, `readAlarmCandidates` and `countTasks`. */
    private readonly alarmAtOf?: RowAlarmTime,
  ) {}

  /** Every readable task row, ordered by id. */
  readTasks(): TaskRow[] {
    const rows: TaskRow[] = [];
    for (const values of this.sql.exec(`SELECT ${COLUMNS} FROM tasks ORDER BY task_id`).raw()) {
      const row = this.#parse(toRecord(values));
      if (row) rows.push(row);
    }
    if (this.alarmAtOf && !this.#schedule) {
      const schedule = new TaskSchedule();
      for (const row of rows) schedule.set(row.taskId, this.alarmAtOf(row), row.source);
      this.#schedule = schedule;
    }
    return rows;
  }

  /** One task row, or undefined. */
  readTask(taskId: string): TaskRow | undefined {
    const [values] = [...this.sql.exec(`SELECT ${COLUMNS} FROM tasks WHERE task_id = ?`, taskId).raw()];
    const row = values && this.#parse(toRecord(values));
    if (row) this.#remember(row);
    else this.#schedule?.delete(taskId);
    return row;
  }

  /** The rows an alarm at `now` acts on: those whose own alarm time has come (due, or their lease expired). */
  readDueTasks(now: number): TaskRow[] {
    const due = this.#scheduleOf().dueBy(now);
    if (due.length <= 1) return due.flatMap((taskId) => this.readTask(taskId) ?? []);
    // One statement for all of them, ordered by id as a full read would be.
    const rows: TaskRow[] = [];
    const cursor = this.sql.exec(
      `SELECT ${COLUMNS} FROM tasks WHERE task_id IN (SELECT value FROM json_each(?)) ORDER BY task_id`,
      JSON.stringify(due),
    );
    for (const values of cursor.raw()) {
      const row = this.#parse(toRecord(values));
      if (row) rows.push(row);
    }
    // As readTask does: remember what was read, forget what is gone or unreadable.
    const read = new Set(rows.map((row) => row.taskId));
    for (const taskId of due) if (!read.has(taskId)) this.#schedule?.delete(taskId);
    for (const row of rows) this.#remember(row);
    return rows;
  }

  /**
   * The rows the alarm depends on: the one whose own alarm time is earliest, read afresh. If the
   * stored row disagrees with what the store remembered (storage written by someone else), the
   * schedule is rebuilt from a full read and the choice made again.
   */
  readAlarmCandidates(): TaskRow[] {
    for (let attempt = 0; ; attempt++) {
      const schedule = this.#scheduleOf();
      const taskId = schedule.earliest();
      if (taskId === undefined) return [];
      const remembered = schedule.alarmAtOf(taskId);
      const row = this.readTask(taskId);
      if (row && this.alarmAtOf!(row) === remembered) return [row];
      if (attempt > 0) return this.readTasks();
      this.#schedule = undefined;
    }
  }

  /** How many readable tasks the plugin has, by where they are defined. */
  countTasks(): { code: number; api: number } {
    return this.#scheduleOf().counts();
  }

  /** Forgets the in-memory schedule, after a transaction that wrote through this store rolled back. */
  forgetSchedule(): void {
    this.#schedule = undefined;
  }

  /** Inserts or replaces a task row: one row written when it exists, where INSERT OR REPLACE wrote two. */
  writeTask(row: TaskRow): void {
    const settingsJson = JSON.stringify(row.settings);
    const handlerJson = row.handler === null ? null : JSON.stringify(row.handler);
    this.sql.exec(
      `INSERT INTO tasks (task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for,
         run_started_at, run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (task_id) DO UPDATE SET settings_json = excluded.settings_json, next_run_at = excluded.next_run_at,
         run_ticket = excluded.run_ticket, run_cause = excluded.run_cause, run_scheduled_for = excluded.run_scheduled_for,
         run_started_at = excluded.run_started_at, run_times_out_at = excluded.run_times_out_at,
         last_run_ended_at = excluded.last_run_ended_at, last_run_error = excluded.last_run_error,
         source = excluded.source, handler_json = excluded.handler_json, is_paused = excluded.is_paused`,
      row.taskId,
      settingsJson,
      row.nextRunAt,
      row.run?.ticket ?? null,
      row.run?.cause ?? null,
      row.run?.scheduledFor ?? null,
      row.run?.startedAt ?? null,
      row.run?.timesOutAt ?? null,
      row.lastRunEndedAt,
      row.lastRunError,
      row.source,
      handlerJson,
      row.isPaused ? 1 : 0,
    );
    // The row's settings and handler were validated on their way in; they are what parsing the text gives back.
    this.#parsed.set(row.taskId, { settingsJson, settings: row.settings, handlerJson, handler: row.handler });
    this.#remember(row);
  }

  /** Deletes a task row. */
  deleteTask(taskId: string): void {
    this.sql.exec('DELETE FROM tasks WHERE task_id = ?', taskId);
    this.#parsed.delete(taskId);
    this.#schedule?.delete(taskId);
  }

  #scheduleOf(): TaskSchedule {
    if (!this.alarmAtOf) throw new Error('TaskStore keeps no schedule without alarmAtOf');
    if (!this.#schedule) this.readTasks();
    return this.#schedule!;
  }

  #remember(row: TaskRow): void {
    if (this.#schedule && this.alarmAtOf) this.#schedule.set(row.taskId, this.alarmAtOf(row), row.source);
  }

  /** The row's parsed JSON columns: from the cache while their text is unchanged. */
  #columnsOf(record: TaskRecord): ParsedColumns {
    const cached = this.#parsed.get(record.task_id);
    if (cached?.settingsJson === record.settings_json && cached.handlerJson === record.handler_json) return cached;
    const columns: ParsedColumns = {
      settingsJson: record.settings_json,
      // Parsed again on the way out, as Backstage does, so a corrupt row fails loudly.
      settings:
        cached?.settingsJson === record.settings_json ? cached.settings : taskSettingsSchema.parse(JSON.parse(record.settings_json)),
      handlerJson: record.handler_json,
      handler:
        record.handler_json === null
          ? null
          : cached?.handlerJson === record.handler_json
            ? cached.handler
            : taskHandlerSchema.parse(JSON.parse(record.handler_json)),
    };
    this.#parsed.set(record.task_id, columns);
    return columns;
  }

  #parse(record: TaskRecord): TaskRow | undefined {
    try {
      return this.#toTaskRow(record);
    } catch (error) {
      this.#parsed.delete(record.task_id);
      this.onUnreadableRow(record.task_id, error);
      return undefined;
    }
  }

  #toTaskRow(record: TaskRecord): TaskRow {
    const columns = this.#columnsOf(record);
    return {
      taskId: record.task_id,
      settings: columns.settings,
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
      handler: columns.handler,
      isPaused: record.is_paused === 1,
    };
  }
}
