import { DateTime } from 'luxon';
import type { TaskSettings } from '../task-settings.ts';
import type { OccurrenceWindow } from './occurrence-policies.ts';

/** A span of instants [fromAt, toAt) in which no occurrence runs. */
export interface ExcludedSpan {
  fromAt: number;
  toAt: number;
}

/** The zone a window's dates and wall times are read in: its own, else the task's, else UTC. */
export function windowZoneOf(settings: TaskSettings): string {
  return settings.window?.timeZone ?? settings.timeZone ?? 'UTC';
}

/** The instant a wall time starts in `zone`; a wall time in a spring-forward gap starts when the clocks jump. */
function startOfWallTime(value: string, zone: string): number {
  return DateTime.fromISO(value, { zone }).toMillis();
}

/** The end of a range's `to`: a date includes its whole day (to the next midnight, 23 or 25 hours on a DST day). */
function endOfWallTime(value: string, zone: string): number {
  const at = DateTime.fromISO(value, { zone });
  return value.length === 10 ? at.plus({ days: 1 }).startOf('day').toMillis() : at.toMillis();
}

/** Every excluded span of a window, from its skip dates and skip ranges, as instants. */
export function computeExcludedSpans(settings: TaskSettings): ExcludedSpan[] {
  const window = settings.window;
  if (!window) return [];
  const zone = windowZoneOf(settings);
  const dates = (window.skipDates ?? []).map((date) => ({ from: date, to: date }));
  return [...dates, ...(window.skipRanges ?? [])].map(({ from, to }) => ({
    fromAt: startOfWallTime(from, zone),
    toAt: endOfWallTime(to, zone),
  }));
}

/** The end of the excluded span `at` falls in, or undefined when `at` may run. */
export function findExclusionEnd(spans: readonly ExcludedSpan[], at: number): number | undefined {
  let end: number | undefined;
  for (const span of spans) if (span.fromAt <= at && at < span.toAt) end = Math.max(end ?? at, span.toAt);
  return end;
}

/** The window's bounds as instants; absent bounds are infinite. */
export function windowBoundsOf(window: OccurrenceWindow | undefined): { startAt: number; endAt: number } {
  return {
    startAt: window?.startAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(window.startAt),
    endAt: window?.endAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.endAt),
  };
}

/** Tells whether the window has let its last scheduled run start. */
export function hasReachedMaxRuns(window: OccurrenceWindow | undefined, scheduledRuns: number | undefined): boolean {
  return window?.maxRuns !== undefined && (scheduledRuns ?? 0) >= window.maxRuns;
}
