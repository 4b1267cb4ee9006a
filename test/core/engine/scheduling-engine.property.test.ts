import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orNever, checkInvariants } from '../../support/scheduler-invariants.ts';
import { play, scenario } from '../../support/object-interleavings.ts';

/**
 * A plugin's object with several tasks under random interleavings of deployments, API calls,
 * alarms (on time, late, duplicated), run endings (success, failure, never), evictions, refused
 * storage writes and clock jumps: the real SchedulingEngine over in-memory ports, rebuilt at each
 * eviction over what the object keeps (test/support/plugin-object-under-test.ts). Each invariant
 * (test/support/scheduler-invariants.ts) is checked after every step; test/integration runs the
 * same over a real object's SQLite.
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
        play(s, ({ operation, writes, settled, before, after, isRefused }) => {
          for (const { cause, before, after: written, now } of writes) {
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
            if (written?.run && written.run.ticket !== before?.run?.ticket && written.run.startedAt > written.run.scheduledFor && written.settings.jitterDuration) {
              seen.add('jittered start');
            }
            if (written?.run?.cause === 'schedule' && written.settings.missedRuns?.policy === 'all' && written.run.scheduledFor < now - 60_000) seen.add('catch-up run');
            if (written && written.nextRunAt === null && written.settings.window && written.settings.cadence !== 'manual') seen.add('window closed');
          }
          if (after.history.length > before.history.length && after.history.some((run) => run.outcome === 'skipped')) seen.add('skipped occurrence');
          if (settled && settled.leaseTicket !== settled.run.ticket) seen.add('stale ending');
          if (settled && settled.leaseTicket === settled.run.ticket && writes.length === 0) seen.add('refused release');
          if (isRefused && (operation.type === 'alarm' || operation.type === 'duplicateAlarm')) seen.add('refused alarm');
          if ([...after.rows.values()].some((row) => row.isPaused && row.run)) seen.add('paused while running');
        }),
      ),
      { numRuns: 2_000, seed: 42 },
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
        'jittered start',
        'catch-up run',
        'window closed',
        'skipped occurrence',
      ].sort(),
    );
  });
});
