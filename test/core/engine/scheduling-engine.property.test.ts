import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertNever } from '../../../src/core/assert-never.ts';
import { isSchedulerError } from '../../../src/core/errors.ts';
import { computeFirstRun, computeInitialWaitEnd, computeNaturalNextRun } from '../../../src/core/next-run.ts';
import { serializeNamedError } from '../../../src/core/serialize-error.ts';
import type { RunRecord, TaskRow } from '../../../src/core/task-row.ts';
import type { TaskSettings } from '../../../src/core/task-settings.ts';
import { isDue } from '../../../src/core/transitions/claim.ts';
import { at, DAY_MS, HOUR_MS } from '../../support/instants.ts';
import { MemoryPluginObject, RefusedWriteError, type ExecutingRun, type RowWrite } from '../../support/memory-plugin-object.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { PROPERTY_SETTINGS } from '../../support/property-settings.ts';
import { createTestClock } from '../../support/test-clock.ts';

/**
 * A plugin's object with several tasks under random interleavings of deployments, API calls,
 * alarms (on time, late, duplicated), run endings (success, failure, never), evictions, refused
 * storage writes and clock jumps: the real SchedulingEngine over in-memory ports, rebuilt at each
 * eviction over what the object keeps (test/support/memory-plugin-object.ts). Each invariant is
 * checked after every step.
 *
 * It plays SEQUENCES sequences. On failure fast-check prints the seed and the path of the shrunk
 * counterexample, and the message names the broken invariant; replay the same sequence with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run --project unit <this file>`.
 */

const SEQUENCES = 10_000;
const replay = {
  ...(process.env.FC_SEED !== undefined && { seed: Number(process.env.FC_SEED) }),
  ...(process.env.FC_PATH !== undefined && { path: process.env.FC_PATH }),
};

const SETTINGS = PROPERTY_SETTINGS;
/** `a` and `b` are usually defined in code; `x` usually over the API, and sometimes in code, which then takes it over. */
const TASK_IDS = ['a', 'b', 'x'] as const;
const HANDLER = anHttpHandler();

type Operation =
  | { type: 'elapse'; ms: number }
  | { type: 'alarm' }
  | { type: 'duplicateAlarm' }
  | { type: 'trigger' | 'cancel' | 'pause' | 'resume' | 'delete'; task: number }
  | { type: 'put'; task: number; settings: number }
  | { type: 'settle'; run: number; failed: boolean }
  | { type: 'evict' }
  | { type: 'restart' }
  | { type: 'refuseNextWrite' }
  | { type: 'deploy'; definitions: Array<number | null> };

const task = fc.nat({ max: TASK_IDS.length - 1 });
const settingsIndex = fc.nat({ max: SETTINGS.length - 1 });
const rarelyDefined = fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: settingsIndex, weight: 1 });
const definitions = fc.tuple(fc.option(settingsIndex), fc.option(settingsIndex), rarelyDefined);
const elapsed = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 90_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 90_001, max: 3 * HOUR_MS }), weight: 2 },
  // Clock jumps: days forward, or a skew of up to two seconds back, as a move to another machine may bring.
  { arbitrary: fc.integer({ min: 3 * HOUR_MS, max: 3 * DAY_MS }), weight: 1 },
  { arbitrary: fc.integer({ min: -2_000, max: -1 }), weight: 1 },
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('elapse' as const), ms: elapsed }), weight: 5 },
  { arbitrary: fc.constant({ type: 'alarm' as const }), weight: 5 },
  { arbitrary: fc.constant({ type: 'duplicateAlarm' as const }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constantFrom('trigger' as const, 'cancel' as const), task }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constantFrom('pause' as const, 'resume' as const), task }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('delete' as const), task }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('put' as const), task, settings: settingsIndex }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('settle' as const), run: fc.nat(), failed: fc.boolean() }), weight: 5 },
  { arbitrary: fc.constantFrom({ type: 'evict' as const }, { type: 'restart' as const }), weight: 2 },
  { arbitrary: fc.constant({ type: 'refuseNextWrite' as const }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('deploy' as const), definitions }), weight: 1 },
);

interface Scenario {
  definitions: Array<number | null>;
  /** The settings of an API task `x` created once the object has started, unless `x` is in code. */
  apiTask: number | null;
  operations: Operation[];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  definitions,
  apiTask: fc.option(settingsIndex),
  operations: fc.array(operation, { maxLength: 20 }),
});

/** The persisted state as it stood at one moment. */
interface Persisted {
  rows: ReadonlyMap<string, TaskRow>;
  history: readonly RunRecord[];
  alarmAt: number | null;
}

interface Step {
  operation: Operation;
  now: number;
  /** The latest instant the clock has shown so far; after a skew back it is ahead of now. */
  latestNow: number;
  before: Persisted;
  after: Persisted;
  /** The row writes the step made, in order, including the registrations of a start it caused. */
  writes: readonly RowWrite[];
  /** The runs executing in the instance after the step (none while it is evicted). */
  executing: readonly ExecutingRun[];
  model: MemoryPluginObject;
  /** The run a settle step ended, with its task's lease ticket just before. */
  settled?: { run: ExecutingRun; leaseTicket: string | undefined };
  /** Whether the step failed because the storage refused its write (a 500, or an alarm the platform retries). */
  isRefused: boolean;
  /** Whether the current code's tasks were registered before the step; a refused start leaves them unregistered. */
  wasRegistered: boolean;
}

function toDefinitions(indices: ReadonlyArray<number | null>): Map<string, TaskSettings> {
  const definitions = new Map<string, TaskSettings>();
  indices.forEach((index, position) => index !== null && definitions.set(TASK_IDS[position]!, SETTINGS[index]!));
  return definitions;
}

function snapshot(model: MemoryPluginObject): Persisted {
  return { rows: new Map(model.contents.rows), history: model.history, alarmAt: model.alarmAt };
}

/** Plays a scenario on a fresh object, handing every step to `check`. */
async function play({ definitions, apiTask, operations }: Scenario, check: (step: Step) => void): Promise<void> {
  const clock = createTestClock(at('2025-03-30T00:00:00Z'));
  let version = 1;
  const model = new MemoryPluginObject(clock, { versionId: `v${version}`, definitions: toDefinitions(definitions) });
  await model.start();
  if (apiTask !== null && !model.contents.rows.has('x')) await model.put('x', SETTINGS[apiTask]!, HANDLER);

  let latestNow = clock.now();
  for (const operation of operations) {
    const before = snapshot(model);
    const journalLength = model.journal.length;
    const wasRegistered = model.registeredVersion === model.deployment.versionId;
    let settled: Step['settled'];
    let isRefused = false;
    try {
      settled = await perform(model, clock, operation, () => `v${++version}`);
    } catch (error) {
      // 404s, 409s and refused writes are answers, not failures; anything else is a bug.
      if (!isSchedulerError(error) && !(error instanceof RefusedWriteError)) throw error;
      isRefused = error instanceof RefusedWriteError;
    }
    const writes = model.journal.slice(journalLength);
    latestNow = Math.max(latestNow, clock.now());
    const after = snapshot(model);
    check({ operation, now: clock.now(), latestNow, before, after, writes, executing: model.executing, model, isRefused, wasRegistered, ...(settled && { settled }) });
  }
}

async function perform(
  model: MemoryPluginObject,
  clock: ReturnType<typeof createTestClock>,
  operation: Operation,
  nextVersion: () => string,
): Promise<Step['settled']> {
  switch (operation.type) {
    case 'elapse':
      clock.advance(operation.ms);
      return undefined;
    case 'alarm': {
      // The platform delivers the alarm at its time, or late if the clock is already past it.
      const alarmAt = model.alarmAt;
      if (alarmAt === null) return undefined;
      clock.set(Math.max(clock.now(), alarmAt));
      return void (await model.deliverAlarm());
    }
    case 'duplicateAlarm':
      return void (await model.deliverAlarm());
    case 'trigger':
    case 'cancel':
    case 'pause':
    case 'resume':
    case 'delete':
      return void (await model[operation.type](TASK_IDS[operation.task]!));
    case 'put':
      return void (await model.put(TASK_IDS[operation.task]!, SETTINGS[operation.settings]!, HANDLER));
    case 'settle': {
      const executing = model.executing;
      if (executing.length === 0) return undefined;
      const run = executing[operation.run % executing.length]!;
      const leaseTicket = model.contents.rows.get(run.taskId)?.run?.ticket;
      model.settle(run.ticket, operation.failed ? serializeNamedError('Error', 'boom') : null);
      return { run, leaseTicket };
    }
    case 'evict':
      return void model.evict();
    case 'refuseNextWrite':
      return void model.refuseNextTransaction();
    case 'restart':
      model.evict();
      return void (await model.start());
    case 'deploy':
      // New code restarts the object; the cron trigger starts it again within a minute.
      model.deployment = { versionId: nextVersion(), definitions: toDefinitions(operation.definitions) };
      model.evict();
      return void (await model.start());
    default:
      return assertNever(operation);
  }
}

const NEVER = Number.POSITIVE_INFINITY;
const orNever = (instant: number | null | undefined) => instant ?? NEVER;

/** Registration's documented rule: the earlier of the stored and the natural next run; manual (null) wins. */
function minRule(stored: number | null, natural: number | null): number | null {
  return natural === null ? null : Math.min(orNever(stored), natural);
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
    name: "a task never has two runs at once: a live run holds its task's lease, and a lease is taken only from an idle task",
    check: ({ after, executing, writes }) => {
      for (const run of executing) {
        const lease = after.rows.get(run.taskId)?.run?.ticket;
        require(!run.isLive || lease === run.ticket, () => ({ liveRun: run, lease }));
      }
      for (const { cause, before, after: written, now } of writes) {
        if (!written?.run || written.run.ticket === before?.run?.ticket) continue;
        // A wake may release an expired lease and take a new one in the same write.
        const wasIdle = !before?.run || (cause === 'wake' && now >= before.run.timesOutAt);
        require((cause === 'trigger' || cause === 'wake') && wasIdle, () => ({ cause, before, written }));
      }
    },
  },
  {
    name: 'a lease is released only by its own ticket, a cancel, a delete, or its timeout',
    check: ({ writes }) => {
      for (const { cause, before, after, now, ticket } of writes) {
        if (!before?.run || after?.run?.ticket === before.run.ticket) continue;
        const isReleasedProperly =
          (cause === 'complete' && ticket === before.run.ticket) ||
          cause === 'cancel' ||
          cause === 'delete' ||
          cause === 'prune' ||
          (cause === 'wake' && now >= before.run.timesOutAt);
        require(isReleasedProperly, () => ({ cause, ticket, now, before, after }));
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
        const isScheduled = row.settings.cadence === 'manual' || row.isPaused || row.run !== null || row.nextRunAt !== null;
        require(isScheduled, () => ({ unscheduled: row }));
        const dueAt = row.run
          ? row.run.timesOutAt
          : row.isPaused
            ? NEVER
            : Math.max(orNever(row.nextRunAt), computeInitialWaitEnd(row.settings, startedAt));
        earliest = Math.min(earliest, dueAt);
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
      'later only when a run ends, a paused task resumes overdue, a PUT replaces it, or a registration makes it manual',
    check: ({ writes }) => {
      for (const { cause, before, after, now } of writes) {
        if (!before || !after || after.nextRunAt === before.nextRunAt) continue;
        const isLater = orNever(after.nextRunAt) > orNever(before.nextRunAt);
        const endsRun = before.run !== null && after.run?.ticket !== before.run.ticket;
        const isDocumented =
          cause === 'trigger'
            ? after.nextRunAt === now
            : cause === 'register'
              ? after.nextRunAt === minRule(before.nextRunAt, computeNaturalNextRun(after.settings, now))
              : cause === 'put'
                ? after.nextRunAt === computeFirstRun(after.settings, now)
                : cause === 'resume'
                  ? isLater && orNever(before.nextRunAt) < now
                  : isLater && endsRun && (cause === 'complete' || cause === 'cancel' || cause === 'wake');
        require(isDocumented, () => ({ cause, now, before: before.nextRunAt, after: after.nextRunAt }));
      }
    },
  },
  {
    name: 'an eviction keeps everything persisted, and a restart under the same code keeps every lease, pause, setting, last run and recorded run',
    check: ({ operation, before, after, wasRegistered }) => {
      if (operation.type !== 'evict' && (operation.type !== 'restart' || !wasRegistered)) return;
      const isHistoryKept = after.history.length === before.history.length && after.history.every((run, i) => run === before.history[i]);
      require(isHistoryKept && after.rows.size === before.rows.size, () => ({ operation, before: [...before.rows.keys()], after: [...after.rows.keys()] }));
      if (operation.type === 'evict') {
        const isKept = after.alarmAt === before.alarmAt && [...before.rows].every(([taskId, row]) => after.rows.get(taskId) === row);
        require(isKept, () => ({ evicted: true, before: [...before.rows.values()], after: [...after.rows.values()] }));
        return;
      }
      for (const [taskId, row] of before.rows) {
        const kept = after.rows.get(taskId);
        const isKept =
          kept !== undefined &&
          isDeepStrictEqual(kept.run, row.run) &&
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
        const lease = after.rows.get(taskId)?.run?.ticket;
        for (const ticket of tickets) require(ticket === lease || recorded.has(ticket), () => ({ unrecorded: ticket, taskId, lease }));
      }
    },
  },
  {
    name: "every run's end is reported exactly once, when it stops holding its lease",
    check: ({ after, model }) => {
      const leases = new Set([...after.rows.values()].flatMap((row) => row.run?.ticket ?? []));
      for (const ticket of model.launchedTickets) {
        const reports = model.endReports.get(ticket) ?? 0;
        require(reports === (leases.has(ticket) ? 0 : 1), () => ({ ticket, reports, holdsLease: leases.has(ticket) }));
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
function checkInvariants(step: Step): void {
  for (const invariant of INVARIANTS) {
    try {
      invariant.check(step);
    } catch (error) {
      throw new Error(`Broken after ${JSON.stringify(step.operation)}: ${invariant.name}\n${(error as Error).message}`);
    }
  }
}

describe('a plugin object under random interleavings of deployments, calls, alarms, run endings, evictions and clock jumps', () => {
  // One pass checks every invariant: a sequence costs about a millisecond of real core work
  // (luxon durations, cron), so a pass per invariant would multiply the file's time by eight.
  it(`keeps every invariant after every step of ${SEQUENCES.toLocaleString('en')} sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => play(s, checkInvariants)),
      { numRuns: SEQUENCES, ...replay },
    );
    // About 4 s on an idle 2-core machine; the bound leaves room for a loaded CI runner.
  }, 60_000);
});

describe('the interleaving generator', () => {
  // Guards the properties above against passing vacuously: the interesting paths must be reached.
  it('reaches timeouts, lost and recovered runs, stale endings, refused writes, the min-rule, PUTs and deletes of running tasks, and takeovers', async () => {
    const seen = new Set<string>();

    await fc.assert(
      fc.asyncProperty(scenario, (s) =>
        play(s, ({ operation, writes, settled, after, isRefused }) => {
          for (const { cause, before, after: written } of writes) {
            if (cause === 'wake' && before?.run && written?.run?.ticket !== before.run.ticket) {
              seen.add(written?.lastRunError?.includes('TimeoutError') ? 'timeout' : 'lost run');
            }
            if (written?.run?.cause === 'recovery' && before?.run?.cause !== 'recovery') seen.add('recovery run');
            if (cause === 'register' && before && orNever(written?.nextRunAt) < orNever(before.nextRunAt)) seen.add('min-rule');
            if (cause === 'put' && before?.run) seen.add('put while running');
            if (cause === 'delete' && before?.run) seen.add('delete while running');
            if (cause === 'register' && before?.source === 'api') seen.add('code takes over an API task');
            if (cause === 'prune' && before?.run) seen.add('prune while running');
            if (cause === 'resume' && orNever(written?.nextRunAt) > orNever(before?.nextRunAt)) seen.add('resumed overdue');
          }
          if (settled && settled.leaseTicket !== settled.run.ticket) seen.add('stale ending');
          if (settled && settled.leaseTicket === settled.run.ticket && writes.length === 0) seen.add('refused release');
          if (isRefused && (operation.type === 'alarm' || operation.type === 'duplicateAlarm')) seen.add('refused alarm');
          if ([...after.rows.values()].some((row) => row.isPaused && row.run)) seen.add('paused while running');
        }),
      ),
      { numRuns: 1_000, seed: 42 },
    );

    expect([...seen].sort()).toEqual(
      [
        'code takes over an API task',
        'delete while running',
        'lost run',
        'min-rule',
        'paused while running',
        'prune while running',
        'put while running',
        'recovery run',
        'refused alarm',
        'refused release',
        'resumed overdue',
        'stale ending',
        'timeout',
      ].sort(),
    );
  });
});
