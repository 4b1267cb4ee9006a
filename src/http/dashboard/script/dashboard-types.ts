import type { RunsResponse, TaskResponse } from '../../schemas.ts';

/**
 * A task as the dashboard reads it: the API's answer, plus `taskState.stale`, which issue 13's
 * policies add; optional so the page works before and after it lands.
 */
export type DashboardTask = TaskResponse & {
  taskState: TaskResponse['taskState'] & { stale?: boolean };
};

/** One finished run of the history. */
export type RunRecord = RunsResponse['runs'][number];

/** A task with what the page shows beside it: its recent runs (null where none are kept) and its cadence in words. */
export interface TaskView {
  pluginId: string;
  task: DashboardTask;
  runs: RunRecord[] | null;
  words: string;
}

/** One plugin's section of the page. */
export interface PluginView {
  pluginId: string;
  tasks: TaskView[];
}

/** What an action button asks the API to do. */
export type TaskAction = 'trigger' | 'cancel' | 'pause' | 'resume';

/** Backstage's error body, or whatever else (or nothing) a failed answer carried. */
export interface ApiErrorBody {
  error?: { name: string; message: string };
}
