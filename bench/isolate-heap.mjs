// The V8 heap of the Worker's isolate. workerd does not answer HeapProfiler.collectGarbage, but a
// heap snapshot collects garbage first, so one is taken (its chunks are dropped) before reading.

/** The isolate's used heap in bytes before and after collecting garbage; null if unavailable. */
export async function readIsolateHeap(session) {
  if (!session) return null;
  try {
    const before = await session.send('Runtime.getHeapUsage');
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
