import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAlarmAt } from '../../src/core/alarm-time.ts';
import type { TaskPolicyState } from '../../src/core/policies/task-policies.ts';
import type { TaskRow, WorkerContext } from '../../src/core/task-row.ts';
import { TaskStore } from '../../src/durable/task-store.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { schedulerOf } from '../support/scheduler-harness.ts';
import { aRunLease, aTaskRow } from '../support/task-row-builder.ts';

const NO_RUNS: WorkerContext = { startedAt: 0, liveTickets: new Set() };
const ownAlarmAt = (row: TaskRow) => computeAlarmAt([row], Number.NEGATIVE_INFINITY, NO_RUNS);

type Step =
  | { kind: 'write'; row: TaskRow }
  | { kind: 'write-rolled-back'; row: TaskRow }
  | { kind: 'delete'; taskId: string }
  | { kind: 'read'; taskId: string };

// Ids on both sides of the one place JavaScript's string order differs from SQLite's: a code
// point above U+FFFF (a surrogate pair in UTF-16) against U+E000–U+FFFF.
const taskIdArbitrary = fc.constantFrom('a', 'b', 'B', '\u{fffd}', '\u{1f600}', 'a\u{1f600}');
const instantArbitrary = fc.integer({ min: 0, max: 100 });
const rowArbitrary: fc.Arbitrary<TaskRow> = fc
  .record({
    taskId: taskIdArbitrary,
    nextRunAt: fc.option(instantArbitrary),
    timesOutAt: fc.option(instantArbitrary),
    isPaused: fc.boolean(),
    source: fc.constantFrom<'code' | 'api'>('code', 'api'),
    // The policies' state is opaque JSON to the store: it must come back as it went in, or not at all.
    policyState: fc.option(fc.dictionary(fc.constantFrom('attempt', 'runCount'), fc.integer({ min: 0, max: 9 }))),
  })
  .map(({ taskId, nextRunAt, timesOutAt, isPaused, source, policyState }) =>
    aTaskRow({
      taskId,
      nextRunAt,
      isPaused,
      source,
      run: timesOutAt === null ? null : aRunLease({ timesOutAt }),
      ...(policyState !== null && { policyState: policyState as TaskPolicyState }),
    }),
  );
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), row: rowArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('write-rolled-back' as const), row: rowArbitrary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), taskId: taskIdArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), taskId: taskIdArbitrary }) },
);

describe("the task store's in-memory schedule, over the object's real SQLite", () => {
  it('answers every row in order, due rows, the alarm and the counts as a full read of the table does, after any sequence of writes', async () => {
    const pluginId = aPluginWith({});
    await runInDurableObject(schedulerOf(pluginId), (_instance, state) => {
      const sql = state.storage.sql;
      fc.assert(
        fc.property(fc.array(stepArbitrary, { maxLength: 40 }), instantArbitrary, (steps, now) => {
          sql.exec('DELETE FROM tasks');
          const store = new TaskStore(sql, () => {}, ownAlarmAt);
          for (const step of steps) {
            if (step.kind === 'write') store.writeTask(step.row);
            if (step.kind === 'delete') store.deleteTask(step.taskId);
            if (step.kind === 'read') store.readTask(step.taskId);
            if (step.kind === 'write-rolled-back') {
              // As the engine does: the transaction is undone, and what the store remembered with it.
              expect(() =>
                state.storage.transactionSync(() => {
                  store.writeTask(step.row);
                  throw new Error('refused');
                }),
              ).toThrow('refused');
              store.forgetRemembered();
            }

            const stored = new TaskStore(sql).readTasks();
            expect(store.readTasks()).toEqual(stored);
            const dueIds = stored.filter((row) => (ownAlarmAt(row) ?? Infinity) <= now).map((row) => row.taskId);
            expect(store.readDueTasks(now).map((row) => row.taskId)).toEqual(dueIds);
            expect(computeAlarmAt(store.readAlarmCandidates(), now, NO_RUNS)).toBe(computeAlarmAt(stored, now, NO_RUNS));
            const api = stored.filter((row) => row.source === 'api').length;
            expect(store.countTasks()).toEqual({ code: stored.length - api, api });
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
