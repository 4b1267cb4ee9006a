import { env, runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { play, scenario } from '../support/object-interleavings.ts';
import { checkInvariants } from '../support/scheduler-invariants.ts';
import { sqliteObjectStorage } from '../support/sqlite-object-storage.ts';

/**
 * The scheduler's invariants on the real SchedulingEngine over the Durable Object's own ports:
 * SQLite through TaskStore and RunHistoryStore, one transactionSync per commit, rolled back by a
 * refused write. The same interleavings as test/core/engine/scheduling-engine.property.test.ts
 * (10,000 sequences in memory), fewer here, where each costs real SQL. The object is a plugin with
 * no code tasks, so its own engine writes nothing beside the one under test.
 */

const SEQUENCES = 3_000;

describe('a plugin object over SQLite under random interleavings of deployments, calls, alarms, run endings, evictions and clock jumps', () => {
  it(`keeps every invariant after every step of ${SEQUENCES.toLocaleString('en')} sequences`, async () => {
    await runInDurableObject(env.PLUGIN_SCHEDULER.getByName('sqlite-property'), async (_instance, state) => {
      await fc.assert(
        fc.asyncProperty(scenario, (s) => play(s, checkInvariants, sqliteObjectStorage(state))),
        { numRuns: SEQUENCES },
      );
    });
  }, 120_000);
});
