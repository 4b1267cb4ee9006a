// What the bench compares: the figures measured on each runtime and on Backstage with their
// ratios, and issue 11's targets (some of them bounded by Backstage's own figure). Pure functions
// of the results, so they are tested without starting anything.

const MIB = 1048576;
const listing = (results, tasks) => results?.scale?.listings?.find((entry) => entry.tasks === tasks)?.getMs;
const idleAt = (results, tasks) => (Array.isArray(results?.idle) ? results.idle.find((entry) => entry.tasks === tasks) : undefined);
const rssMib = (entry) => (typeof entry?.rssBytes === 'number' ? Math.round((entry.rssBytes / MIB) * 10) / 10 : undefined);
const atTenThousand = (scale, value) => (scale?.tasks === 10_000 ? value : undefined);

/** `value / reference`, to three significant digits; null unless both are numbers and the reference is positive. */
export function ratioOf(value, reference) {
  if (typeof value !== 'number' || typeof reference !== 'number' || !Number.isFinite(value) || !(reference > 0)) return null;
  return Number((value / reference).toPrecision(3));
}

/** A ratio as printed: `0.0041×`, `1.5×`, `–` when there is none. */
export function formatRatio(ratio) {
  return ratio === null || ratio === undefined ? '–' : `${Number(ratio.toPrecision(2))}×`;
}

const triggerOverRoundTrip = (trigger) => ratioOf(trigger?.handlerStartMs?.p50 ?? trigger?.apiPlugin?.handlerStartMs?.p50, trigger?.roundTrip?.getOneTaskMs?.p50);

/**
 * The figures printed side by side. `ours` reads a runtime's results, `backstage` the peer's;
 * a figure without `backstage` does not apply to it. Lower is better for every one of them.
 */
export const FIGURES = [
  { name: 'bare round trip: GET .../tasks of a 1-task plugin, p50', unit: 'ms', ours: (r) => r.trigger?.roundTrip?.getOneTaskMs?.p50, backstage: (r) => r.trigger?.roundTrip?.getOneTaskMs?.p50 },
  { name: 'trigger → handler p50', unit: 'ms', ours: (r) => r.trigger?.apiPlugin?.handlerStartMs?.p50, backstage: (r) => r.trigger?.handlerStartMs?.p50 },
  { name: 'trigger → handler p99', unit: 'ms', ours: (r) => r.trigger?.apiPlugin?.handlerStartMs?.p99, backstage: (r) => r.trigger?.handlerStartMs?.p99 },
  { name: 'trigger → handler p50 ÷ bare round trip', unit: '×', ours: (r) => triggerOverRoundTrip(r.trigger), backstage: (r) => triggerOverRoundTrip(r.trigger) },
  { name: 'lateness p50, 200 tasks × 1 s', unit: 'ms', ours: (r) => r.latenessLight?.latenessMs?.p50, backstage: (r) => r.latenessLight?.latenessMs?.p50 },
  { name: 'lateness p99, 200 tasks × 1 s', unit: 'ms', ours: (r) => r.latenessLight?.latenessMs?.p99, backstage: (r) => r.latenessLight?.latenessMs?.p99 },
  { name: 'lateness p50, 1,100 runs/s on one object', unit: 'ms', ours: (r) => r.lateness?.latenessMs?.p50 },
  { name: 'lateness p99, 1,100 runs/s on one object', unit: 'ms', ours: (r) => r.lateness?.latenessMs?.p99 },
  { name: 'GET .../tasks, 1,000 tasks, p50', unit: 'ms', ours: (r) => listing(r, 1000)?.p50, backstage: (r) => listing(r, 1000)?.p50 },
  { name: 'GET .../tasks, 1,000 tasks, p90', unit: 'ms', ours: (r) => listing(r, 1000)?.p90, backstage: (r) => listing(r, 1000)?.p90 },
  { name: 'GET .../tasks, 10,000 tasks, p50', unit: 'ms', ours: (r) => listing(r, 10_000)?.p50, backstage: (r) => listing(r, 10_000)?.p50 },
  { name: 'GET .../tasks, 10,000 tasks, p90', unit: 'ms', ours: (r) => listing(r, 10_000)?.p90, backstage: (r) => listing(r, 10_000)?.p90 },
  {
    name: 'define 10,000 tasks (ours: over the API; Backstage has no API: scheduleTask in plugin code)',
    unit: 'ms',
    ours: (r) => atTenThousand(r.scale, r.scale?.defineAllMs),
    backstage: (r) => atTenThousand(r.scale, r.scale?.registerInCodeMs),
  },
  { name: 'register 10,000 tasks in plugin code', unit: 'ms', ours: (r) => atTenThousand(r.scale, r.scale?.registerInCodeMs), backstage: (r) => atTenThousand(r.scale, r.scale?.registerInCodeMs) },
  { name: 'idle CPU of the server process tree, 1,000 tasks', unit: 'ms/s', ours: (r) => idleAt(r, 1000)?.cpuMsPerSecond, backstage: (r) => idleAt(r, 1000)?.cpuMsPerSecond },
  { name: 'idle CPU of the server process tree, 10,000 tasks', unit: 'ms/s', ours: (r) => idleAt(r, 10_000)?.cpuMsPerSecond, backstage: (r) => idleAt(r, 10_000)?.cpuMsPerSecond },
  { name: 'RSS of the server process tree, 1,000 idle tasks', unit: 'MiB', ours: (r) => rssMib(idleAt(r, 1000)), backstage: (r) => rssMib(idleAt(r, 1000)) },
  { name: 'RSS of the server process tree, 10,000 idle tasks', unit: 'MiB', ours: (r) => rssMib(idleAt(r, 10_000)), backstage: (r) => rssMib(idleAt(r, 10_000)) },
];

const numberOrNull = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * Every figure with each runtime's value and its ratio to Backstage's. `runtimes` maps a runtime
 * to its results (undefined if it failed to start); `peerResults` is undefined if Backstage was
 * not measured.
 */
export function compareFigures(runtimes, peerResults) {
  return FIGURES.map(({ name, unit, ours, backstage }) => {
    const peerValue = backstage && peerResults ? numberOrNull(backstage(peerResults)) : null;
    const byRuntime = Object.fromEntries(
      Object.entries(runtimes).map(([runtime, results]) => {
        const value = results ? numberOrNull(ours(results)) : null;
        return [runtime, { value, ratioToBackstage: ratioOf(value, peerValue) }];
      }),
    );
    return { name, unit, appliesToBackstage: Boolean(backstage), backstage: peerValue, byRuntime };
  });
}

/** A bound that is a fixed number. */
const fixed = (bound) => () => ({ bound });
/** A bound that is Backstage's figure `pick`, or why there is none. */
const backstages = (pick) => Object.assign(({ peer }) => boundFromPeer(peer, pick), { relative: true });
function boundFromPeer(peer, pick) {
  if (peer?.status !== 'measured') return { missing: `Backstage not measured (${peer?.reason ?? 'no peer in this run'})` };
  const bound = numberOrNull(pick(peer.results ?? {}));
  return bound === null ? { missing: 'not measured on Backstage in this run' } : { bound };
}

/** Issue 11's targets, and those of issue 7 still in force. Each bound is inclusive. */
const TARGETS = [
  {
    name: 'trigger → handler p50 ≤ 1.5 × bare round trip (same run)',
    unit: 'ms',
    relative: true,
    figure: (r) => r.trigger?.apiPlugin?.handlerStartMs?.p50,
    bound: ({ results }) => {
      const roundTrip = numberOrNull(results.trigger?.roundTrip?.getOneTaskMs?.p50);
      return roundTrip === null ? { missing: 'the bare round trip was not measured' } : { bound: Math.round(roundTrip * 1.5 * 100) / 100 };
    },
  },
  { name: 'trigger → handler p99 ≤ 20 ms', unit: 'ms', figure: (r) => r.trigger?.apiPlugin?.handlerStartMs?.p99, bound: fixed(20) },
  {
    name: 'lateness p99 ≤ 25 ms at 1,100 runs/s on one object',
    unit: 'ms',
    withConsole: true,
    figure: (r) => (r.lateness?.tasks?.interval === 1000 && r.lateness?.tasks?.cron === 100 ? r.lateness.latenessMs?.p99 : undefined),
    bound: fixed(25),
  },
  { name: "GET .../tasks, 1,000 tasks, p50 ≤ Backstage's", unit: 'ms', figure: (r) => listing(r, 1000)?.p50, bound: backstages((p) => listing(p, 1000)?.p50) },
  { name: 'GET .../tasks, 10,000 tasks, p90 ≤ 100 ms', unit: 'ms', figure: (r) => listing(r, 10_000)?.p90, bound: fixed(100) },
  { name: 'define 10,000 tasks over the API ≤ 2 s', unit: 'ms', figure: (r) => atTenThousand(r.scale, r.scale?.defineAllMs), bound: fixed(2000) },
  { name: 'register 10,000 tasks in plugin code ≤ 2 s', unit: 'ms', figure: (r) => atTenThousand(r.scale, r.scale?.registerInCodeMs), bound: fixed(2000) },
  { name: "idle CPU, 1,000 tasks ≤ Backstage's", unit: 'ms/s', figure: (r) => idleAt(r, 1000)?.cpuMsPerSecond, bound: backstages((p) => idleAt(p, 1000)?.cpuMsPerSecond) },
  { name: "idle CPU, 10,000 tasks ≤ Backstage's", unit: 'ms/s', figure: (r) => idleAt(r, 10_000)?.cpuMsPerSecond, bound: backstages((p) => idleAt(p, 10_000)?.cpuMsPerSecond) },
  { name: "RSS, 1,000 idle tasks ≤ Backstage's", unit: 'MiB', figure: (r) => rssMib(idleAt(r, 1000)), bound: backstages((p) => rssMib(idleAt(p, 1000))) },
  { name: "RSS, 10,000 idle tasks ≤ Backstage's", unit: 'MiB', figure: (r) => rssMib(idleAt(r, 10_000)), bound: backstages((p) => rssMib(idleAt(p, 10_000))) },
  { name: 'SQL rows written per run, history full ≤ 3', unit: 'rows', figure: (r) => r.storage?.withHistoryFull?.rowsWritten, bound: fixed(3) },
  { name: 'alarms while idle with 10,000 tasks = 0', unit: '', figure: (r) => idleAt(r, 10_000)?.alarmInvocationsAllObjects, bound: fixed(0) },
];

/**
 * One runtime's targets: met, not met, or not measured with the reason. `peer` is
 * `{ status, reason, results }` for Backstage, whose figures bound some targets.
 */
export function evaluateTargets(results, { flags, peer }) {
  return TARGETS.map(({ name: label, unit, figure, bound: boundOf, withConsole, relative = boundOf.relative === true }) => {
    const name = withConsole ? `${label}, console ${flags.console}` : label;
    const value = numberOrNull(figure(results ?? {}));
    const { bound = null, missing } = boundOf({ results: results ?? {}, peer });
    // A relative bound is not in the target's name, so the report prints it beside the value.
    const shown = { name, unit, value, bound, isBoundRelative: relative };
    if (value === null) return { ...shown, status: 'not measured', note: 'not measured in this run' };
    if (bound === null) return { ...shown, status: 'not measured', note: missing };
    return { ...shown, status: value <= bound ? 'met' : 'not met' };
  });
}
