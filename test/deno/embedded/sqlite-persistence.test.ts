import { describe, expect, it } from 'vitest';
import { at, HOUR_MS } from '../../support/instants.ts';
import { aPersistentCatalog } from '../../support/persistent-catalog.ts';
import { createTestClock } from '../../support/test-clock.ts';

declare const Deno: { makeTempFileSync(options: { suffix: string }): string };

const START = at('2025-01-15T12:00:00Z');
const hookTask = { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { service: 'HOOKS', path: '/refresh' } };

describe('an embedded scheduler over a SQLite file, under Deno', () => {
  it('keeps API tasks, pause flags, run history and due times across a restart, and runs nothing early', async () => {
    const path = Deno.makeTempFileSync({ suffix: '.sqlite' });
    const clock = createTestClock(START);
    const first = await aPersistentCatalog(clock, path);
    first.timer.advance(0);
    await first.scheduler.settled();
    await first.call('/tasks/manual/trigger', { method: 'POST' });
    await first.scheduler.settled();
    await first.call('/tasks/hook', { method: 'PUT', body: JSON.stringify(hookTask) });
    await first.call('/tasks/manual/pause', { method: 'POST' });
    first.scheduler.stop();

    clock.advance(HOUR_MS / 2);
    const second = await aPersistentCatalog(clock, path);
    second.timer.advance(0);
    await second.scheduler.settled();
    const tasks = (await (await second.call('/tasks')).json()) as { tasks: Array<{ taskId: string; taskState: { startsAt?: string; paused?: true } }> };
    const runs = (await (await second.call('/tasks/manual/runs')).json()) as { runs: Array<{ outcome: string }> };
    second.scheduler.stop();

    expect(first.started).toEqual(['hourly', 'manual']);
    expect(second.started).toEqual([]);
    expect(tasks.tasks.map(({ taskId }) => taskId)).toEqual(['hook', 'hourly', 'manual']);
    expect(tasks.tasks.find(({ taskId }) => taskId === 'hourly')!.taskState.startsAt).toBe(new Date(START + HOUR_MS).toISOString());
    expect(tasks.tasks.find(({ taskId }) => taskId === 'manual')!.taskState.paused).toBe(true);
    expect(runs.runs).toMatchObject([{ outcome: 'succeeded' }]);
  });
});
