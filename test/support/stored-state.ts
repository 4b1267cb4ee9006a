import { env, listDurableObjectIds, runInDurableObject } from 'cloudflare:test';
import { PLUGIN_INDEX_NAME } from '../../src/durable/plugin-index.ts';

/** Everything one plugin's object keeps: its SQL rows, its key-value entries and its alarm. */
export function readObjectState(pluginId: string) {
  return runInDurableObject(env.PLUGIN_SCHEDULER.getByName(pluginId), async (_instance, state) => ({
    tasks: state.storage.sql.exec('SELECT * FROM tasks ORDER BY task_id').toArray(),
    // Whatever the table's key, the same rows in any order are the same history.
    runs: state.storage.sql.exec('SELECT * FROM task_runs').toArray().map((run) => JSON.stringify(run)).sort(),
    keys: [...state.storage.kv.list()],
    alarm: await state.storage.getAlarm(),
  }));
}

/** How many rows each of an object's own tables holds, and how many key-value entries it keeps. */
export function countRows(pluginId: string): Promise<Record<string, number>> {
  return runInDurableObject(env.PLUGIN_SCHEDULER.getByName(pluginId), (_instance, state) => {
    const sql = state.storage.sql;
    // Tables named _cf_* belong to the platform and cannot be read.
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((table) => table.name)
      .filter((name) => !name.startsWith('_cf_') && !name.startsWith('sqlite_'));
    const rows = Object.fromEntries(tables.map((name) => [name, sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).one().n]));
    return { ...rows, keyValueEntries: [...state.storage.kv.list()].length };
  });
}

/**
 * What the scheduler keeps across the given plugins: which plugin objects exist at all, the
 * stored state of each named one, and the plugin index. Comparing two of these shows whether a
 * request changed anything stored.
 */
export async function readSchedulerState(pluginIds: readonly string[]) {
  const objects = (await listDurableObjectIds(env.PLUGIN_SCHEDULER)).map((id) => id.toString()).sort();
  const plugins = Object.fromEntries(await Promise.all(pluginIds.map(async (id) => [id, await readObjectState(id)] as const)));
  const index = await runInDurableObject(env.PLUGIN_INDEX.getByName(PLUGIN_INDEX_NAME), (_instance, state) =>
    state.storage.sql.exec('SELECT * FROM api_plugins ORDER BY plugin_id').toArray(),
  );
  return { objects, plugins, index };
}
