import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../../src/core/engine/memory-storage.ts';
import type { RunRecord, TaskRow } from '../../../src/core/task-row.ts';
import { catchError } from '../../support/catch-error.ts';
import { aTaskRow } from '../../support/task-row-builder.ts';

const alarmAtOf = (row: TaskRow) => row.nextRunAt;

function aRunRecord(taskId: string, ticket: string): RunRecord {
  return { taskId, ticket, cause: 'schedule', scheduledFor: 0, startedAt: 0, endedAt: 1, outcome: 'succeeded', error: null };
}

describe('createMemoryStorage', () => {
  it('lists rows by id in code point order, as SQLite orders TEXT', () => {
    const { tasks } = createMemoryStorage({ alarmAtOf });
    for (const taskId of ['b', '\u{1F600}', 'a', '\uFFFD']) tasks.writeTask(aTaskRow({ taskId }));

    expect(tasks.readTasks().map((row) => row.taskId)).toEqual(['a', 'b', '\uFFFD', '\u{1F600}']);
  });

  it('answers due rows and the alarm candidate from the rows’ own alarm times', () => {
    const { tasks } = createMemoryStorage({ alarmAtOf });
    tasks.writeTask(aTaskRow({ taskId: 'late', nextRunAt: 300 }));
    tasks.writeTask(aTaskRow({ taskId: 'early', nextRunAt: 100 }));
    tasks.writeTask(aTaskRow({ taskId: 'manual', nextRunAt: null }));

    expect(tasks.readDueTasks(200).map((row) => row.taskId)).toEqual(['early']);
    expect(tasks.readAlarmCandidates().map((row) => row.taskId)).toEqual(['early']);
    expect(tasks.countTasks()).toEqual({ code: 3, api: 0 });
  });

  it('undoes every write of a transaction that throws midway', () => {
    const { tasks, history, transact } = createMemoryStorage({ alarmAtOf });
    const kept = aTaskRow({ taskId: 'a', nextRunAt: 100 });
    tasks.writeTask(kept);
    history.appendRun(aRunRecord('a', 'ticket-1'));

    const error = catchError(() =>
      transact(() => {
        tasks.writeTask({ ...kept, nextRunAt: 50 });
        tasks.writeTask(aTaskRow({ taskId: 'b', nextRunAt: 10 }));
        history.deleteRuns('a');
        throw new Error('refused');
      }),
    );

    expect(error).toHaveProperty('message', 'refused');
    expect(tasks.readTasks()).toEqual([kept]);
    expect(tasks.readAlarmCandidates()).toEqual([kept]);
    expect(history.readRuns('a', 10).map((run) => run.ticket)).toEqual(['ticket-1']);
  });

  it('keeps each task’s newest runs up to the limit, newest first', () => {
    const { history } = createMemoryStorage({ alarmAtOf, runHistoryLimit: 2 });

    for (const ticket of ['ticket-1', 'ticket-2', 'ticket-3']) history.appendRun(aRunRecord('a', ticket));

    expect(history.readRuns('a', 10).map((run) => run.ticket)).toEqual(['ticket-3', 'ticket-2']);
  });

  it('reads and writes the contents it is given, so they outlive it', () => {
    const contents = { rows: new Map<string, TaskRow>(), runs: new Map<string, RunRecord[]>() };
    createMemoryStorage({ alarmAtOf, contents }).tasks.writeTask(aTaskRow({ taskId: 'a', nextRunAt: 100 }));

    const later = createMemoryStorage({ alarmAtOf, contents });

    expect(later.tasks.readDueTasks(100).map((row) => row.taskId)).toEqual(['a']);
  });
});
