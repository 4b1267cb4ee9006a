import { DateTime } from 'luxon';
import type { TaskSettings } from '../task-settings.ts';
import { modelOffsetsNear, placeWallTime } from '../zoned-wall-time.ts';
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

const DAY_MS = 86_400_000;

/**
 * The instants a range of wall times covers in `zone`, from the first instant `from` names to the
 * last one `to` names (a repeated autumn hour is covered twice); a wall time in the spring gap
 * stands for the moment the clocks jump, as cron's fixed-time jobs do. A date `to` includes its
 * whole day, to the next midnight: 23 or 25 hours on a day the clocks change.
 */
export function placeWallTimeRange(from: string, to: string, zone: string): ExcludedSpan {
  const fromWall = DateTime.fromISO(from, { zone: 'UTC' }).toMillis();
  const toWall = DateTime.fromISO(to, { zone: 'UTC' }).toMillis() + (to.length === 10 ? DAY_MS : 0);
  const first = placeWallTime(modelOffsetsNear(zone, fromWall), fromWall);
  const last = placeWallTime(modelOffsetsNear(zone, toWall), toWall);
  return { fromAt: first.instants[0] ?? first.gapEnd ?? fromWall, toAt: last.instants[last.instants.length - 1] ?? last.gapEnd ?? toWall };
}

/** The spans computed per window object and zone: a catch-up scan admits thousands of occurrences against the same window. */
const spansByWindow = new WeakMap<object, { zone: string; spans: ExcludedSpan[] }>();

/** Every excluded span of a window, from its skip dates and skip ranges, as instants. */
export function computeExcludedSpans(settings: TaskSettings): ExcludedSpan[] {
  const window = settings.window;
  if (!window) return [];
  const zone = windowZoneOf(settings);
  const cached = spansByWindow.get(window);
  if (cached?.zone === zone) return cached.spans;
  const dates = (window.skipDates ?? []).map((date) => ({ from: date, to: date }));
  const spans = [...dates, ...(window.skipRanges ?? [])].map(({ from, to }) => placeWallTimeRange(from, to, zone));
  spansByWindow.set(window, { zone, spans });
  return spans;
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
