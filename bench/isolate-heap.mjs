// The V8 heap of the Worker's isolate. workerd does not answer HeapProfiler.collectGarbage, but a
// heap snapshot collects garbage first, so one is taken (its chunks are dropped) before reading.

/**
 * The isolate's used heap in bytes before and after collecting garbage (`collect: false` reads it
 * as it is: under wrangler dev, relaying a snapshot keeps wrangler's Node process busy for a long
 * while after); null if unavailable.
 */
export async function readIsolateHeap(session, { collect = true } = {}) {
  if (!session) return null;
  try {
    const before = await session.send('Runtime.getHeapUsage');
    if (!collect) return { usedBytes: before.usedSize, totalBytes: before.totalSize, usedBeforeCollectingBytes: before.usedSize, collectedGarbage: false };
    const collected = await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, 120_000).then(
      () => true,
      () => false,
    );
    const usage = await session.send('Runtime.getHeapUsage');
    return { usedBytes: usage.usedSize, totalBytes: usage.totalSize, usedBeforeCollectingBytes: before.usedSize, collectedGarbage: collected };
  } catch {
    return null;
  }
}
