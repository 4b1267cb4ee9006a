import { apiBase, callApi, jsonOf } from './scheduler-harness.ts';

/** A task's state as `GET .../tasks/<id>` shows it, times in ISO-8601 UTC. */
export interface TaskStateView {
  status: 'idle' | 'running';
  startsAt?: string;
  startedAt?: string;
  timesOutAt?: string;
  lastRunEndedAt?: string;
  lastRunError?: string;
  paused?: true;
}

/** One finished run as `GET .../tasks/<id>/runs` shows it. */
export interface RunView {
  ticket: string;
  trigger: 'schedule' | 'trigger' | 'recovery';
  scheduledFor: string;
  startedAt: string;
  endedAt: string;
  outcome: 'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'lost';
  error?: string;
}

/** The task as the REST API shows it: its settings and its state. */
export async function taskOf(pluginId: string, taskId: string): Promise<{ settings: { cadence: string; timeoutAfterDuration: string }; taskState: TaskStateView }> {
  const response = await callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}`);
  if (response.status !== 200) throw new Error(`GET task ${taskId} answered ${response.status}: ${await response.text()}`);
  return jsonOf(response);
}

/** The task's state as the REST API shows it. */
export async function taskStateOf(pluginId: string, taskId: string): Promise<TaskStateView> {
  return (await taskOf(pluginId, taskId)).taskState;
}

/** The task's run history as the REST API shows it, newest first. */
export async function runHistoryOf(pluginId: string, taskId: string): Promise<RunView[]> {
  const response = await callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}/runs`);
  if (response.status !== 200) throw new Error(`GET runs of ${taskId} answered ${response.status}: ${await response.text()}`);
  return (await jsonOf<{ runs: RunView[] }>(response)).runs;
}

/** An instant as the REST API writes it. */
export function iso(at: number): string {
  return new Date(at).toISOString();
}
