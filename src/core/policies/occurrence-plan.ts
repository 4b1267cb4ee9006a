import { assertNever } from '../assert-never.ts';
import { nextCronFireAfter } from '../cron.ts';
import { computeFirstRun, computeNaturalNextRun, computeNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';
import { parseCadence, type TaskSettings } from '../task-settings.ts';
import type { OccurrencePolicyState } from './occurrence-policies.ts';
import { computeExcludedSpans, findExclusionEnd, hasReachedMaxRuns, windowBoundsOf } from './occurrence-window.ts';
import { computeJitterDelay, jitterBoundOf } from './jitter.ts';
import { pendingRetryOf } from './retry-policy.ts';
import type { TaskPolicyState } from './task-policies.ts';

/** A row's next run as the occurrence policies plan it: the start, and the state that remembers its occurrence. */
export interface PlannedRun {
  nextRunAt: number | null;
  policyState: TaskPolicyState | undefined;
}

/** Tells whether settings carry any occurrence policy; without one every plan is the cadence's own. */
export function hasOccurrencePolicies(settings: TaskSettings): boolean {
  return settings.missedRuns !== undefined || settings.jitterDuration !== undefined || settings.window !== undefined;
}

/** The cadence's occurrence after `occurrenceAt`, policies aside: cron's next fire, or one duration later. */
export function followingOccurrence(settings: TaskSettings, occurrenceAt: number): number | null {
  const cadence = parseCadence(settings);
  switch (cadence.type) {
    case 'manual':
      return null;
    case 'cron':
      return nextCronFireAfter(cadence.expression, cadence.timeZone, occurrenceAt);
    case 'duration':
      return occurrenceAt + cadence.ms;
    default:
      return assertNever(cadence);
  }
}

/** The cadence's first occurrence at or after a bound: cron's first fire from it, a duration's rhythm restarting at it. */
function occurrenceFrom(settings: TaskSettings, boundAt: number): number | null {
  const cadence = parseCadence(settings);
  if (cadence.type === 'cron') return nextCronFireAfter(cadence.expression, cadence.timeZone, boundAt - 1);
  return cadence.type === 'manual' ? null : boundAt;
}

/**
 * The first occurrence from `candidate` on that the window admits: not before `startAt`, outside
 * every skipped date and range, not after `endAt`, and only while `maxRuns` is not reached; null
 * when the window is closed for good.
 */
export function admitOccurrence(settings: TaskSettings, state: OccurrencePolicyState | undefined, candidate: number | null): number | null {
  const window = settings.window;
  if (candidate === null || !window) return candidate;
  if (hasReachedMaxRuns(window, state?.scheduledRuns)) return null;
  const { startAt, endAt } = windowBoundsOf(window);
  const spans = computeExcludedSpans(settings);
  let at: number | null = candidate;
  // Each hop passes the start bound or one excluded span, and never goes back, so the spans bound the hops.
  for (let hop = 0; hop <= spans.length + 1 && at !== null && at <= endAt; hop++) {
    const boundAt = at < startAt ? startAt : findExclusionEnd(spans, at);
    if (boundAt === undefined) return at;
    at = occurrenceFrom(settings, boundAt);
  }
  return null;
}

/**
 * When an occurrence starts: later by its jitter, but before the following occurrence and not
 * after the window's end, so jitter never merges two occurrences nor runs one past the bound.
 */
export function jitteredStartOf(taskId: string, settings: TaskSettings, occurrenceAt: number): number {
  const boundMs = jitterBoundOf(settings.jitterDuration);
  if (boundMs === 0) return occurrenceAt;
  const following = followingOccurrence(settings, occurrenceAt);
  const { endAt } = windowBoundsOf(settings.window);
  const capMs = Math.min(boundMs, following === null ? boundMs : following - occurrenceAt - 1, endAt - occurrenceAt);
  return occurrenceAt + computeJitterDelay(taskId, occurrenceAt, Math.max(0, capMs));
}

/** A policy state with some occurrence fields set or cleared (undefined clears); undefined once it holds nothing. */
export function withOccurrenceState(state: TaskPolicyState | undefined, patch: OccurrencePolicyState): TaskPolicyState | undefined {
  const merged: Record<string, unknown> = { ...state, ...patch };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return Object.keys(merged).length > 0 ? (merged as TaskPolicyState) : undefined;
}

/** An occurrence as a row's next run: its start, and the occurrence remembered when jitter moved the start. */
export function planOccurrence(taskId: string, settings: TaskSettings, state: TaskPolicyState | undefined, occurrenceAt: number | null): PlannedRun {
  const nextRunAt = occurrenceAt === null ? null : jitteredStartOf(taskId, settings, occurrenceAt);
  const remembered = occurrenceAt !== null && nextRunAt !== occurrenceAt ? occurrenceAt : undefined;
  if (remembered === undefined && state?.occurrenceAt === undefined) return { nextRunAt, policyState: state };
  return { nextRunAt, policyState: withOccurrenceState(state, { occurrenceAt: remembered }) };
}

/** A cadence's candidate turned into the row's next run: admitted by the window, then delayed by jitter. */
export function planRun(taskId: string, settings: TaskSettings, state: TaskPolicyState | undefined, candidate: number | null): PlannedRun {
  if (!hasOccurrencePolicies(settings) && state?.occurrenceAt === undefined) return { nextRunAt: candidate, policyState: state };
  return planOccurrence(taskId, settings, state, admitOccurrence(settings, state, candidate));
}

/** The nominal occurrence a row's next run stands for (its due time before jitter). */
export function occurrenceOf(row: TaskRow): number | null {
  return row.policyState?.occurrenceAt ?? row.nextRunAt;
}

/** When the occurrence a row's run belongs to was due: the failed occurrence while retrying it, else the nominal one. */
export function occurrenceDueAt(row: TaskRow): number | null {
  return pendingRetryOf(row)?.occurrenceAt ?? occurrenceOf(row);
}

/** The due time a run claimed from the row records: a retry's own, else the occurrence's before jitter. */
export function scheduledForOf(row: TaskRow): number | null {
  return pendingRetryOf(row) ? row.nextRunAt : occurrenceOf(row);
}

/** A new task's first run, under its policies. */
export function planFirstRun(taskId: string, settings: TaskSettings, now: number, state?: TaskPolicyState): PlannedRun {
  return planRun(taskId, settings, state, computeFirstRun(settings, now));
}

/** The next run the cadence implies from now, under the policies; registration's min-rule compares with it. */
export function planNaturalNextRun(taskId: string, settings: TaskSettings, now: number, state?: TaskPolicyState): PlannedRun {
  return planRun(taskId, settings, state, computeNaturalNextRun(settings, now));
}

/**
 * The next run after the row's occurrence ends or is passed over. As today, the cadence's next
 * occurrence not in the past; with `missedRuns: all`, the very next one, so a backlog is caught up.
 */
export function planNextRun(row: TaskRow, now: number): PlannedRun {
  const previous = occurrenceDueAt(row);
  const catchesUp = row.settings.missedRuns?.policy === 'all' && previous !== null;
  const candidate = catchesUp ? followingOccurrence(row.settings, previous) : computeNextRun(row.settings, previous, now);
  return planRun(row.taskId, row.settings, row.policyState, candidate);
}

/** The row with a planned next run; its policy state goes when it holds nothing. */
export function withPlannedRun(row: TaskRow, planned: PlannedRun): TaskRow {
  const { policyState: _replaced, ...rest } = row;
  return { ...rest, nextRunAt: planned.nextRunAt, ...(planned.policyState && { policyState: planned.policyState }) };
}

/** The row with one more scheduled run counted, when `window.maxRuns` is set. */
export function countScheduledRun(row: TaskRow): TaskRow {
  if (row.settings.window?.maxRuns === undefined) return row;
  const scheduledRuns = (row.policyState?.scheduledRuns ?? 0) + 1;
  return { ...row, policyState: withOccurrenceState(row.policyState, { scheduledRuns }) };
}
