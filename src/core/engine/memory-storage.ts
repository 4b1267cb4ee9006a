import { checkRunHistoryLimit } from '../run-history-limit.ts';
import { compareTaskIds } from '../task-id-order.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';
import type { RunHistoryRepository, TaskRepository, Transact } from './engine-ports.ts';
import { TaskSchedule } from './task-schedule.ts';

/** What memory storage holds: rows by task id, and each task's finished runs, newest first. */
export interface MemoryContents {
  rows: Map<string, TaskRow>;
  runs: Map<string, RunRecord[]>;
}

/** The task and history repositories of one plugin in memory, and their transaction. */
export interface MemoryStorage {
  tasks: TaskRepository;
  history: RunHistoryRepository;
  transact: Transact;
}

/** The options of `createMemoryStorage`. */
export interface MemoryStorageOptions {
  /** A row's own alarm time (the engine's `rowAlarmAt`). */
  alarmAtOf: (row: TaskRow) => number | null;
  runHistoryLimit?: number;
  /** What the storage reads and writes; empty unless given, so contents can outlive one engine. */
  contents?: MemoryContents;
}

/**
 * Repositories that live in memory: rows with a `TaskSchedule` beside them, built at the first
 * schedule read as the SQLite store builds its own, and each task's newest runs. A transaction
 * keeps an undo log, so one that throws midway leaves everything as it was, as SQLite's would.
 */
export function createMemoryStorage(options: MemoryStorageOptions): MemoryStorage {
  const limit = checkRunHistoryLimit(options.runHistoryLimit);
  const { rows, runs } = options.contents ?? { rows: new Map(), runs: new Map() };
  let schedule: TaskSchedule | undefined;
  let orderedIds: string[] | undefined;
  let undo: Array<() => void> | undefined;

  const scheduleOf = (): TaskSchedule => {
    if (schedule) return schedule;
    schedule = new TaskSchedule();
    for (const row of rows.values()) schedule.set(row.taskId, options.alarmAtOf(row), row.source);
    return schedule;
  };
  const setRow = (taskId: string, row: TaskRow | undefined) => {
    if (rows.has(taskId) !== (row !== undefined)) orderedIds = undefined;
    if (row) {
      rows.set(taskId, row);
      schedule?.set(taskId, options.alarmAtOf(row), row.source);
    } else {
      rows.delete(taskId);
      schedule?.delete(taskId);
    }
  };
  const setRuns = (taskId: string, kept: RunRecord[] | undefined) => (kept ? runs.set(taskId, kept) : runs.delete(taskId));
  const remember = (restore: () => void) => void undo?.push(restore);
  const rowsOf = (taskIds: readonly string[]) => taskIds.flatMap((taskId) => rows.get(taskId) ?? []);

  const tasks: TaskRepository = {
    readTasks: () => rowsOf((orderedIds ??= [...rows.keys()].sort(compareTaskIds))),
    readTask: (taskId) => rows.get(taskId),
    readDueTasks: (now) => rowsOf(scheduleOf().dueBy(now).sort(compareTaskIds)),
    readAlarmCandidates: () => rowsOf([scheduleOf().earliest() ?? []].flat()),
    countTasks: () => scheduleOf().counts(),
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
