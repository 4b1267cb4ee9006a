import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAlarmAt } from '../../../src/core/alarm-time.ts';
import { assertNever } from '../../../src/core/assert-never.ts';
import { isSchedulerError } from '../../../src/core/errors.ts';
import { serializeNamedError } from '../../../src/core/serialize-error.ts';
import type { TaskRow, WorkerContext } from '../../../src/core/task-row.ts';
import { cancelRun } from '../../../src/core/transitions/cancel.ts';
import { isDue } from '../../../src/core/transitions/claim.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { registerTask } from '../../../src/core/transitions/register.ts';
import type { Effect } from '../../../src/core/transitions/transition.ts';
import { triggerTask } from '../../../src/core/transitions/trigger.ts';
import { wakeUp } from '../../../src/core/transitions/wake.ts';
import { at, HOUR_MS } from '../../support/instants.ts';
import { PROPERTY_SETTINGS } from '../../support/property-settings.ts';
import { createTestClock } from '../../support/test-clock.ts';
import { createTicketIssuer } from '../../support/ticket-issuer.ts';

/**
 * One task's life under random operations, driven through the pure transitions the way the
 * Durable Object drives them: read the row, call core with now, write the row, run the effects.
 * The worker's live tickets are the runs it executes; a restart loses them, as eviction does.
 */

const TASK_ID = 'task-a';
const NEVER_ISSUED = 'ticket-never-issued';

/** The first five of the shared settings, the ones this test has always drawn from. */
const SETTINGS = PROPERTY_SETTINGS.slice(0, 5);

type Operation =
  | { type: 'trigger'; afterMs: number }
  | { type: 'wake'; afterMs: number }
  | { type: 'complete'; afterMs: number; ticket: 'current' | 'stale'; staleIndex: number; failed: boolean }
  | { type: 'cancel'; afterMs: number }
  | { type: 'restart'; afterMs: number }
  | { type: 'register'; afterMs: number; settingsIndex: number };

interface Step {
  operation: Operation;
  before: TaskRow;
  after: TaskRow;
  now: number;
  worker: WorkerContext;
  /** The ticket a complete operation presented, and what completeRun returned for it. */
  completion?: { ticket: string; result: TaskRow | undefined };
  rejected: boolean;
}

// Gaps of zero, under the one-to-three-minute timeouts, and hours past every timeout.
const elapsed = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90_000 }), fc.integer({ min: 90_001, max: 3 * HOUR_MS }));
const settingsIndex = fc.nat({ max: SETTINGS.length - 1 });

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ type: fc.constant('trigger' as const), afterMs: elapsed }),
  fc.record({ type: fc.constant('wake' as const), afterMs: elapsed }),
  fc.record({
    type: fc.constant('complete' as const),
    afterMs: elapsed,
    ticket: fc.constantFrom('current' as const, 'stale' as const),
    staleIndex: fc.nat(),
    failed: fc.boolean(),
  }),
  fc.record({ type: fc.constant('cancel' as const), afterMs: elapsed }),
  fc.record({ type: fc.constant('restart' as const), afterMs: elapsed }),
  fc.record({ type: fc.constant('register' as const), afterMs: elapsed, settingsIndex }),
);

interface Scenario {
  settingsIndex: number;
  operations: Operation[];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({ settingsIndex, operations: fc.array(operation, { maxLength: 30 }) });

/** Plays a scenario from registration onwards, handing every step to `check`. */
function play({ settingsIndex, operations }: Scenario, check: (step: Step) => void): void {
  const clock = createTestClock(at('2025-01-15T12:00:00Z'));
  const issueTicket = createTicketIssuer();
  const issued: string[] = [];
  const issue = () => {
    const ticket = issueTicket();
    issued.push(ticket);
    return ticket;
  };
  let startedAt = clock.now();
  let liveTickets = new Set<string>();
  let row = registerTask(undefined, TASK_ID, SETTINGS[settingsIndex]!, clock.now());

  const runEffects = (effects: readonly Effect[]) => {
    for (const effect of effects) {
      switch (effect.type) {
        case 'startRun':
          liveTickets.add(effect.ticket);
          break;
        case 'abortRun':
          liveTickets.delete(effect.ticket);
          break;
        case 'notify':
          // Run policies' notices start and stop no run.
          break;
        default:
          assertNever(effect);
      }
    }
  };

  for (const op of operations) {
    clock.advance(op.afterMs);
    const now = clock.now();
    const before = row;
    let completion: Step['completion'];
    let rejected = false;
    try {
      switch (op.type) {
        case 'trigger': {
          const transition = triggerTask(row, TASK_ID, now, issue());
          row = transition.row;
          runEffects(transition.effects);
          break;
        }
        case 'wake': {
          const worker = { startedAt, liveTickets };
          for (const transition of wakeUp([row], now, worker, issue)) {
            row = transition.row;
            runEffects(transition.effects);
          }
          break;
        }
        case 'complete': {
          // Only a run this worker executes can finish; a stale ticket is an aborted run finishing late.
          const current = row.run && liveTickets.has(row.run.ticket) ? row.run.ticket : undefined;
          const stale = issued.filter((ticket) => ticket !== row.run?.ticket);
          const ticket = op.ticket === 'current' ? current : (stale[op.staleIndex % Math.max(stale.length, 1)] ?? NEVER_ISSUED);
          if (ticket === undefined) break;
          const error = op.failed ? serializeNamedError('Error', 'boom') : null;
          const result = completeRun(row, ticket, now, error)?.row;
          completion = { ticket, result };
          if (result) {
            row = result;
            liveTickets.delete(ticket);
          }
          break;
        }
        case 'cancel': {
          const transition = cancelRun(row, TASK_ID, now);
          row = transition.row;
          runEffects(transition.effects);
          break;
        }
        case 'restart':
          startedAt = now;
          liveTickets = new Set();
          break;
        case 'register':
          row = registerTask(row, TASK_ID, SETTINGS[op.settingsIndex]!, now);
          break;
        default:
          assertNever(op);
      }
    } catch (error) {
      if (!isSchedulerError(error)) throw error;
      rejected = true;
    }
    check({ operation: op, before, after: row, now, worker: { startedAt, liveTickets }, completion, rejected });
  }
}

function checkEveryStep(check: (step: Step) => void): void {
  fc.assert(
    fc.property(scenario, (s) => play(s, check)),
    { numRuns: 2000 },
  );
}

describe('a task under random triggers, wakes, completions, cancels, restarts and re-registrations', () => {
  it('has at most one run executing, and that run holds the lease', () => {
    checkEveryStep(({ after, worker }) => {
      expect([...worker.liveTickets].filter((ticket) => ticket !== after.run?.ticket)).toEqual([]);
    });
  });

  it('releases a lease only through its own ticket, a cancel or its timeout', () => {
    checkEveryStep(({ operation, before, after, now, completion }) => {
      if (!before.run || after.run?.ticket === before.run.ticket) return;
      const releasedByOwnTicket = operation.type === 'complete' && completion?.ticket === before.run.ticket;
      const releasedByCancel = operation.type === 'cancel';
      const releasedByTimeout = operation.type === 'wake' && now >= before.run.timesOutAt;
      expect(releasedByOwnTicket || releasedByCancel || releasedByTimeout).toBe(true);
    });
  });

  it('never changes the row when a run completes with a stale ticket', () => {
    checkEveryStep(({ before, completion }) => {
      if (!completion || completion.ticket === before.run?.ticket) return;
      expect(completion.result).toBeUndefined();
    });
  });

  it('always has a next run while idle, unless it is manual', () => {
    checkEveryStep(({ after }) => {
      if (after.run || after.settings.cadence === 'manual') return;
      expect(after.nextRunAt).not.toBeNull();
    });
  });

  it('rejects a trigger exactly when a lease is held, and a cancel exactly when none is', () => {
    checkEveryStep(({ operation, before, rejected }) => {
      if (operation.type === 'trigger') expect(rejected).toBe(before.run !== null);
      if (operation.type === 'cancel') expect(rejected).toBe(before.run === null);
    });
  });

  it('leaves nothing due after a wake', () => {
    checkEveryStep(({ operation, after, now, worker }) => {
      if (operation.type !== 'wake') return;
      expect(isDue(after, now, worker)).toBe(false);
    });
  });

  it('arms an alarm, never in the past, whenever a run is pending or in flight', () => {
    checkEveryStep(({ after, now, worker }) => {
      const alarmAt = computeAlarmAt([after], now, worker);
      const isPending = after.run !== null || after.nextRunAt !== null;
      expect(alarmAt === null ? !isPending : alarmAt >= now).toBe(true);
    });
  });
});

describe('the scenario generator', () => {
  // Guards the properties above against passing vacuously: the interesting paths must be reached.
  it('reaches timeouts, lost runs, same-wake reclaims and stale completions', () => {
    const seen = new Set<string>();

    fc.assert(
      fc.property(scenario, (s) =>
        play(s, ({ operation, before, after, completion }) => {
          if (operation.type === 'wake' && before.run && after.run?.ticket !== before.run.ticket) {
            seen.add(after.lastRunError?.includes('TimeoutError') ? 'timeout' : 'lost run');
            if (after.run) seen.add('reclaimed in the same wake');
          }
          if (completion && !completion.result) seen.add('stale completion');
        }),
      ),
      { numRuns: 500 },
    );

    expect([...seen].sort()).toEqual(['lost run', 'reclaimed in the same wake', 'stale completion', 'timeout']);
  });
});
