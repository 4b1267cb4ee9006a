import { assertNever } from './assert-never.ts';
import { nextCronFireAfter } from './cron.ts';
import { durationToMs } from './duration.ts';
import { parseCadence, type TaskSettings } from './task-settings.ts';

/**
 * When a newly registered task first runs: after its initial delay if it has one, else at
 * cron's next fire, else at once for durations. Manual tasks never run on their own.
 */
export function computeFirstRun(settings: TaskSettings, now: number): number | null {
  const cadence = parseCadence(settings);
  if (cadence.type === 'manual') return null;
  if (settings.initialDelayDuration) return now + durationToMs(settings.initialDelayDuration);
  if (cadence.type === 'cron') return nextCronFireAfter(cadence.expression, cadence.timeZone, now);
  return now;
}

/**
 * The next run a cadence implies if nothing had run yet: cron's next fire, or now plus the
 * duration. Re-registration takes the earlier of this and the stored next run.
 */
export function computeNaturalNextRun(settings: TaskSettings, now: number): number | null {
  const cadence = parseCadence(settings);
  switch (cadence.type) {
    case 'manual':
      return null;
    case 'cron':
      return nextCronFireAfter(cadence.expression, cadence.timeZone, now);
    case 'duration':
      return now + cadence.ms;
    default:
      return assertNever(cadence);
  }
}

/**
 * The next run after a run ends. Cron: the next fire after now. Duration: fixed rate from the
 * previous due time, but never in the past, so downtime causes no burst of catch-up runs.
 */
export function computeNextRun(settings: TaskSettings, previousDueAt: number | null, now: number): number | null {
  const cadence = parseCadence(settings);
  switch (cadence.type) {
    case 'manual':
      return null;
    case 'cron':
      // From the later of now and the previous due time, so an early wake-up cannot fire the same occurrence twice.
      return nextCronFireAfter(cadence.expression, cadence.timeZone, Math.max(now, previousDueAt ?? now));
    case 'duration':
      return Math.max((previousDueAt ?? now) + cadence.ms, now);
    default:
      return assertNever(cadence);
  }
}

/** The end of a task's initial wait in a worker that started at `workerStartedAt`. */
export function computeInitialWaitEnd(settings: TaskSettings, workerStartedAt: number): number {
  return settings.initialDelayDuration ? workerStartedAt + durationToMs(settings.initialDelayDuration) : workerStartedAt;
}
