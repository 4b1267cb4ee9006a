import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../../src/core/task-row.ts';
import type { WorkerStatus } from '../../src/core/task-status.ts';
import { TaskListText } from '../../src/durable/task-list-text.ts';
import { aTaskRow } from '../support/task-row-builder.ts';

/** A list whose worker statuses come from `statuses` and which counts what it renders. */
function aTaskListText(statuses: Map<string, WorkerStatus['status']> = new Map()) {
  const rendered: string[] = [];
  const list = new TaskListText(
    (row) => ({ status: statuses.get(row.taskId) ?? 'idle' }),
    (row: TaskRow, workerStatus) => {
      rendered.push(row.taskId);
      return JSON.stringify({ taskId: row.taskId, nextRunAt: row.nextRunAt, worker: workerStatus.status });
    },
  );
  return { list, rendered };
}

describe('TaskListText', () => {
  it('writes the rows as one JSON array, in their order', () => {
    const { list } = aTaskListText();

    const text = list.render([aTaskRow({ taskId: 'b' }), aTaskRow({ taskId: 'a' })]);

    expect(JSON.parse(text).map((task: { taskId: string }) => task.taskId)).toEqual(['b', 'a']);
  });

  it('writes an empty array for no rows', () => {
    expect(aTaskListText().list.render([])).toBe('[]');
  });

  it("reuses a task's text while its row and worker status are the same", () => {
    const { list, rendered } = aTaskListText();
    const rows = [aTaskRow({ taskId: 'a' }), aTaskRow({ taskId: 'b' })];

    const first = list.render(rows);
    const second = list.render(rows);

    expect(second).toBe(first);
    expect(rendered).toEqual(['a', 'b']);
  });

  it('writes a task again once its row is replaced', () => {
    const { list, rendered } = aTaskListText();
    const row = aTaskRow({ taskId: 'a', nextRunAt: 1 });
    list.render([row]);

    const text = list.render([{ ...row, nextRunAt: 2 }]);

    expect(JSON.parse(text)[0].nextRunAt).toBe(2);
    expect(rendered).toEqual(['a', 'a']);
  });

  it('writes a task again once its worker status changes, with the row unchanged', () => {
    const statuses = new Map<string, WorkerStatus['status']>([['a', 'initial-wait']]);
    const { list } = aTaskListText(statuses);
    const row = aTaskRow({ taskId: 'a' });
    list.render([row]);

    statuses.set('a', 'idle');
    const text = list.render([row]);

    expect(JSON.parse(text)[0].worker).toBe('idle');
  });
});
