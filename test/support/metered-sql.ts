/** Rows SQLite read and wrote, as Cloudflare bills them (a changed index entry is a row written). */
export type SqlCost = { rowsRead: number; rowsWritten: number };

/**
 * Wraps an object's SQL so `costOf(act)` sums the rows read and written by every statement `act`
 * runs through the wrapper. Each cursor is drained before its counters are read: they grow as it is consumed.
 */
export function meterSql(sql: SqlStorage): { sql: SqlStorage; costOf(act: () => void): SqlCost } {
  let cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const exec = <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]): SqlStorageCursor<T> => {
    const cursor = sql.exec<T>(query, ...bindings);
    cursors.push(cursor);
    return cursor;
  };
  // Everything but `exec` is the object's own SQL.
  const metered = Object.assign(Object.create(sql) as SqlStorage, { exec });
  return {
    sql: metered,
    costOf(act) {
      cursors = [];
      act();
      for (const cursor of cursors) cursor.toArray();
      return {
        rowsRead: cursors.reduce((sum, cursor) => sum + cursor.rowsRead, 0),
        rowsWritten: cursors.reduce((sum, cursor) => sum + cursor.rowsWritten, 0),
      };
    },
  };
}
