import { serializeNamedError } from './serialize-error.ts';
import type { TaskSettings } from './task-settings.ts';

/** Why a run that outlived its timeout was aborted, as its signal's reason and its recorded error say. */
export function describeTimeout(settings: Pick<TaskSettings, 'timeoutAfterDuration'>): string {
  return `Task timed out after ${settings.timeoutAfterDuration}`;
}

/** How a lost run's lease was released: at its timeout, or when its object started again. */
export type LostRunRelease = 'released at its timeout' | 'released when its object started again';

/** The recorded error of a run lost with its worker (eviction, crash, deploy). */
export function lostRunError(howReleased: LostRunRelease): string {
  return serializeNamedError('Error', `Task run was lost before it finished (its worker stopped); ${howReleased}`);
}
