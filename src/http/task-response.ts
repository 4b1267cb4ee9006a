import type { TaskSnapshot } from '../core/task-status.ts';
import { toIsoTimestamp } from './iso-time.ts';
import type { TaskResponse } from './schemas.ts';

function isoOrAbsent<K extends string>(key: K, at: number | undefined): Partial<Record<K, string>> {
  return at === undefined ? {} : ({ [key]: toIsoTimestamp(at) } as Record<K, string>);
}

/** Turns the object's snapshot of a task into the contract's JSON, with ISO-8601 UTC times. */
export function toTaskResponse(pluginId: string, snapshot: TaskSnapshot): TaskResponse {
  const state = snapshot.taskState;
  const last = {
    ...(state.lastRunError !== undefined && { lastRunError: state.lastRunError }),
    ...isoOrAbsent('lastRunEndedAt', state.lastRunEndedAt),
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
  };
}
