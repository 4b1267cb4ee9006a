import type { RunHistoryRepository, TaskRepository, Transact } from '../../src/core/engine/engine-ports.ts';
import { createMemoryStorage, type MemoryContents } from '../../src/core/engine/memory-storage.ts';
import type { RunRecord, TaskRow } from '../../src/core/task-row.ts';

/** Where a plugin object under test keeps its rows and history across evictions. */
export interface ObjectStorage {
  /** Repositories over what is kept, as a new instance of the object builds them (nothing remembered yet). */
  open(alarmAtOf: (row: TaskRow) => number | null): { tasks: TaskRepository; history: RunHistoryRepository; transact: Transact };
  /** The rows kept, read afresh. */
  readRows(): Map<string, TaskRow>;
  /** Every finished run kept, task by task, newest first. */
  readHistory(): RunRecord[];
}

/** Storage in memory, as the in-process backend keeps it. */
export function memoryObjectStorage(): ObjectStorage {
  const contents: MemoryContents = { rows: new Map(), runs: new Map() };
  return {
    open: (alarmAtOf) => createMemoryStorage({ alarmAtOf, contents }),
    readRows: () => new Map(contents.rows),
    readHistory: () => [...contents.runs.values()].flat(),
  };
}
