import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSource } from '../../../src/core/task-row.ts';
import { TaskSchedule } from '../../../src/core/engine/task-schedule.ts';

type Step =
  | { kind: 'set'; taskId: string; alarmAt: number | null; source: TaskSource }
  | { kind: 'delete'; taskId: string };

// Few ids and few times, so the same task is set again and again and times tie often.
const taskIdArbitrary = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), taskId: taskIdArbitrary, alarmAt: fc.option(fc.integer({ min: 0, max: 20 })), source: fc.constantFrom<TaskSource>('code', 'api') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), taskId: taskIdArbitrary }) },
);

/** The same questions answered by scanning a plain map: what the heap must agree with. */
function answersOf(model: ReadonlyMap<string, { alarmAt: number | null; source: TaskSource }>, now: number) {
  const timed = [...model].filter(([, entry]) => entry.alarmAt !== null);
  const earliestAt = Math.min(...timed.map(([, entry]) => entry.alarmAt!));
  return {
    earliestAt: timed.length === 0 ? undefined : earliestAt,
    dueBy: timed.filter(([, entry]) => entry.alarmAt! <= now).map(([taskId]) => taskId).sort(),
    counts: { code: [...model.values()].filter((entry) => entry.source === 'code').length, api: [...model.values()].filter((entry) => entry.source === 'api').length },
  };
}

describe('TaskSchedule', () => {
  it('answers earliest, dueBy and counts as a scan of every task would, after any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (steps, now) => {
        const schedule = new TaskSchedule();
        const model = new Map<string, { alarmAt: number | null; source: TaskSource }>();
        for (const step of steps) {
          if (step.kind === 'set') {
            schedule.set(step.taskId, step.alarmAt, step.source);
            model.set(step.taskId, { alarmAt: step.alarmAt, source: step.source });
          } else {
            schedule.delete(step.taskId);
            model.delete(step.taskId);
          }
          const expected = answersOf(model, now);
          const earliest = schedule.earliest();
          // Ties may be broken either way; the earliest task must hold the earliest time.
          expect(earliest === undefined ? undefined : model.get(earliest)?.alarmAt).toBe(expected.earliestAt);
          expect(schedule.dueBy(now).sort()).toEqual(expected.dueBy);
          expect(schedule.counts()).toEqual(expected.counts);
          for (const [taskId, entry] of model) expect(schedule.alarmAtOf(taskId)).toBe(entry.alarmAt);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays right when one task is moved 10,000 times, leaving stale heap entries behind', () => {
    const schedule = new TaskSchedule();
    schedule.set('steady', 5_000, 'code');
    for (let at = 0; at < 10_000; at++) schedule.set('moving', 10_000 - at, 'api');
    // 'moving' ends at 1: earlier than 'steady'; every older position of it is stale.
    expect(schedule.earliest()).toBe('moving');
    expect(schedule.dueBy(4_999)).toEqual(['moving']);
    schedule.delete('moving');
    expect(schedule.earliest()).toBe('steady');
    expect(schedule.counts()).toEqual({ code: 1, api: 0 });
  });

  it('finds nothing due and no earliest task when no task needs the alarm', () => {
    const schedule = new TaskSchedule();
    schedule.set('manual', null, 'api');
    expect(schedule.earliest()).toBeUndefined();
    expect(schedule.dueBy(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(schedule.alarmAtOf('manual')).toBeNull();
    expect(schedule.alarmAtOf('unknown')).toBeUndefined();
  });
});
