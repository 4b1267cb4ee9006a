import type { TaskFunction } from '../../src/core/task-host.ts';

/** One run of a controlled task, which stays open until the test ends it. */
export interface ControlledRun {
  readonly signal: AbortSignal;
  finish(): void;
  fail(error: Error): void;
}

/** Task code the test steers: it records each run and lets the test decide how the run ends. */
export interface ControlledTask {
  readonly fn: TaskFunction;
  readonly runs: ControlledRun[];
  /** Resolves with the `count`-th run once it has started (runs start a microtask after they are claimed). */
  nthRun(count: number): Promise<ControlledRun>;
}

/** Creates a task whose runs end only when the test calls `finish` or `fail`. */
export function aControlledTask(): ControlledTask {
  const runs: ControlledRun[] = [];
  const waiters: Array<() => void> = [];
  const fn = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      runs.push({ signal, finish: resolve, fail: reject });
      for (const wake of waiters.splice(0)) wake();
    });
  return {
    fn,
    runs,
    async nthRun(count) {
      while (runs.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return runs[count - 1]!;
    },
  };
}

