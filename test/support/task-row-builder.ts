import type { RunLease, TaskRow, WorkerContext } from '../../src/core/task-row.ts';
import { taskSettingsSchema, type TaskSettings } from '../../src/core/task-settings.ts';
import { at, MINUTE_MS } from './instants.ts';

/** Settings of a task that runs every five minutes and times out after one; validated, so a fixture cannot be invalid. */
export function aTaskSettings(overrides: Partial<TaskSettings> = {}): TaskSettings {
  return taskSettingsSchema.parse({ version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT1M', ...overrides });
}

/** A lease taken at noon on 2025-01-15 for the run due then, timing out a minute later. */
export function aRunLease(overrides: Partial<RunLease> = {}): RunLease {
  const startedAt = overrides.startedAt ?? at('2025-01-15T12:00:00Z');
  return { ticket: 'ticket-running', cause: 'schedule', scheduledFor: startedAt, startedAt, timesOutAt: startedAt + MINUTE_MS, ...overrides };
}

/** An idle task due at noon on 2025-01-15 that has never run. */
export function aTaskRow(overrides: Partial<TaskRow> = {}): TaskRow {
  return {
    taskId: 'task-a',
    settings: aTaskSettings(),
    nextRunAt: at('2025-01-15T12:00:00Z'),
    run: null,
    lastRunEndedAt: null,
    lastRunError: null,
    source: 'code',
    handler: null,
    isPaused: false,
    ...overrides,
  };
}

/** A task holding a lease: due at noon, claimed at noon by `ticket-running`. */
export function aRunningTaskRow(overrides: Partial<TaskRow> = {}): TaskRow {
  return aTaskRow({ run: aRunLease(), ...overrides });
}

/** A worker that started long ago and executes the runs whose tickets are given. */
export function aWorkerContext(overrides: { startedAt?: number; liveTickets?: Iterable<string> } = {}): WorkerContext {
  return { startedAt: overrides.startedAt ?? 0, liveTickets: new Set(overrides.liveTickets ?? []) };
}
