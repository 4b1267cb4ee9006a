import { checkRunHistoryLimit } from '../run-history-limit.ts';
import { compareTaskIds } from '../task-id-order.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';
import type { RunHistoryRepository, TaskRepository, Transact } from './engine-ports.ts';
import { TaskSchedule } from './task-schedule.ts';

/** The task and history repositories of one plugin in memory, and their transaction. */
export interface MemoryStorage {
  tasks: TaskRepository;
  history: RunHistoryRepository;
  transact: Transact;
}

/**
 * Repositories that live as long as the process: a Map of rows with a `TaskSchedule` beside it,
 * and each task's newest runs. A transaction keeps an undo log, so one that throws midway leaves
 * both as they were, as SQLite's would. `alarmAtOf` is a row's own alarm time (the engine's
 * `rowAlarmAt`), asked when the row is written.
 */
export function createMemoryStorage(options: { alarmAtOf: (row: TaskRow) => number | null; runHistoryLimit?: number }): MemoryStorage {
  const limit = checkRunHistoryLimit(options.runHistoryLimit);
  const rows = new Map<string, TaskRow>();
  const runs = new Map<string, RunRecord[]>();
  const schedule = new TaskSchedule();
  let orderedIds: string[] | undefined;
  let undo: Array<() => void> | undefined;

  const setRow = (taskId: string, row: TaskRow | undefined) => {
    const isNewId = rows.has(taskId) !== (row !== undefined);
    if (row) {
      rows.set(taskId, row);
      schedule.set(taskId, options.alarmAtOf(row), row.source);
    } else {
      rows.delete(taskId);
      schedule.delete(taskId);
    }
    if (isNewId) orderedIds = undefined;
  };
  const setRuns = (taskId: string, kept: RunRecord[] | undefined) => (kept ? runs.set(taskId, kept) : runs.delete(taskId));
  const remember = (restore: () => void) => void undo?.push(restore);

  const rowsOf = (taskIds: readonly string[]) => taskIds.flatMap((taskId) => rows.get(taskId) ?? []);
  const tasks: TaskRepository = {
    readTasks: () => rowsOf((orderedIds ??= [...rows.keys()].sort(compareTaskIds))),
    readTask: (taskId) => rows.get(taskId),
    readDueTasks: (now) => rowsOf(schedule.dueBy(now).sort(compareTaskIds)),
    readAlarmCandidates: () => rowsOf([schedule.earliest() ?? []].flat()),
    countTasks: () => schedule.counts(),
    writeTask(row) {
      const before = rows.get(row.taskId);
      remember(() => setRow(row.taskId, before));
      setRow(row.taskId, row);
    },
    deleteTask(taskId) {
      const before = rows.get(taskId);
      remember(() => setRow(taskId, before));
      setRow(taskId, undefined);
    },
  };
  const history: RunHistoryRepository = {
    appendRun(run) {
      const before = runs.get(run.taskId);
      remember(() => setRuns(run.taskId, before));
      if (limit > 0) setRuns(run.taskId, [run, ...(before ?? [])].slice(0, limit));
    },
    readRuns: (taskId, count) => (runs.get(taskId) ?? []).slice(0, count),
    deleteRuns(taskId) {
      const before = runs.get(taskId);
      remember(() => setRuns(taskId, before));
      setRuns(taskId, undefined);
    },
  };
  const transact: Transact = (write) => {
    if (undo) return write();
    undo = [];
    try {
      write();
    } catch (error) {
      for (const restore of undo.reverse()) restore();
      throw error;
    } finally {
      undo = undefined;
    }
  };
  return { tasks, history, transact };
}
