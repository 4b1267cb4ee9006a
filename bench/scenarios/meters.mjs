// The storage meters of the bench Worker's objects (bench/storage-meter.ts), read over HTTP.

/** Every plugin's counts since the last reset; resets them after reading when `reset`. */
export async function readMeters(api, reset) {
  const response = await api.expect([200], 'GET', `/bench/meters${reset ? '?reset=1' : ''}`);
  return response.json();
}

/** The sum of the counts of every plugin. */
export function sumMeters(meters) {
  const total = {};
  for (const counts of Object.values(meters)) {
    for (const [name, value] of Object.entries(counts)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}

// Two decimals: runs in flight when a window opens or closes blur the third (±0.01 at 1,000 runs).
const perRunValue = (value, runs) => Math.round((value / runs) * 100) / 100;

/** Rows read and written, alarm sets and alarm invocations per run, over `runs` runs. */
export function perRun(counts, runs) {
  if (!counts || !runs) return null;
  return {
    runs,
    rowsRead: perRunValue(counts.rowsRead, runs),
    rowsWritten: perRunValue(counts.rowsWritten, runs),
    alarmSets: perRunValue(counts.alarmSets, runs),
    alarmInvocations: perRunValue(counts.alarms, runs),
    statements: perRunValue(counts.statements, runs),
    /** What Cloudflare bills as rows written: SQL rows plus one per setAlarm. */
    billedRowsWritten: perRunValue(counts.rowsWritten + counts.alarmSets, runs),
  };
}
