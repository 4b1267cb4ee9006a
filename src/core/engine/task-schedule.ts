import type { TaskSource } from '../task-row.ts';

/**
 * In memory, per task of one plugin: when the task's row alone needs the alarm (core's
 * computeAlarmAt over that row), and where the task was defined. A min-heap over the alarm times
 * finds the earliest in O(log n); an entry replaced or deleted stays in the heap until it reaches
 * the top, where it is recognised as stale and dropped.
 */
export class TaskSchedule {
  readonly #entries = new Map<string, { alarmAt: number | null; source: TaskSource }>();
  /** [alarmAt, taskId] pairs, the smallest alarmAt first. */
  #heap: Array<[number, string]> = [];
  #apiTasks = 0;

  /** Records a task's alarm time, or null when it needs none. */
  set(taskId: string, alarmAt: number | null, source: TaskSource): void {
    const entry = this.#entries.get(taskId);
    if (entry?.alarmAt === alarmAt && entry.source === source) return;
    this.delete(taskId);
    this.#entries.set(taskId, { alarmAt, source });
    if (source === 'api') this.#apiTasks++;
    if (alarmAt !== null) this.#push([alarmAt, taskId]);
    // Stale pairs are dropped when they reach the top; rebuilding bounds how many can pile up.
    if (this.#heap.length > 2 * this.#entries.size + 64) this.#rebuildHeap();
  }

  delete(taskId: string): void {
    const entry = this.#entries.get(taskId);
    if (!entry) return;
    if (entry.source === 'api') this.#apiTasks--;
    this.#entries.delete(taskId);
  }

  /** The alarm time recorded for a task: undefined if the task is unknown. */
  alarmAtOf(taskId: string): number | null | undefined {
    return this.#entries.get(taskId)?.alarmAt;
  }

  /** The task with the earliest alarm time, or undefined when none needs the alarm. */
  earliest(): string | undefined {
    while (this.#heap.length > 0) {
      const [at, taskId] = this.#heap[0]!;
      if (this.#entries.get(taskId)?.alarmAt === at) return taskId;
      this.#pop();
    }
    return undefined;
  }

  /** The tasks whose alarm time is at or before `now`. */
  dueBy(now: number): string[] {
    const due = new Set<string>();
    // Depth-first from the root: a subtree whose root is later than `now` holds nothing earlier.
    const stack = this.#heap.length > 0 ? [0] : [];
    while (stack.length > 0) {
      const index = stack.pop()!;
      const [at, taskId] = this.#heap[index]!;
      if (at > now) continue;
      if (this.#entries.get(taskId)?.alarmAt === at) due.add(taskId);
      for (const child of [2 * index + 1, 2 * index + 2]) if (child < this.#heap.length) stack.push(child);
    }
    return [...due];
  }

  /** How many tasks are known, by where they are defined. */
  counts(): { code: number; api: number } {
    return { code: this.#entries.size - this.#apiTasks, api: this.#apiTasks };
  }

  #rebuildHeap(): void {
    this.#heap = [];
    for (const [taskId, { alarmAt }] of this.#entries) if (alarmAt !== null) this.#push([alarmAt, taskId]);
  }

  #push(pair: [number, string]): void {
    const heap = this.#heap;
    heap.push(pair);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]![0] <= pair[0]) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = pair;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]![0] < heap[left]![0] ? right : left;
      if (heap[child]![0] >= last[0]) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
