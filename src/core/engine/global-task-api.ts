import { assertCadenceAllowed, assertTaskCountAllowed, DEFAULT_API_TASK_LIMITS, type ApiTaskLimits } from '../api-task-limits.ts';
import { previewNextRuns } from '../next-run-preview.ts';
import { parseAtBoundary } from '../parse-at-boundary.ts';
import { describeScheduleSubject } from '../schedule-definition.ts';
import { apiTaskDefinitionSchema, nameInErrors } from '../task-batch.ts';
import { assertAlertAllowed } from '../policies/alert-policy.ts';
import { assertHandlerAllowed, taskHandlerSchema, type HandlerPolicy } from '../task-handler.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';
import { settingsOverrideSchema, taskSettingsSchema } from '../task-settings.ts';
import type { TaskSnapshot } from '../task-status.ts';
import { deleteApiTask } from '../transitions/delete-api-task.ts';
import { clearOverride, overrideTask } from '../transitions/override.ts';
import { pauseTask, resumeTask } from '../transitions/pause.ts';
import { skipNextRun } from '../transitions/skip-next.ts';
import { putApiTask } from '../transitions/put-api-task.ts';
import { putApiTasks } from '../transitions/put-api-tasks.ts';
import type { SchedulingEngine } from './scheduling-engine.ts';

/**
 * One plugin's global tasks as the REST layer asks for them, over the engine: reads answer from
 * its rows, and every change is a core transition committed through `engine.execute`. Inputs
 * that crossed a boundary (RPC, a process's API) are parsed here. Its methods throw SchedulerErrors.
 */
export class GlobalTaskApi {
  constructor(
    private readonly engine: SchedulingEngine,
    /** Where handler requests may go; asked at each definition. */
    private readonly policy: () => HandlerPolicy,
    /** What the API may define: the shortest cadence and the most tasks; asked at each definition. */
    private readonly limits: () => ApiTaskLimits = () => DEFAULT_API_TASK_LIMITS,
  ) {}

  /** The tasks with their state, ordered by id. */
  listTasks(): TaskSnapshot[] {
    return this.engine.readTasks().map((row) => this.engine.snapshot(row));
  }

  /** One task with its state: 404 if unknown. */
  getTask(taskId: string): TaskSnapshot {
    return this.engine.snapshot(this.engine.existing(taskId));
  }

  /** How many tasks the plugin has, by where they are defined. */
  countTasks(): { code: number; api: number } {
    return this.engine.countTasks();
  }

  /** Starts a task now: 404 if unknown, 409 if it is running. */
  triggerTask(taskId: string): Promise<void> {
    return this.engine.trigger(taskId);
  }

  /** Cancels a task's running run: 404 if unknown, 409 if it is not running. */
  cancelTask(taskId: string): Promise<void> {
    return this.engine.cancel(taskId);
  }

  /** Creates or replaces a task defined over the API; 409 for a task defined in code. */
  async putTask(taskId: string, input: { settings: unknown; handler: unknown }): Promise<{ task: TaskSnapshot; isNew: boolean }> {
    const settings = parseAtBoundary(taskSettingsSchema, input.settings, 'settings');
    const handler = parseAtBoundary(taskHandlerSchema, input.handler, 'handler');
    assertHandlerAllowed(handler, this.policy());
    assertAlertAllowed(settings, this.policy());
    const limits = this.limits();
    nameInErrors(describeScheduleSubject(taskId), () => assertCadenceAllowed(settings, limits));
    const { row, isNew } = await this.engine.execute((now) => {
      const put = putApiTask(this.engine.readTask(taskId), taskId, settings, handler, now);
      assertTaskCountAllowed(this.engine.pluginId, this.engine.countTasks().api, put.isNew ? 1 : 0, limits);
      return { ...put, changes: [{ row: put.row, effects: [] }] };
    });
    return { task: this.engine.snapshot(row), isNew };
  }

  /** Creates or replaces many API tasks in one transaction, all or none; tasks not listed are left alone. */
  async putTasks(input: unknown): Promise<Array<{ task: TaskSnapshot; isNew: boolean }>> {
    const definitions = parseAtBoundary(apiTaskDefinitionSchema.array(), input, 'tasks');
    const limits = this.limits();
    const { results } = await this.engine.execute((now) => {
      const puts = putApiTasks((taskId) => this.engine.readTask(taskId), definitions, this.policy(), limits, now);
      const added = puts.filter(({ isNew }) => isNew).length;
      assertTaskCountAllowed(this.engine.pluginId, this.engine.countTasks().api, added, limits);
      return { results: puts, changes: puts.map(({ row }) => ({ row, effects: [] })) };
    });
    return results.map(({ row, isNew }) => ({ task: this.engine.snapshot(row), isNew }));
  }

  /** Deletes a task defined over the API with its history, cancelling its run first; 409 for a code task. */
  async deleteTask(taskId: string): Promise<void> {
    await this.engine.execute((now) => ({ changes: [deleteApiTask(this.engine.readTask(taskId), taskId, now)] }));
  }

  /** Pauses a task: it no longer starts on its own, but can be triggered. */
  async pauseTask(taskId: string): Promise<TaskSnapshot> {
    const { row } = await this.engine.execute(() => {
      const paused = pauseTask(this.engine.readTask(taskId), taskId);
      return { row: paused, changes: [{ row: paused, effects: [] }] };
    });
    return this.engine.snapshot(row);
  }

  /** Resumes a paused task. */
  async resumeTask(taskId: string): Promise<TaskSnapshot> {
    const { row } = await this.engine.execute((now) => {
      const resumed = resumeTask(this.engine.readTask(taskId), taskId, now);
      return { row: resumed, changes: [{ row: resumed, effects: [] }] };
    });
    return this.engine.snapshot(row);
  }

  /** Passes over a task's next occurrence, recorded as skipped: 404 if unknown, 409 if manual, paused, running or with no next occurrence. */
  async skipNext(taskId: string): Promise<TaskSnapshot> {
    const { change } = await this.engine.execute((now) => {
      const change = skipNextRun(this.engine.readTask(taskId), taskId, now);
      return { change, changes: [change] };
    });
    return this.engine.snapshot(change.row);
  }

  /** Overrides some settings of a task defined in code; the override outlives deployments. 404 if unknown, 409 for an API task. */
  async overrideTask(taskId: string, input: unknown): Promise<TaskSnapshot> {
    const override = parseAtBoundary(settingsOverrideSchema, input, 'override');
    return this.#changeRow((now) => overrideTask(this.engine.readTask(taskId), taskId, override, now));
  }

  /** Returns a code task to its code's settings: 404 if unknown or without an override. */
  async clearOverride(taskId: string): Promise<TaskSnapshot> {
    return this.#changeRow((now) => clearOverride(this.engine.readTask(taskId), taskId, now));
  }

  async #changeRow(change: (now: number) => TaskRow): Promise<TaskSnapshot> {
    const { row } = await this.engine.execute((now) => {
      const changed = change(now);
      return { row: changed, changes: [{ row: changed, effects: [] }] };
    });
    return this.engine.snapshot(row);
  }

  /** A task's finished runs, newest first. */
  listRuns(taskId: string, limit: number): RunRecord[] {
    return this.engine.readRuns(taskId, limit);
  }

  /** A task's next due times, and the zone its cron runs in. */
  previewRuns(taskId: string, count: number): { times: number[]; timeZone: string } {
    const row = this.engine.existing(taskId);
    return { times: previewNextRuns(row, this.engine.now(), count), timeZone: row.settings.timeZone ?? 'UTC' };
  }
}
