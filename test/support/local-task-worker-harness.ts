import { LocalTaskWorker } from '../../src/core/local/local-task-worker.ts';
import type { TaskSnapshot } from '../../src/core/task-status.ts';
import { at } from './instants.ts';
import { aRecordingLogger, type RecordingLogger } from './recording-logger.ts';
import { createTestClock, type TestClock } from './test-clock.ts';
import { createTestTimer, type TestTimer } from './test-timer.ts';

/** A local task worker on a test clock and timer, with what drives and observes it. */
export interface LocalTaskWorkerHarness {
  worker: LocalTaskWorker;
  clock: TestClock;
  timer: TestTimer;
  logger: RecordingLogger;
}

/** The instant every harness starts at: noon on 2025-01-15, UTC. */
export const HARNESS_START = at('2025-01-15T12:00:00Z');

/** Creates a self-waking worker (Node, Deno), or an event-driven one (a Worker isolate). */
export function aLocalTaskWorker(options: { wakesItself?: boolean } = {}): LocalTaskWorkerHarness {
  const clock = createTestClock(HARNESS_START);
  const timer = createTestTimer(clock);
  const logger = aRecordingLogger();
  const worker = new LocalTaskWorker({ clock, timer, logger, wakesItself: options.wakesItself ?? true });
  return { worker, clock, timer, logger };
}

/** The worker's snapshot of one task. */
export async function snapshotOf(worker: { listTasks(): Promise<TaskSnapshot[]> | TaskSnapshot[] }, taskId: string): Promise<TaskSnapshot> {
  const snapshot = (await worker.listTasks()).find((task) => task.taskId === taskId);
  if (!snapshot) throw new Error(`Task ${taskId} is not listed`);
  return snapshot;
}
