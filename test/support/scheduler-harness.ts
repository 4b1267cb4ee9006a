import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import type { TaskRow } from '../../src/core/task-row.ts';
import { TaskStore } from '../../src/durable/task-store.ts';
import type { ProbeRun } from './task-probe.ts';

/** A token the integration tests' Worker accepts (see vitest.config.ts). */
export const API_TOKEN = 'test-token-1';

/** The REST base path of a plugin. */
export function apiBase(pluginId: string): string {
  return `/api/${pluginId}/.backstage/scheduler/v1`;
}

/** Sends a request to the Worker under test, authenticated unless `headers` says otherwise. */
export function callApi(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`http://scheduler.test${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${API_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

/** `POST .../tasks/<id>/<action>` with the id URL-encoded. */
export function postTaskAction(pluginId: string, taskId: string, action: 'trigger' | 'cancel'): Promise<Response> {
  return callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}/${action}`, { method: 'POST' });
}

/** The plugin's object. */
export function schedulerOf(pluginId: string) {
  return env.PLUGIN_SCHEDULER.getByName(pluginId);
}

/** A task's stored row, read inside the object. */
export function readRow(pluginId: string, taskId: string): Promise<TaskRow | undefined> {
  return runInDurableObject(schedulerOf(pluginId), (_instance, state) => new TaskStore(state.storage.sql).readTask(taskId));
}

/** The object's armed alarm, or null. */
export function alarmOf(pluginId: string): Promise<number | null> {
  return runInDurableObject(schedulerOf(pluginId), (_instance, state) => state.storage.getAlarm());
}

/** Fires the object's alarm now, whatever time it is set for; false if none is set. */
export function fireAlarm(pluginId: string): Promise<boolean> {
  return runDurableObjectAlarm(schedulerOf(pluginId));
}

/** Ends a probe run from inside its object, then waits until the scheduler recorded the end. */
export function endRun(pluginId: string, run: ProbeRun, error?: Error): Promise<void> {
  return runInDurableObject(schedulerOf(pluginId), async () => {
    if (error) run.fail(error);
    else run.finish();
    await run.recorded;
  });
}

/** Starts a plugin's object, which registers its tasks at the current test time. */
export async function startPlugin(pluginId: string): Promise<void> {
  await schedulerOf(pluginId).ping();
}

/** Reads a JSON response body as the given type. */
export async function jsonOf<T = { error: { name: string; message: string } }>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** `PUT .../tasks/<id>` with a JSON body. */
export function putTask(pluginId: string, taskId: string, body: unknown): Promise<Response> {
  return callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** `PUT .../tasks` with a JSON body: a batch definition. */
export function putTasks(pluginId: string, tasks: unknown[]): Promise<Response> {
  return callApi(`${apiBase(pluginId)}/tasks`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tasks }) });
}

/** A request the auxiliary handler Worker received. */
export interface ReceivedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Every request the auxiliary handler Worker has received, oldest first. */
export async function handlerRequests(): Promise<ReceivedRequest[]> {
  const response = await env.HANDLER_SERVICE.fetch('http://handler.test/__requests');
  return (await response.json()) as ReceivedRequest[];
}
