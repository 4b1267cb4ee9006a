import type { TaskRow } from '../core/task-row.ts';
import type { WorkerStatus } from '../core/task-status.ts';

/**
 * A plugin's tasks as the JSON array text `GET .../tasks` answers with. Each task's text is kept
 * while its row and its worker status stay the same: rows are replaced on every write, never
 * changed, so a listing of idle tasks joins kept strings instead of building, sending and
 * serialising an object per task (most of a large listing's time).
 */
export class TaskListText {
  readonly #texts = new WeakMap<TaskRow, { workerStatus: WorkerStatus['status']; text: string }>();

  constructor(
    private readonly workerStatusOf: (row: TaskRow) => WorkerStatus,
    /** One task's JSON text, given its worker status. */
    private readonly renderTask: (row: TaskRow, workerStatus: WorkerStatus) => string,
  ) {}

  /** The rows as one JSON array, in their order. */
  render(rows: readonly TaskRow[]): string {
    const texts = rows.map((row) => {
      const workerStatus = this.workerStatusOf(row);
      const kept = this.#texts.get(row);
      if (kept?.workerStatus === workerStatus.status) return kept.text;
      const text = this.renderTask(row, workerStatus);
      this.#texts.set(row, { workerStatus: workerStatus.status, text });
      return text;
    });
    return `[${texts.join(',')}]`;
  }
}
