import type { TaskRepository } from '../core/engine/engine-ports.ts';
import { taskHandlerSchema, type TaskHandler } from '../core/task-handler.ts';
import type { TaskPolicyState } from '../core/policies/task-policies.ts';
import type { RunCause, TaskRow } from '../core/task-row.ts';
import { settingsOverrideSchema, taskSettingsSchema, type TaskSettings } from '../core/task-settings.ts';
import type { TaskOverride } from '../core/transitions/override.ts';
import { TaskSchedule } from '../core/engine/task-schedule.ts';
import { compareTaskIds } from '../core/task-id-order.ts';

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
  policy_state_json: string | null;
  override_json: string | null;
};

/** The columns read, in this order: rows are read as arrays, which workerd builds far faster than objects. */
const COLUMNS = `task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
  run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused, policy_state_json, override_json`;

/** A row read as an array of `COLUMNS`, as the record it is. */
function toRecord(values: SqlStorageValue[]): TaskRecord {
  const [task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
    run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused, policy_state_json, override_json] = values;
  const record = { task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for, run_started_at,
    run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused, policy_state_json, override_json };
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
 * After its first full read the store remembers every row, and a `TaskSchedule`: per task, when
 * the row alone would need the alarm (`alarmAtOf`, core's computeAlarmAt over that one row). The
 * earliest of those is the alarm. So re-arming, an alarm and a listing read no SQL, where each
 * read and parsed every row of the plugin; a run costs its writes alone. This holds because the
 * store is the table's only writer and updates both with every write and delete;
 * `forgetRemembered()` drops them after a rolled-back transaction, and the next use reads the
 * table again. A row changed in SQLite by anything else is seen when the object next starts.
 */
export class TaskStore implements TaskRepository {
  /** Parsing validates cron, zones and durations: the costly part of a read. Kept while a row's text is unchanged. */
  readonly #parsed = new Map<string, ParsedColumns>();
  #schedule: TaskSchedule | undefined;
  /** Every readable row by id, once a full read was made; their ids in order, until one is added or removed. */
  #rows: Map<string, TaskRow> | undefined;
  #orderedIds: string[] | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly onUnreadableRow: (taskId: string, error: unknown) => void = () => {},
    /** Needed only by the schedule methods: `readDueTasks`, `readAlarmCandidates` and `countTasks`. */
    private readonly alarmAtOf?: RowAlarmTime,
  ) {}

  /** Every readable task row, ordered by id: from memory after the first full read. */
  readTasks(): TaskRow[] {
    const remembered = this.#rows;
    if (remembered) {
      this.#orderedIds ??= [...remembered.keys()].sort(compareTaskIds);
      return this.#orderedIds.map((taskId) => remembered.get(taskId)!);
    }
    const rows: TaskRow[] = [];
    for (const values of this.sql.exec(`SELECT ${COLUMNS} FROM tasks ORDER BY task_id`).raw()) {
      const row = this.#parse(toRecord(values));
      if (row) rows.push(row);
    }
    this.#rows = new Map(rows.map((row) => [row.taskId, row]));
    this.#orderedIds = rows.map((row) => row.taskId);
    if (this.alarmAtOf) {
      const schedule = new TaskSchedule();
      for (const row of rows) schedule.set(row.taskId, this.alarmAtOf(row), row.source);
      this.#schedule = schedule;
    }
    return rows;
  }

  /** One task row, or undefined: from memory after the first full read. */
  readTask(taskId: string): TaskRow | undefined {
    if (this.#rows) return this.#rows.get(taskId);
    const [values] = [...this.sql.exec(`SELECT ${COLUMNS} FROM tasks WHERE task_id = ?`, taskId).raw()];
    return values && this.#parse(toRecord(values));
  }

  /** The rows an alarm at `now` acts on, ordered by id: those whose own alarm time has come (due, or their lease expired). */
  readDueTasks(now: number): TaskRow[] {
    const due = this.#scheduleOf().dueBy(now).sort(compareTaskIds);
    return due.flatMap((taskId) => this.#rows?.get(taskId) ?? []);
  }

  /** The rows the alarm depends on: the one whose own alarm time is earliest. */
  readAlarmCandidates(): TaskRow[] {
    const taskId = this.#scheduleOf().earliest();
    const row = taskId === undefined ? undefined : this.#rows?.get(taskId);
    return row ? [row] : [];
  }

  /** How many readable tasks the plugin has, by where they are defined. */
  countTasks(): { code: number; api: number } {
    return this.#scheduleOf().counts();
  }

  /** Forgets the remembered rows and schedule, after a transaction that wrote through this store rolled back. */
  forgetRemembered(): void {
    this.#schedule = undefined;
    this.#rows = undefined;
    this.#orderedIds = undefined;
  }

  /** Inserts or replaces a task row: one row written when it exists, where INSERT OR REPLACE wrote two. */
  writeTask(row: TaskRow): void {
    // A run's writes carry the settings and handler objects they were read with: their text is known.
    const cached = this.#parsed.get(row.taskId);
    const settingsJson = cached?.settings === row.settings ? cached.settingsJson : JSON.stringify(row.settings);
    const handlerJson =
      row.handler === null ? null : cached?.handler === row.handler ? cached.handlerJson : JSON.stringify(row.handler);
    this.sql.exec(
      `INSERT INTO tasks (task_id, settings_json, next_run_at, run_ticket, run_cause, run_scheduled_for,
         run_started_at, run_times_out_at, last_run_ended_at, last_run_error, source, handler_json, is_paused,
         policy_state_json, override_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (task_id) DO UPDATE SET settings_json = excluded.settings_json, next_run_at = excluded.next_run_at,
         run_ticket = excluded.run_ticket, run_cause = excluded.run_cause, run_scheduled_for = excluded.run_scheduled_for,
         run_started_at = excluded.run_started_at, run_times_out_at = excluded.run_times_out_at,
         last_run_ended_at = excluded.last_run_ended_at, last_run_error = excluded.last_run_error,
         source = excluded.source, handler_json = excluded.handler_json, is_paused = excluded.is_paused,
         policy_state_json = excluded.policy_state_json, override_json = excluded.override_json`,
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
      row.policyState === undefined ? null : JSON.stringify(row.policyState),
      row.override === undefined ? null : JSON.stringify(row.override),
    );
    // The row's settings and handler were validated on their way in; they are what parsing the text gives back.
    this.#parsed.set(row.taskId, { settingsJson, settings: row.settings, handlerJson, handler: row.handler });
    this.#remember(row);
  }

  /** Deletes a task row. */
  deleteTask(taskId: string): void {
    this.sql.exec('DELETE FROM tasks WHERE task_id = ?', taskId);
    this.#parsed.delete(taskId);
    this.#forget(taskId);
  }

  #scheduleOf(): TaskSchedule {
    if (!this.alarmAtOf) throw new Error('TaskStore keeps no schedule without alarmAtOf');
    if (!this.#schedule) this.readTasks();
    return this.#schedule!;
  }

  #remember(row: TaskRow): void {
    if (this.#schedule && this.alarmAtOf) this.#schedule.set(row.taskId, this.alarmAtOf(row), row.source);
    if (this.#rows && !this.#rows.has(row.taskId)) this.#orderedIds = undefined;
    this.#rows?.set(row.taskId, row);
  }

  #forget(taskId: string): void {
    this.#schedule?.delete(taskId);
    if (this.#rows?.delete(taskId)) this.#orderedIds = undefined;
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
      ...(record.policy_state_json !== null && { policyState: JSON.parse(record.policy_state_json) as TaskPolicyState }),
      ...(record.override_json !== null && { override: parseOverride(record.override_json) }),
    };
  }
}

/** A stored override, its settings parsed again as at every boundary. */
function parseOverride(json: string): TaskOverride {
  const { settings, codeSettings, setAt } = JSON.parse(json) as TaskOverride;
  return { settings: settingsOverrideSchema.parse(settings), codeSettings: taskSettingsSchema.parse(codeSettings), setAt };
}
