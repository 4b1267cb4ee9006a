import fc from 'fast-check';
import { assertNever } from '../../src/core/assert-never.ts';
import { isSchedulerError } from '../../src/core/errors.ts';
import { activeRunsOf } from '../../src/core/policies/concurrent-runs.ts';
import { serializeNamedError } from '../../src/core/serialize-error.ts';
import type { RunRecord, TaskRow } from '../../src/core/task-row.ts';
import type { TaskSettings } from '../../src/core/task-settings.ts';
import { at, DAY_MS, HOUR_MS } from './instants.ts';
import type { ObjectStorage } from './object-storage.ts';
import { PluginObjectUnderTest, RefusedWriteError, type ExecutingRun, type RowWrite } from './plugin-object-under-test.ts';
import { POLICY_PROPERTY_SETTINGS, PROPERTY_SETTINGS } from './property-settings.ts';
import { RUN_POLICY_SETTINGS } from './run-policy-settings.ts';
import { anHttpHandler } from './task-handler-builder.ts';
import { createTestClock } from './test-clock.ts';

/*
 * Random interleavings of deployments, API calls, alarms (on time, late, duplicated), run endings
 * (success, failure, never), evictions, refused storage writes and clock jumps, played on a plugin
 * object under test (plugin-object-under-test.ts) over any storage; scheduler-invariants.ts checks
 * each step.
 */

const SETTINGS = [...PROPERTY_SETTINGS, ...POLICY_PROPERTY_SETTINGS, ...RUN_POLICY_SETTINGS];
/** `a` and `b` are usually defined in code; `x` usually over the API, and sometimes in code, which then takes it over. */
const TASK_IDS = ['a', 'b', 'x'] as const;
const HANDLER = anHttpHandler();

/** One step of a sequence. */
export type Operation =
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

/** A sequence: the first deployment's tasks, an API task, and the steps. */
export interface Scenario {
  definitions: Array<number | null>;
  /** The settings of an API task `x` created once the object has started, unless `x` is in code. */
  apiTask: number | null;
  operations: Operation[];
}

/** The generator of sequences. */
export const scenario: fc.Arbitrary<Scenario> = fc.record({
  definitions,
  apiTask: fc.option(settingsIndex),
  operations: fc.array(operation, { maxLength: 20 }),
});

/** The persisted state as it stood at one moment. */
export interface Persisted {
  rows: ReadonlyMap<string, TaskRow>;
  history: readonly RunRecord[];
  alarmAt: number | null;
}

/** What one step did, for the invariants to inspect. */
export interface Step {
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
  model: PluginObjectUnderTest;
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

function snapshot(model: PluginObjectUnderTest): Persisted {
  return { rows: model.readRows(), history: model.readHistory(), alarmAt: model.alarmAt };
}

/** Plays a scenario on a fresh object over `storage` (memory unless given), handing every step to `check`. */
export async function play({ definitions, apiTask, operations }: Scenario, check: (step: Step) => void, storage?: ObjectStorage): Promise<void> {
  const clock = createTestClock(at('2025-03-30T00:00:00Z'));
  let version = 1;
  const model = new PluginObjectUnderTest(clock, { versionId: `v${version}`, definitions: toDefinitions(definitions) }, storage);
  await model.start();
  if (apiTask !== null && !model.readRows().has('x')) await model.put('x', SETTINGS[apiTask]!, HANDLER);

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
  model: PluginObjectUnderTest,
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
      const row = model.readRows().get(run.taskId);
      // The lease the run holds, if it still holds one (under `allow`, among the task's concurrent runs).
      const leaseTicket = (row && activeRunsOf(row).find((lease) => lease.ticket === run.ticket)?.ticket) ?? row?.run?.ticket;
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
