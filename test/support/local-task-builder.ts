import type { LocalRun, LocalTask } from '../../src/core/local/local-task.ts';
import { at, MINUTE_MS } from './instants.ts';
import { aTaskSettings } from './task-row-builder.ts';

/** A local run started at noon on 2025-01-15, timing out a minute later. */
export function aLocalRun(overrides: Partial<LocalRun> = {}): LocalRun {
  const startedAt = overrides.startedAt ?? at('2025-01-15T12:00:00Z');
  return { runId: 'run-1', startedAt, timesOutAt: startedAt + MINUTE_MS, cancelledAt: null, ...overrides };
}

/** An idle local task every five minutes, due at noon on 2025-01-15, past its initial wait, never run. */
export function aLocalTask(overrides: Partial<LocalTask> = {}): LocalTask {
  return {
    taskId: 'local-a',
    settings: aTaskSettings(),
    nextRunAt: at('2025-01-15T12:00:00Z'),
    initialWaitEndsAt: 0,
    run: null,
    lastRunEndedAt: null,
    lastRunError: null,
    ...overrides,
  };
}

/** A local task whose run started at noon. */
export function aRunningLocalTask(overrides: Partial<LocalTask> = {}): LocalTask {
  return aLocalTask({ nextRunAt: null, run: aLocalRun(), ...overrides });
}
