import { describe, expect, it } from 'vitest';
import { computeAlarmAt } from '../../../src/core/alarm-time.ts';
import { activeRunsOf } from '../../../src/core/policies/concurrent-runs.ts';
import type { TaskRow } from '../../../src/core/task-row.ts';
import { describeTaskStatus } from '../../../src/core/task-status.ts';
import { cancelRun } from '../../../src/core/transitions/cancel.ts';
import { claimDueTasks } from '../../../src/core/transitions/claim.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { deleteApiTask } from '../../../src/core/transitions/delete-api-task.ts';
import { expireRuns } from '../../../src/core/transitions/expire.ts';
import { putApiTask } from '../../../src/core/transitions/put-api-task.ts';
import { skipNextRun } from '../../../src/core/transitions/skip-next.ts';
import { triggerTask } from '../../../src/core/transitions/trigger.ts';
import { catchError } from '../../support/catch-error.ts';
import { at, MINUTE_MS } from '../../support/instants.ts';
import { aRunLease, aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { createTicketIssuer } from '../../support/ticket-issuer.ts';

const NOON = at('2025-01-15T12:00:00Z');
const WORKER = aWorkerContext();

/** An API task every five minutes whose runs take up to twenty, of which `maxConcurrentRuns` may overlap. */
function anAllowTask(maxConcurrentRuns = 2, overrides: Partial<TaskRow> = {}): TaskRow {
  return aTaskRow({
    source: 'api',
    handler: anHttpHandler(),
    settings: aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT20M', overlap: 'allow', maxConcurrentRuns }),
    nextRunAt: NOON,
    ...overrides,
  });
}

/** Claims whatever is due at `now`, as an alarm at that instant would, and returns the row it leaves. */
function wakeAt(row: TaskRow, now: number, issueTicket = createTicketIssuer()): TaskRow {
  const [claim] = claimDueTasks([row], now, WORKER, issueTicket);
  return claim?.row ?? row;
}

const ticketsOf = (row: TaskRow) => activeRunsOf(row).map((run) => run.ticket);

/** An `allow` task with two runs going on: `ticket-1` for noon's occurrence, `ticket-2` for 12:05's. */
function twoRunning(row = anAllowTask()): TaskRow {
  const issue = createTicketIssuer();
  return wakeAt(wakeAt(row, NOON, issue), NOON + 5 * MINUTE_MS, issue);
}

describe("overlap: 'allow'", () => {
  it('starts each occurrence while earlier runs go on, planning the next one as each starts', () => {
    const issue = createTicketIssuer();
    const first = wakeAt(anAllowTask(), NOON, issue);

    expect(first.run).toBeNull();
    expect(first.policyState?.concurrentRuns).toEqual([aRunLease({ ticket: 'ticket-1', scheduledFor: NOON, startedAt: NOON, timesOutAt: NOON + 20 * MINUTE_MS })]);
    expect(first.nextRunAt).toBe(NOON + 5 * MINUTE_MS);

    const second = wakeAt(first, NOON + 5 * MINUTE_MS, issue);

    expect(ticketsOf(second)).toEqual(['ticket-1', 'ticket-2']);
    expect(second.policyState?.concurrentRuns?.[1]).toMatchObject({ cause: 'schedule', scheduledFor: NOON + 5 * MINUTE_MS });
    expect(second.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
  });

  it('starts nothing at the cap, and wakes for the first run to end rather than the occurrence it cannot start', () => {
    const full = twoRunning();

    expect(claimDueTasks([full], NOON + 10 * MINUTE_MS, WORKER, createTicketIssuer())).toEqual([]);
    expect(computeAlarmAt([full], NOON + 6 * MINUTE_MS, WORKER)).toBe(NOON + 20 * MINUTE_MS);
    // With room, the next occurrence is what the alarm waits for.
    expect(computeAlarmAt([wakeAt(anAllowTask(), NOON)], NOON + MINUTE_MS, WORKER)).toBe(NOON + 5 * MINUTE_MS);
  });

  it('starts the occurrence that waited for room once a run ends, not every one it missed', () => {
    const full = twoRunning();
    const freed = completeRun(full, 'ticket-1', NOON + 12 * MINUTE_MS, null)!.row;

    const [claim] = claimDueTasks([freed], NOON + 12 * MINUTE_MS, WORKER, createTicketIssuer('late'));

    expect(claim!.effects.map((effect) => effect.type)).toEqual(['startRun']);
    expect(claim!.row.policyState?.concurrentRuns?.at(-1)).toMatchObject({ ticket: 'late-1', scheduledFor: NOON + 10 * MINUTE_MS });
    // The cadence goes on from the occurrence that ran, whose following one is still ahead.
    expect(claim!.row.nextRunAt).toBe(NOON + 15 * MINUTE_MS);
  });

  it('does not start a second run at the instant of a late claim: the claim stands for the occurrences due by then', () => {
    const late = wakeAt(anAllowTask(), NOON + 5 * MINUTE_MS);

    expect(ticketsOf(late)).toEqual(['ticket-1']);
    expect(late.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
  });

  it("starts a backlog side by side under missedRuns 'all', up to the cap, in one wake", () => {
    const row = anAllowTask(3, { settings: { ...anAllowTask().settings, maxConcurrentRuns: 3, missedRuns: { policy: 'all', limit: 10 } } });

    const [claim] = claimDueTasks([row], NOON + 12 * MINUTE_MS, WORKER, createTicketIssuer());

    expect(claim!.row.policyState?.concurrentRuns?.map((run) => run.scheduledFor)).toEqual([NOON, NOON + 5 * MINUTE_MS, NOON + 10 * MINUTE_MS]);
    expect(claim!.effects.filter((effect) => effect.type === 'startRun')).toHaveLength(3);
  });

  it('ends a run without moving the schedule, recording it and counting its failure', () => {
    const settings = { ...anAllowTask().settings, pauseAfterFailures: 5, alert: { url: 'https://hooks.example.com/a', on: ['failure' as const] } };
    const running = twoRunning(anAllowTask(2, { settings }));

    const ended = completeRun(running, 'ticket-1', NOON + 7 * MINUTE_MS, '{"name":"Error","message":"boom"}')!;

    expect(ended.finishedRun).toMatchObject({ ticket: 'ticket-1', outcome: 'failed', scheduledFor: NOON, endedAt: NOON + 7 * MINUTE_MS });
    expect(ticketsOf(ended.row)).toEqual(['ticket-2']);
    expect(ended.row.nextRunAt).toBe(running.nextRunAt);
    expect(ended.row).toMatchObject({ lastRunEndedAt: NOON + 7 * MINUTE_MS, lastRunError: '{"name":"Error","message":"boom"}' });
    expect(ended.row.policyState?.consecutiveFailures).toBe(1);
    expect(ended.effects).toEqual([{ type: 'notify', taskId: 'task-a', notice: { event: 'failure', ticket: 'ticket-1', error: '{"name":"Error","message":"boom"}' } }]);
    // A ticket the task no longer holds changes nothing.
    expect(completeRun(ended.row, 'ticket-1', NOON + 8 * MINUTE_MS, null)).toBeUndefined();
  });

  it('shows the task running, as its newest run, until the last run ends', () => {
    const running = twoRunning();

    expect(describeTaskStatus(running)).toEqual({ status: 'running', startedAt: NOON + 5 * MINUTE_MS, timesOutAt: NOON + 25 * MINUTE_MS });
    const idle = completeRun(completeRun(running, 'ticket-2', NOON + 6 * MINUTE_MS, null)!.row, 'ticket-1', NOON + 7 * MINUTE_MS, null)!.row;
    expect(describeTaskStatus(idle)).toEqual({ status: 'idle', startsAt: NOON + 10 * MINUTE_MS, lastRunEndedAt: NOON + 7 * MINUTE_MS });
    expect(idle.policyState).toBeUndefined();
  });

  it('triggers another run under the cap, and answers 409 naming the cap at it', () => {
    const one = wakeAt(anAllowTask(), NOON);
    const two = triggerTask(one, 'task-a', NOON + MINUTE_MS, 'triggered').row;

    expect(ticketsOf(two)).toEqual(['ticket-1', 'triggered']);
    expect(two.policyState?.concurrentRuns?.[1]).toMatchObject({ cause: 'trigger', startedAt: NOON + MINUTE_MS });
    const error = catchError(() => triggerTask(two, 'task-a', NOON + 2 * MINUTE_MS, 'third')) as Error;
    expect(error.message).toBe('Task task-a is running 2 runs, as many as maxConcurrentRuns allows');
  });

  it('skips its next occurrence while runs go on, since that occurrence is already planned', () => {
    const running = twoRunning();

    const skipped = skipNextRun(running, 'task-a', NOON + 6 * MINUTE_MS);

    expect(skipped.skipped?.records).toEqual([expect.objectContaining({ scheduledFor: NOON + 10 * MINUTE_MS, outcome: 'skipped' })]);
    expect(skipped.row.nextRunAt).toBe(NOON + 15 * MINUTE_MS);
    expect(ticketsOf(skipped.row)).toEqual(['ticket-1', 'ticket-2']);
  });

  it('cancels every run at once, and deleting the task cancels them too', () => {
    const running = twoRunning();

    const cancelled = cancelRun(running, 'task-a', NOON + 6 * MINUTE_MS);

    expect(cancelled.endedConcurrentRuns?.map((run) => [run.ticket, run.outcome])).toEqual([['ticket-1', 'cancelled'], ['ticket-2', 'cancelled']]);
    expect(cancelled.effects.filter((effect) => effect.type === 'abortRun').map((effect) => effect.ticket)).toEqual(['ticket-1', 'ticket-2']);
    expect(activeRunsOf(cancelled.row)).toEqual([]);
    expect(cancelled.row.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
    expect((catchError(() => cancelRun(cancelled.row, 'task-a', NOON + 7 * MINUTE_MS)) as Error).message).toBe('Task task-a is not running');

    const removal = deleteApiTask(running, 'task-a', NOON + 6 * MINUTE_MS);
    expect(removal.endedConcurrentRuns?.map((run) => run.ticket)).toEqual(['ticket-1', 'ticket-2']);
    expect(removal.effects.map((effect) => effect.type)).toEqual(['abortRun', 'abortRun']);
  });

  it('times out a run executing here and releases a lost one as lost, without running either again', () => {
    const running = twoRunning();

    const [expired] = expireRuns([running], NOON + 26 * MINUTE_MS, aWorkerContext({ liveTickets: ['ticket-2'] }));

    expect(expired!.endedConcurrentRuns?.map((run) => [run.ticket, run.outcome])).toEqual([['ticket-1', 'lost'], ['ticket-2', 'timed-out']]);
    expect(expired!.effects).toContainEqual({ type: 'abortRun', taskId: 'task-a', ticket: 'ticket-2', reason: 'Task timed out after PT20M' });
    expect(expired!.row.nextRunAt).toBe(running.nextRunAt);
    expect(activeRunsOf(expired!.row)).toEqual([]);
  });

  it('starts nothing new while runs it allowed go on after a PUT turns allow off', () => {
    const running = wakeAt(anAllowTask(), NOON);
    const skipping = putApiTask(running, 'task-a', aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT20M' }), anHttpHandler(), NOON + MINUTE_MS).row;

    expect(ticketsOf(skipping)).toEqual(['ticket-1']);
    expect(claimDueTasks([skipping], NOON + 10 * MINUTE_MS, WORKER, createTicketIssuer('new'))).toEqual([]);
    const idle = completeRun(skipping, 'ticket-1', NOON + 11 * MINUTE_MS, null)!.row;
    expect(claimDueTasks([idle], NOON + 11 * MINUTE_MS, WORKER, createTicketIssuer('new'))[0]!.row.run).toMatchObject({ ticket: 'new-1' });
  });
});
