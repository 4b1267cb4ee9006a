/** Small facts the object keeps about itself in its key-value storage, beside the tasks table. */

const PLUGIN_ID_KEY = 'plugin-id';
const WORKER_START_KEY = 'worker-start';

/**
 * The plugin this object serves. `ctx.id.name` carries it on current runtimes, including when an
 * alarm wakes the object; it is also stored, for runtimes where the name is missing.
 */
export function resolvePluginId(kv: SyncKvStorage, name: string | undefined): string | undefined {
  if (name === undefined) return kv.get<string>(PLUGIN_ID_KEY);
  if (kv.get<string>(PLUGIN_ID_KEY) !== name) kv.put(PLUGIN_ID_KEY, name);
  return name;
}

/**
 * When this worker started, for `initialDelay`. Backstage waits per process start; an object
 * restarts at every wake, which would delay a task by its initial delay each time. So the start
 * is kept per deployed version: the first start of a new version resets it, a wake does not.
 * Without a version id (no `version_metadata` binding) every object start counts.
 *
 * Returns the start and, for a new version, the write that records it: the caller makes it part
 * of the start's transaction, so a start whose writes were refused records no start either.
 */
export function resolveWorkerStartedAt(
  kv: SyncKvStorage,
  versionId: string | undefined,
  now: number,
): { startedAt: number; record: () => void } {
  const nothing = () => {};
  if (versionId === undefined) return { startedAt: now, record: nothing };
  const stored = kv.get<{ versionId: string; startedAt: number }>(WORKER_START_KEY);
  if (stored?.versionId === versionId) return { startedAt: stored.startedAt, record: nothing };
  return { startedAt: now, record: () => kv.put(WORKER_START_KEY, { versionId, startedAt: now }) };
}
