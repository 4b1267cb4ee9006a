import type { TaskHandler } from '../core/task-handler.ts';
import type { RunRecord } from '../core/task-row.ts';
import type { TaskSnapshot } from '../core/task-status.ts';
import { toIsoTimestamp } from './iso-time.ts';
import type { RunsResponse, TaskResponse } from './schemas.ts';

/** Header values may hold the handler's credentials, so responses show their names only. */
function redactHeaders(handler: TaskHandler): TaskHandler {
  if (!handler.headers) return handler;
  return { ...handler, headers: Object.fromEntries(Object.keys(handler.headers).map((name) => [name, '[redacted]'])) };
}

function isoOrAbsent<K extends string>(key: K, at: number | undefined): Partial<Record<K, string>> {
  return at === undefined ? {} : ({ [key]: toIsoTimestamp(at) } as Record<K, string>);
}

/** Turns the object's snapshot of a task into the contract's JSON, with ISO-8601 UTC times. */
export function toTaskResponse(pluginId: string, snapshot: TaskSnapshot): TaskResponse {
  const state = snapshot.taskState;
  const last = {
    ...(state.lastRunError !== undefined && { lastRunError: state.lastRunError }),
    ...isoOrAbsent('lastRunEndedAt', state.lastRunEndedAt),
    ...(state.paused && { paused: true as const }),
  };
  return {
    taskId: snapshot.taskId,
    pluginId,
    scope: snapshot.scope,
    settings: snapshot.settings,
    taskState:
      state.status === 'running'
        ? {
            status: 'running',
            startedAt: toIsoTimestamp(state.startedAt),
            timesOutAt: toIsoTimestamp(state.timesOutAt),
            ...last,
          }
        : { status: 'idle', ...isoOrAbsent('startsAt', state.startsAt), ...last },
    workerState: snapshot.workerState,
    ...(snapshot.source && { source: snapshot.source }),
    ...(snapshot.handler && { handler: redactHeaders(snapshot.handler) }),
    ...(snapshot.override && {
      override: {
        setAt: toIsoTimestamp(snapshot.override.setAt),
        settings: snapshot.override.settings,
        codeSettings: snapshot.override.codeSettings,
      },
    }),
  };
}

/** One task as `GET .../tasks` lists it, as JSON text. */
export function renderTask(pluginId: string, snapshot: TaskSnapshot): string {
  return JSON.stringify(toTaskResponse(pluginId, snapshot));
}

/** Tasks as the JSON array text of `GET .../tasks`. */
export function renderTaskList(pluginId: string, snapshots: readonly TaskSnapshot[]): string {
  return JSON.stringify(snapshots.map((snapshot) => toTaskResponse(pluginId, snapshot)));
}

/** Two JSON arrays' texts as one array's, the first's items first. */
export function concatJsonArrays(first: string, second: string): string {
  if (first === '[]') return second;
  if (second === '[]') return first;
  return `${first.slice(0, -1)},${second.slice(1)}`;
}

/** Turns a finished run into the run history's JSON. */
export function toRunResponse(run: RunRecord): RunsResponse['runs'][number] {
  return {
    ticket: run.ticket,
    trigger: run.cause,
    scheduledFor: toIsoTimestamp(run.scheduledFor),
    startedAt: toIsoTimestamp(run.startedAt),
    endedAt: toIsoTimestamp(run.endedAt),
    outcome: run.outcome,
    ...(run.error !== null && { error: run.error }),
  };
}
