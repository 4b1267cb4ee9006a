import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { activeRunsOf } from '../../src/core/policies/concurrent-runs.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, fireAlarm, handlerRequests, jsonOf, postTaskAction, putTask, readRow } from '../support/scheduler-harness.ts';

/* overlap: 'allow' over HTTP, with a real handler Worker whose runs hang until they are aborted. */

sharedTestClock.freeze(FAR_FUTURE);
const MINUTE_MS = 60_000;
type Run = { ticket: string; outcome: string; trigger: string; scheduledFor: string };
type Listed = { taskId: string; settings: Record<string, unknown>; taskState: { status: string; startedAt?: string } };

const parallel = {
  frequency: { minutes: 5 },
  timeout: { minutes: 12 },
  handler: { url: 'https://handler.test/hang' },
  overlap: 'allow',
  maxConcurrentRuns: 2,
};

async function runsOf(pluginId: string, taskId: string): Promise<Run[]> {
  return (await jsonOf<{ runs: Run[] }>(await callApi(`${apiBase(pluginId)}/tasks/${taskId}/runs`))).runs;
}

async function ticketsOf(pluginId: string, taskId: string): Promise<string[]> {
  const row = await readRow(pluginId, taskId);
  return row ? activeRunsOf(row).map((run) => run.ticket) : [];
}

/** How many requests the handler Worker received for a task, each a run that started. */
async function requestsFor(taskId: string): Promise<number> {
  return (await handlerRequests()).filter((request) => request.headers['x-scheduler-task'] === taskId).length;
}

/** Waits until the handler Worker has received `count` requests for a task: a run's request leaves after its start is written. */
async function awaitRequests(taskId: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200 && (await requestsFor(taskId)) < count; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("overlap: 'allow', over HTTP", () => {
  it('runs occurrences side by side up to maxConcurrentRuns, starts none past the cap, and times each run out on its own', async () => {
    const created = await putTask('parallel', 'crawl', parallel);
    expect(created.status).toBe(201);
    await fireAlarm('parallel');
    const [first] = await ticketsOf('parallel', 'crawl');

    sharedTestClock.advance(5 * MINUTE_MS);
    await fireAlarm('parallel');
    const two = await ticketsOf('parallel', 'crawl');
    sharedTestClock.advance(5 * MINUTE_MS);
    await fireAlarm('parallel');
    const atCap = await ticketsOf('parallel', 'crawl');
    await awaitRequests('crawl', 2);
    const requestsAtCap = await requestsFor('crawl');

    expect(two).toHaveLength(2);
    expect(two[0]).toBe(first);
    // The occurrence due at ten minutes waits for room: a third run never started.
    expect(atCap).toEqual(two);
    expect(requestsAtCap).toBe(2);
    const { tasks } = await jsonOf<{ tasks: Listed[] }>(await callApi(`${apiBase('parallel')}/tasks`));
    const listed = tasks.find((task) => task.taskId === 'crawl')!;
    expect(listed.settings).toMatchObject({ overlap: 'allow', maxConcurrentRuns: 2 });
    expect(listed.taskState).toMatchObject({ status: 'running', startedAt: new Date(sharedTestClock.now() - 5 * MINUTE_MS).toISOString() });

    // The first run times out at twelve minutes: it is aborted and recorded, and the waiting occurrence starts in its place.
    sharedTestClock.advance(2 * MINUTE_MS);
    await fireAlarm('parallel');
    const afterTimeout = await ticketsOf('parallel', 'crawl');

    expect((await runsOf('parallel', 'crawl')).map(({ ticket, outcome }) => [ticket, outcome])).toEqual([[first, 'timed-out']]);
    expect(afterTimeout).toHaveLength(2);
    expect(afterTimeout).not.toContain(first);
    expect(afterTimeout[0]).toBe(two[1]);
  });

  it('answers a trigger at the cap with 409 naming it, and a cancel ends every run, each recorded once', async () => {
    const triggered = await postTaskAction('parallel', 'crawl', 'trigger');
    const running = await ticketsOf('parallel', 'crawl');

    const cancelled = await postTaskAction('parallel', 'crawl', 'cancel');

    expect(triggered.status).toBe(409);
    expect((await jsonOf(triggered)).error.message).toBe('Task crawl is running 2 runs, as many as maxConcurrentRuns allows');
    expect(cancelled.status).toBe(200);
    const recorded = (await runsOf('parallel', 'crawl')).filter((run) => running.includes(run.ticket));
    expect(recorded.map((run) => run.outcome).sort()).toEqual(['cancelled', 'cancelled']);
    expect(await ticketsOf('parallel', 'crawl')).toEqual([]);
    // With room again, a trigger starts a run at once.
    expect((await postTaskAction('parallel', 'crawl', 'trigger')).status).toBe(200);
    expect(await ticketsOf('parallel', 'crawl')).toHaveLength(1);
  });

  it('releases the runs a restarted object lost as lost, keeping its schedule, and never runs them again', async () => {
    await fireAlarm('parallel');
    const before = await readRow('parallel', 'crawl');
    const lostTickets = activeRunsOf(before!).map((run) => run.ticket);

    await abortAllDurableObjects();
    const after = await readRow('parallel', 'crawl');

    expect(lostTickets.length).toBeGreaterThan(0);
    expect(after && activeRunsOf(after)).toEqual([]);
    expect(after?.nextRunAt).toBe(before?.nextRunAt);
    const lost = (await runsOf('parallel', 'crawl')).filter((run) => lostTickets.includes(run.ticket));
    expect(lost.map((run) => run.outcome)).toEqual(lostTickets.map(() => 'lost'));
  });

  it.each([
    [{ overlap: 'allow', maxConcurrentRuns: undefined }, "maxConcurrentRuns is required with overlap 'allow' (2 to 100 runs)"],
    [{ overlap: 'skip' }, "maxConcurrentRuns applies only to overlap 'allow'"],
    [{ maxConcurrentRuns: 500 }, 'maxConcurrentRuns: must be between 2 and 100'],
    [{ retry: { attempts: 2, delay: 'PT1M' } }, "retry cannot be combined with overlap 'allow'"],
  ])('refuses %o with a 400 naming the field, storing nothing', async (change, message) => {
    const response = await putTask('parallel', 'refused', { ...parallel, ...change });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toContain(message);
    expect(await readRow('parallel', 'refused')).toBeUndefined();
  });
});
