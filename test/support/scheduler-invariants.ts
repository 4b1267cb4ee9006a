import { isDeepStrictEqual } from 'node:util';
import { computeInitialWaitEnd } from '../../src/core/next-run.ts';
import { occurrenceOf, planFirstRun, planNaturalNextRun, planRun } from '../../src/core/policies/occurrence-plan.ts';
import { computeExcludedSpans, findExclusionEnd, windowBoundsOf } from '../../src/core/policies/occurrence-window.ts';
import { activeRunsOf, runCapacityOf } from '../../src/core/policies/concurrent-runs.ts';
import { computePreemptAt } from '../../src/core/policies/overlap-policy.ts';
import type { RunLease, TaskRow } from '../../src/core/task-row.ts';
import { isDue } from '../../src/core/transitions/claim.ts';
import type { Step } from './object-interleavings.ts';

const NEVER = Number.POSITIVE_INFINITY;
/** An instant, or never for null (manual) and undefined. */
export const orNever = (instant: number | null | undefined) => instant ?? NEVER;

/**
 * Registration's documented rule: the earlier of the stored next run (its occurrence under the new
 * settings' window and jitter) and the natural one; manual, or a closed window (null), wins.
 */
function minRule(before: TaskRow, after: TaskRow, now: number): number | null {
  const natural = planNaturalNextRun(after.taskId, after.settings, now, before.policyState).nextRunAt;
  const stored = before.nextRunAt === null ? null : planRun(after.taskId, after.settings, before.policyState, occurrenceOf(before)).nextRunAt;
  return natural === null ? null : Math.min(orNever(stored), natural);
}

/** Whether a wake at `now` may cancel the row's run because its next occurrence came due (overlap: cancel-running). */
function isPreempted(row: TaskRow, now: number): boolean {
  return orNever(computePreemptAt(row)) <= now;
}

/** Tells whether a write is an alarm's pass over missed occurrences, which a missed-runs policy other than `once` makes. */
function passesOverMissed(cause: string, after: TaskRow): boolean {
  const policy = after.settings.missedRuns?.policy;
  return cause === 'wake' && (policy === 'skip' || policy === 'all');
}

/** Tells whether a task's window lets no occurrence run from now on: past its end, or its maximum runs reached. */
function isWindowClosed(row: TaskRow, now: number): boolean {
  return row.settings.window !== undefined && planNaturalNextRun(row.taskId, row.settings, now, row.policyState).nextRunAt === null;
}

/** Every lease a task's row holds: its run, and the concurrent runs of `overlap: 'allow'`; none for no row. */
function leasesOf(row: TaskRow | undefined): RunLease[] {
  return row ? activeRunsOf(row) : [];
}

/** The leases a write took: in the row after it, not before. */
function takenLeases(before: TaskRow | undefined, after: TaskRow | undefined): RunLease[] {
  const held = new Set(leasesOf(before).map((run) => run.ticket));
  return leasesOf(after).filter((run) => !held.has(run.ticket));
}

/** One invariant: a name for the failure message, and a check that throws when a step breaks it. */
interface Invariant {
  name: string;
  check(step: Step): void;
}

/** Throws with the given details unless `condition` holds; cheaper than `expect`, which dominated the run time. */
function require(condition: boolean, details: () => unknown): void {
  if (!condition) throw new Error(JSON.stringify(details()));
}

const INVARIANTS: readonly Invariant[] = [
  {
    name:
      "a task never has more runs at once than its overlap policy allows (one, or maxConcurrentRuns under 'allow'): " +
      'a live run holds one of its task\'s leases, and a lease is taken only where there is room for it',
    check: ({ after, executing, writes }) => {
      for (const run of executing) {
        const leases = leasesOf(after.rows.get(run.taskId)).map((lease) => lease.ticket);
        require(!run.isLive || leases.includes(run.ticket), () => ({ liveRun: run, leases }));
      }
      for (const { cause, before, after: written } of writes) {
        if (takenLeases(before, written).length === 0) continue;
        // A wake may release expired or preempted leases and take a new one in the same write: the
        // leases after it, old and new, fit the task's room.
        const fits = leasesOf(written).length <= runCapacityOf(written!);
        require((cause === 'trigger' || cause === 'wake') && fits, () => ({ cause, before, written }));
      }
    },
  },
  {
    name: 'a lease is released only by its own ticket, a cancel, a delete, or its timeout',
    check: ({ writes }) => {
      for (const { cause, before, after, now, ticket } of writes) {
        const kept = new Set(leasesOf(after).map((run) => run.ticket));
        for (const lease of leasesOf(before)) {
          if (kept.has(lease.ticket)) continue;
          const isReleasedProperly =
            (cause === 'complete' && ticket === lease.ticket) ||
            cause === 'cancel' ||
            cause === 'delete' ||
            cause === 'prune' ||
            (cause === 'wake' && (now >= lease.timesOutAt || (lease === before!.run && isPreempted(before!, now))));
          require(isReleasedProperly, () => ({ cause, ticket, now, lease, before, after }));
        }
      }
    },
  },
  {
    name: 'a run that ends without holding its lease changes nothing persisted',
    check: ({ settled, before, after, writes }) => {
      if (!settled || settled.leaseTicket === settled.run.ticket) return;
      require(writes.length === 0 && after.history.length === before.history.length, () => ({ settled, writes }));
    },
  },
  {
    name: 'no schedule is lost: a task neither manual nor paused has a next run, and the alarm is at or before the earliest due time or lease expiry',
    check: ({ after, latestNow, model }) => {
      let earliest = NEVER;
      const startedAt = model.worker.startedAt;
      for (const row of after.rows.values()) {
        const isScheduled =
          row.settings.cadence === 'manual' || row.isPaused || leasesOf(row).length > 0 || row.nextRunAt !== null || isWindowClosed(row, latestNow);
        require(isScheduled, () => ({ unscheduled: row }));
        const leases = leasesOf(row);
        const hasRoom = leases.length < runCapacityOf(row);
        const nextAt = row.isPaused || !hasRoom ? NEVER : Math.max(orNever(row.nextRunAt), computeInitialWaitEnd(row.settings, startedAt));
        earliest = Math.min(earliest, nextAt, ...leases.map((lease) => lease.timesOutAt));
      }
      // An overdue task arms the alarm for the moment of arming, never the past, so an alarm that
      // has come due counts even if the clock has since stepped back.
      const isArmedInTime = earliest === NEVER || (after.alarmAt !== null && after.alarmAt <= Math.max(earliest, latestNow));
      require(isArmedInTime, () => ({ alarmAt: after.alarmAt, earliest, latestNow }));
    },
  },
  {
    // A stored null is "never" (manual), so it compares as later than any instant.
    name:
      'a next run changes only as documented: earlier by a trigger (to now), the min-rule of registration or a PUT (to its first run); ' +
      'later only when a run ends, a paused task resumes overdue, a PUT replaces it, a registration makes it manual or moves it out of a window, ' +
      'or an alarm passes over missed occurrences',
    check: ({ writes }) => {
      for (const { cause, before, after, now } of writes) {
        if (!before || !after || after.nextRunAt === before.nextRunAt) continue;
        const isLater = orNever(after.nextRunAt) > orNever(before.nextRunAt);
        const endsRun = before.run !== null && after.run?.ticket !== before.run.ticket;
        // Under `allow` a claim plans the next occurrence at once, after the one it claimed.
        const [started] = takenLeases(before, after).filter((lease) => lease !== after.run);
        const plansAtStart = started !== undefined && orNever(after.nextRunAt) > started.scheduledFor && (cause === 'trigger' || cause === 'wake');
        const isDocumented = plansAtStart
          ? true
          : cause === 'trigger'
            ? after.nextRunAt === now
            : cause === 'register'
              ? after.nextRunAt === minRule(before, after, now)
              : cause === 'put'
                ? after.nextRunAt === planFirstRun(after.taskId, after.settings, now).nextRunAt
                : cause === 'resume'
                  ? isLater && orNever(before.nextRunAt) < now
                  : isLater && (endsRun ? cause === 'complete' || cause === 'cancel' || cause === 'wake' : passesOverMissed(cause, after));
        require(isDocumented, () => ({ cause, now, before: before.nextRunAt, after: after.nextRunAt }));
      }
    },
  },
  {
    name: 'an eviction keeps everything persisted, and a restart under the same code keeps every lease, pause, setting, last run and recorded run',
    check: ({ operation, before, after, wasRegistered }) => {
      if (operation.type !== 'evict' && (operation.type !== 'restart' || !wasRegistered)) return;
      // Deep equality: a store may read its rows and runs afresh, as SQLite does after an eviction.
      const isHistoryKept = isDeepStrictEqual(after.history, before.history);
      require(isHistoryKept && after.rows.size === before.rows.size, () => ({ operation, before: [...before.rows.keys()], after: [...after.rows.keys()] }));
      if (operation.type === 'evict') {
        const isKept = after.alarmAt === before.alarmAt && [...before.rows].every(([taskId, row]) => isDeepStrictEqual(after.rows.get(taskId), row));
        require(isKept, () => ({ evicted: true, before: [...before.rows.values()], after: [...after.rows.values()] }));
        return;
      }
      for (const [taskId, row] of before.rows) {
        const kept = after.rows.get(taskId);
        const isKept =
          kept !== undefined &&
          isDeepStrictEqual(leasesOf(kept), leasesOf(row)) &&
          kept.isPaused === row.isPaused &&
          isDeepStrictEqual(kept.settings, row.settings) &&
          kept.source === row.source &&
          kept.lastRunEndedAt === row.lastRunEndedAt &&
          kept.lastRunError === row.lastRunError;
        require(isKept, () => ({ restarted: true, before: row, after: kept }));
      }
    },
  },
  {
    name: 'every run that ends is recorded exactly once: a started run holds its lease or is in the history',
    check: ({ after, model }) => {
      const recorded = new Set(after.history.map((run) => run.ticket));
      require(recorded.size === after.history.length, () => ({ duplicated: after.history }));
      for (const [taskId, tickets] of model.startedTickets) {
        const leases = leasesOf(after.rows.get(taskId)).map((lease) => lease.ticket);
        for (const ticket of tickets) require(leases.includes(ticket) || recorded.has(ticket), () => ({ unrecorded: ticket, taskId, leases }));
      }
    },
  },
  {
    name: "every run's end is reported exactly once, when it stops holding its lease",
    check: ({ after, model }) => {
      const leases = new Set([...after.rows.values()].flatMap((row) => leasesOf(row).map((lease) => lease.ticket)));
      for (const ticket of model.launchedTickets) {
        const reports = model.endReports.get(ticket) ?? 0;
        require(reports === (leases.has(ticket) ? 0 : 1), () => ({ ticket, reports, holdsLease: leases.has(ticket) }));
      }
    },
  },
  {
    name: 'no scheduled run stands for an occurrence before the start bound, after the end bound, on a skipped date or range, or beyond the maximum runs',
    check: ({ writes }) => {
      for (const { before, after: written } of writes) {
        const [run] = takenLeases(before, written);
        if (!run || run.cause !== 'schedule' || !written?.settings.window) continue;
        const { startAt, endAt } = windowBoundsOf(written.settings.window);
        const isAdmitted = findExclusionEnd(computeExcludedSpans(written.settings), run.scheduledFor) === undefined;
        const maxRuns = written.settings.window.maxRuns ?? Infinity;
        const isWithin = run.scheduledFor >= startAt && run.scheduledFor <= endAt && (written.policyState?.scheduledRuns ?? 0) <= maxRuns;
        require(isAdmitted && isWithin, () => ({ run, window: written.settings.window, policyState: written.policyState }));
      }
    },
  },
  {
    // An alarm whose write was refused throws, and the platform delivers it again.
    name: 'an alarm that succeeds leaves nothing due and never re-arms for the instant it fired',
    check: ({ operation, after, now, model, isRefused }) => {
      if ((operation.type !== 'alarm' && operation.type !== 'duplicateAlarm') || !model.isStarted || isRefused) return;
      for (const row of after.rows.values()) require(!isDue(row, now, model.worker), () => ({ stillDue: row, now }));
      require(after.alarmAt === null || after.alarmAt > now, () => ({ alarmAt: after.alarmAt, now }));
    },
  },
];

/** Checks every invariant after a step, naming the one that broke. */
export function checkInvariants(step: Step): void {
  for (const invariant of INVARIANTS) {
    try {
      invariant.check(step);
    } catch (error) {
      throw new Error(`Broken after ${JSON.stringify(step.operation)}: ${invariant.name}\n${(error as Error).message}`);
    }
  }
}

