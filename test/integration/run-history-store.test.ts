import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/task-row.ts';
import { migrate } from '../../src/durable/migrations.ts';
import { RunHistoryStore } from '../../src/durable/run-history-store.ts';
import { appendRunBeforeSlots, insertRunBeforeSeq } from '../support/earlier-run-history.ts';
import { meterSql } from '../support/metered-sql.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { schedulerOf } from '../support/scheduler-harness.ts';

let runsMade = 0;

/** A finished run of the task with a ticket of its own; every third one failed, so every column varies. */
function aFinishedRun(taskId: string): RunRecord {
  const n = ++runsMade;
  const failed = n % 3 === 0;
  return {
    taskId,
    ticket: `ticket-${n}`,
    cause: failed ? 'trigger' : 'schedule',
    scheduledFor: n * 10,
    startedAt: n * 10 + 1,
    endedAt: n * 10 + 2,
    outcome: failed ? 'failed' : 'succeeded',
    error: failed ? `{"name":"Error","message":"run ${n}"}` : null,
  };
}

/** Runs `act` with the SQL of a fresh plugin object, whose schema is migrated and whose tables are empty. */
function inFreshObject(act: (sql: SqlStorage, state: DurableObjectState) => void): Promise<void> {
  return runInDurableObject(schedulerOf(aPluginWith({})), (_instance, state) => act(state.storage.sql, state));
}

/** Every stored run of the task, newest first. */
function storedRuns(sql: SqlStorage, taskId: string): RunRecord[] {
  return new RunHistoryStore(sql).readRuns(taskId, 1_000);
}

/** What a history of `limit` runs keeps once `runs` (oldest first) were appended under it. */
function newestOf(runs: readonly RunRecord[], limit: number): RunRecord[] {
  return limit === 0 ? [] : runs.slice(-limit);
}

type Release = 'slots' | 'before-slots';
type Step =
  | { kind: 'deploy'; release: Release; limit: number }
  | { kind: 'append'; taskId: string }
  | { kind: 'append-rolled-back'; taskId: string }
  | { kind: 'delete'; taskId: string };

const TASK_IDS = ['a', 'b', 'c'] as const;
const taskIdArbitrary = fc.constantFrom(...TASK_IDS);
const deploymentArbitrary = fc.record({
  kind: fc.constant('deploy' as const),
  // The release before slots only ran before this one, or after a rollback to it.
  release: fc.constantFrom<Release>('slots', 'slots', 'before-slots'),
  limit: fc.integer({ min: 0, max: 6 }),
});
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('append' as const), taskId: taskIdArbitrary }) },
  { weight: 2, arbitrary: deploymentArbitrary },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('append-rolled-back' as const), taskId: taskIdArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), taskId: taskIdArbitrary }) },
);

describe("RunHistoryStore, over the object's real SQLite", () => {
  it("keeps each task's newest runs up to the limit, newest first, through deployments, rollbacks of transactions and rows of earlier releases", async () => {
    await inFreshObject((sql, state) => {
      fc.assert(
        fc.property(
          fc.array(taskIdArbitrary, { maxLength: 20 }),
          deploymentArbitrary,
          fc.array(stepArbitrary, { maxLength: 40 }),
          (runsBeforeSeq, firstDeployment, steps) => {
            sql.exec('DELETE FROM task_runs');
            // The model: each task's kept runs, oldest first.
            const kept = new Map<string, RunRecord[]>(TASK_IDS.map((taskId) => [taskId, []]));
            // Rows from before migration 3, interleaved across tasks, maybe more than any limit.
            for (const taskId of runsBeforeSeq) {
              const run = aFinishedRun(taskId);
              insertRunBeforeSeq(sql, run);
              kept.get(taskId)!.push(run);
            }
            let deployment = firstDeployment;
            let store = new RunHistoryStore(sql, deployment.limit);
            const append = (run: RunRecord) =>
              deployment.release === 'slots' ? store.appendRun(run) : appendRunBeforeSlots(sql, run, deployment.limit);

            for (const step of [firstDeployment, ...steps]) {
              if (step.kind === 'deploy') {
                // A new object lifetime: a store that remembers nothing, under the deployment's limit.
                deployment = step;
                store = new RunHistoryStore(sql, step.limit);
              }
              if (step.kind === 'append') {
                const run = aFinishedRun(step.taskId);
                append(run);
                kept.set(step.taskId, newestOf([...kept.get(step.taskId)!, run], deployment.limit));
              }
              if (step.kind === 'append-rolled-back') {
                // As the engine does: the transaction is undone, and what the store remembered with it.
                expect(() =>
                  state.storage.transactionSync(() => {
                    append(aFinishedRun(step.taskId));
                    throw new Error('refused');
                  }),
                ).toThrow('refused');
                store.forgetCounts();
              }
              if (step.kind === 'delete') {
                store.deleteRuns(step.taskId);
                kept.set(step.taskId, []);
              }

              for (const taskId of TASK_IDS) expect(storedRuns(sql, taskId)).toEqual([...kept.get(taskId)!].reverse());
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  // No release writes these; they pin down each clause of what makes a history a ring.
  it.each([
    ['whose numbers have a gap', [{ rowid: 11, seq: 1, slot: 1 }, { rowid: 13, seq: 3, slot: 3 }]],
    ['with a run that has no number between them', [{ rowid: 11, seq: 1, slot: 1 }, { rowid: 2, seq: null, slot: null }, { rowid: 13, seq: 3, slot: 3 }]],
  ])('renumbers a history whose runs sit in their slots but %s', async (_history, rows) => {
    await inFreshObject((sql) => {
      const stored = rows.map((row) => {
        const run = aFinishedRun('job');
        insertRunBeforeSeq(sql, run);
        sql.exec('UPDATE task_runs SET rowid = ?, seq = ?, slot = ? WHERE ticket = ?', row.rowid, row.seq, row.slot, run.ticket);
        return run;
      });
      const store = new RunHistoryStore(sql, 5);
      const appended = Array.from({ length: 4 }, () => aFinishedRun('job'));

      for (const run of appended) store.appendRun(run);

      expect(storedRuns(sql, 'job')).toEqual(newestOf([...stored, ...appended], 5).reverse());
    });
  });

  it('keeps nothing under a limit of 0, and drops the runs kept under an earlier limit', async () => {
    await inFreshObject((sql) => {
      const earlier = new RunHistoryStore(sql, 3);
      for (let run = 0; run < 3; run++) earlier.appendRun(aFinishedRun('job'));
      const store = new RunHistoryStore(sql, 0);

      store.appendRun(aFinishedRun('job'));
      store.appendRun(aFinishedRun('job'));

      expect(storedRuns(sql, 'job')).toEqual([]);
    });
  });

  it('refuses a limit that is not a whole number of runs', async () => {
    await inFreshObject((sql) => {
      expect(() => new RunHistoryStore(sql, 2.5)).toThrow('runHistoryLimit must be a whole number, 0 or more: got 2.5');
      expect(() => new RunHistoryStore(sql, -1)).toThrow('got -1');
      expect(() => new RunHistoryStore(sql, Number.POSITIVE_INFINITY)).toThrow('got Infinity');
    });
  });
});

describe('the rows RunHistoryStore reads and writes per appended run', () => {
  const LIMIT = 100;

  /** Gives the neighbouring tasks full histories, so a scan of the table or the index would show. */
  function fillNeighbours(sql: SqlStorage): void {
    const neighbours = new RunHistoryStore(sql, LIMIT);
    for (let run = 0; run < 2 * LIMIT; run++) for (const taskId of ['aaa', 'zzz']) neighbours.appendRun(aFinishedRun(taskId));
  }

  it('writes the run and its index entry while the history fills: 2 rows, and reads none', async () => {
    await inFreshObject((sql) => {
      fillNeighbours(sql);
      const metered = meterSql(sql);
      const store = new RunHistoryStore(metered.sql, LIMIT);

      const costs = Array.from({ length: LIMIT }, () => metered.costOf(() => store.appendRun(aFinishedRun('job'))));

      expect(Math.max(...costs.map((cost) => cost.rowsWritten))).toBeLessThanOrEqual(2);
      expect(Math.max(...costs.map((cost) => cost.rowsRead))).toBeLessThanOrEqual(2);
      expect(costs.at(-1)).toEqual({ rowsRead: 0, rowsWritten: 2 });
      expect(storedRuns(sql, 'job')).toHaveLength(LIMIT);
    });
  });

  it('reuses the oldest row of a full history: 1 row written, and at most 2 read', async () => {
    await inFreshObject((sql) => {
      fillNeighbours(sql);
      const metered = meterSql(sql);
      const store = new RunHistoryStore(metered.sql, LIMIT);
      const runs = Array.from({ length: LIMIT + 10 }, () => aFinishedRun('job'));
      for (const run of runs.slice(0, LIMIT)) store.appendRun(run);

      const costs = runs.slice(LIMIT).map((run) => metered.costOf(() => store.appendRun(run)));

      for (const cost of costs) {
        expect(cost.rowsWritten).toBe(1);
        expect(cost.rowsRead).toBeLessThanOrEqual(2);
      }
      expect(storedRuns(sql, 'job')).toEqual(runs.slice(10).reverse());
    });
  });

  it.each([
    ['written by the release before slots', (sql: SqlStorage) => fillBeforeSlots(sql, LIMIT)],
    ['kept under a higher limit', (sql: SqlStorage) => fillUnderLimit(sql, 2 * LIMIT)],
    ['kept under a lower limit', (sql: SqlStorage) => fillUnderLimit(sql, LIMIT / 2)],
  ])('renumbers a full history %s once, on its first append, then reuses rows at the indexed cost', async (_history, fill) => {
    await inFreshObject((sql) => {
      fillNeighbours(sql);
      fill(sql);
      const metered = meterSql(sql);
      const store = new RunHistoryStore(metered.sql, LIMIT);
      const grow = () => metered.costOf(() => store.appendRun(aFinishedRun('job')));
      const first = grow();
      // Until the history is full again, if it was kept under a lower limit.
      const costs = Array.from({ length: LIMIT }, grow).slice(-10);

      expect(first.rowsRead).toBeGreaterThan(LIMIT / 2);
      for (const cost of costs) expect(cost).toMatchObject({ rowsWritten: 1 });
      for (const cost of costs) expect(cost.rowsRead).toBeLessThanOrEqual(2);
      expect(storedRuns(sql, 'job')).toHaveLength(LIMIT);
    });
  });
});

describe('migration 4, which adds slots', () => {
  it('keeps every run an object held before it, in its order', async () => {
    await inFreshObject((sql) => {
      // Back to the schema the release before slots left; migration 4 and every later one re-run.
      sql.exec(`DROP INDEX task_runs_by_task_slot;
                ALTER TABLE task_runs DROP COLUMN slot;
                ALTER TABLE tasks DROP COLUMN policy_state_json;
                ALTER TABLE tasks DROP COLUMN override_json;
                CREATE INDEX task_runs_by_task ON task_runs (task_id);
                DELETE FROM schema_version WHERE version >= 4`);
      for (const taskId of ['a', 'b', 'a', 'c', 'b', 'a']) insertRunBeforeSeq(sql, aFinishedRun(taskId));
      for (let run = 0; run < 7; run++) for (const taskId of ['a', 'b']) appendRunBeforeSlots(sql, aFinishedRun(taskId), 4);
      const before = ['a', 'b', 'c'].map((taskId) => storedRuns(sql, taskId));

      migrate(sql);

      expect(['a', 'b', 'c'].map((taskId) => storedRuns(sql, taskId))).toEqual(before);
      const indexes = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_runs'").toArray();
      expect(indexes.map((index) => index.name)).toEqual(['task_runs_by_task_slot']);
    });
  });
});

/** Fills the job's history as the release before slots did: rows without seq, then rows with it. */
function fillBeforeSlots(sql: SqlStorage, limit: number): void {
  for (let run = 0; run < limit / 2; run++) insertRunBeforeSeq(sql, aFinishedRun('job'));
  for (let run = 0; run < limit; run++) appendRunBeforeSlots(sql, aFinishedRun('job'), limit);
}

/** Fills the job's history under another limit, with some runs reusing rows. */
function fillUnderLimit(sql: SqlStorage, limit: number): void {
  const store = new RunHistoryStore(sql, limit);
  for (let run = 0; run < limit + 7; run++) store.appendRun(aFinishedRun('job'));
}
