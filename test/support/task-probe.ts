/**
 * Task code the tests steer. The test plugins run in the same workerd isolate as the tests, so
 * this module's state is shared: a test sees each run start and decides how it ends. A run's
 * promise belongs to its Durable Object, so it is settled from inside the object
 * (`runInDurableObject`); workerd refuses I/O across objects.
 */
export interface ProbeRun {
  taskId: string;
  /** Why the run's signal aborted, once it has. */
  abortReason: string | undefined;
  /** Resolves with the abort reason when the run's signal aborts. */
  readonly aborted: Promise<string>;
  /** When the run started, by the system clock. */
  startedAt: number;
  finish(): void;
  fail(error: Error): void;
  /** Settles once the scheduler has recorded the run's end. */
  readonly recorded: Promise<void>;
}

const runs: ProbeRun[] = [];
const waiters: Array<() => void> = [];

/** A task function whose runs are recorded and stay open until the test ends them. */
export function probeTask(taskId: string) {
  return (signal: AbortSignal): Promise<void> => {
    let finish!: () => void;
    let fail!: (error: Error) => void;
    const outcome = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    let markRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (markRecorded = resolve));
    let markAborted!: (reason: string) => void;
    const aborted = new Promise<string>((resolve) => (markAborted = resolve));
    const run: ProbeRun = { taskId, abortReason: undefined, aborted, startedAt: Date.now(), finish, fail, recorded };
    signal.addEventListener('abort', () => {
      run.abortReason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
      markAborted(run.abortReason);
    });
    runs.push(run);
    for (const wake of waiters.splice(0)) wake();
    // The scheduler records the end in a continuation of this promise; a macrotask later it is done.
    return outcome.finally(() => setTimeout(markRecorded, 0));
  };
}

/** Every run of `taskId` so far, oldest first. */
export function runsOf(taskId: string): ProbeRun[] {
  return runs.filter((run) => run.taskId === taskId);
}

/** Resolves with the `count`-th run of `taskId` once it has started (bounded by the test timeout). */
export async function nthRun(taskId: string, count: number): Promise<ProbeRun> {
  while (runsOf(taskId).length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  return runsOf(taskId)[count - 1]!;
}
