/** What one object did to its storage since the meter was last reset. */
export interface StorageCounts {
  /** SQL statements executed. */
  statements: number;
  /** `cursor.rowsRead` summed over every statement: what Cloudflare bills as rows read. */
  rowsRead: number;
  /** `cursor.rowsWritten` summed over every statement, index rows included: billed as rows written. */
  rowsWritten: number;
  /** `setAlarm` calls; each is billed as one row written on SQLite-backed objects. */
  alarmSets: number;
  alarmDeletes: number;
  /** Synchronous KV calls (`ctx.storage.kv`), which SQLite-backed objects also bill as rows. */
  kvReads: number;
  kvWrites: number;
  /** `alarm()` invocations. */
  alarms: number;
  /** Runs of the bench's no-op code tasks. */
  noopRuns: number;
}

/** Counts one plugin's storage operations, across restarts of its object within the isolate. */
export interface StorageMeter {
  readonly counts: StorageCounts;
  /** Remembers a statement's cursor, whose counters grow while it is consumed. */
  track(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): void;
  /** Folds remembered cursors into the counts and returns a copy. */
  read(): StorageCounts;
  reset(): void;
}

function zeroCounts(): StorageCounts {
  return { statements: 0, rowsRead: 0, rowsWritten: 0, alarmSets: 0, alarmDeletes: 0, kvReads: 0, kvWrites: 0, alarms: 0, noopRuns: 0 };
}

/**
 * A meter. The engine consumes each cursor before it runs the next statement, so a cursor is
 * folded into the counts when the next statement starts or when the meter is read.
 */
export function createStorageMeter(): StorageMeter {
  const counts = zeroCounts();
  let pending: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const fold = () => {
    for (const cursor of pending) {
      counts.rowsRead += cursor.rowsRead;
      counts.rowsWritten += cursor.rowsWritten;
    }
    pending = [];
  };
  return {
    counts,
    track(cursor) {
      fold();
      counts.statements++;
      pending.push(cursor);
    },
    read() {
      fold();
      return { ...counts };
    },
    reset() {
      fold();
      Object.assign(counts, zeroCounts());
    },
  };
}

/**
 * Wraps the object's storage methods in place so `meter` counts them; call it before the
 * scheduler captures `ctx.storage.sql`. workerd refuses a Proxy as the DurableObjectState (its
 * constructor checks the type), so the methods of the real `sql`, `kv` and `storage` objects are
 * replaced instead.
 */
export function instrumentStorage(ctx: DurableObjectState, meter: StorageMeter): void {
  const { counts } = meter;
  const storage = ctx.storage;
  const sql = storage.sql;
  const kv = storage.kv;

  const exec = sql.exec.bind(sql);
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings);
    meter.track(cursor);
    return cursor;
  }) as typeof sql.exec;

  const setAlarm = storage.setAlarm.bind(storage);
  storage.setAlarm = (scheduledTime, options) => {
    counts.alarmSets++;
    return setAlarm(scheduledTime, options);
  };
  const deleteAlarm = storage.deleteAlarm.bind(storage);
  storage.deleteAlarm = (options) => {
    counts.alarmDeletes++;
    return deleteAlarm(options);
  };

  const kvGet = kv.get.bind(kv);
  kv.get = ((key: string) => {
    counts.kvReads++;
    return kvGet(key);
  }) as typeof kv.get;
  const kvPut = kv.put.bind(kv);
  kv.put = ((key: string, value: unknown) => {
    counts.kvWrites++;
    return kvPut(key, value);
  }) as typeof kv.put;
}
