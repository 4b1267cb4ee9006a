import type { TaskSnapshot } from '../../src/core/task-status.ts';

/** Builds a task snapshot as the object reports it: an idle, manual, global task unless overridden. */
export function aTaskSnapshot(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
  return {
    taskId: 'refresh-catalog',
    scope: 'global',
    settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' },
    taskState: { status: 'idle' },
    workerState: { status: 'idle' },
    ...overrides,
  };
}
