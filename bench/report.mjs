// The targets of issue 7 and the printed table. A target is reported as met or not met; it never
// fails the run.

/** Each target: where its figure is in the results, and the bound it must stay within. */
const TARGETS = [
  { name: 'trigger → handler p50', unit: 'ms', max: 5, figure: (r) => r.trigger?.apiPlugin.handlerStartMs.p50 },
  { name: 'trigger → handler p99', unit: 'ms', max: 20, figure: (r) => r.trigger?.apiPlugin.handlerStartMs.p99 },
  { name: 'trigger → handler p50, console off', unit: 'ms', max: 5, figure: (r) => r.trigger?.apiPluginWithoutConsole.handlerStartMs.p50 },
  { name: 'trigger → handler p99, console off', unit: 'ms', max: 20, figure: (r) => r.trigger?.apiPluginWithoutConsole.handlerStartMs.p99 },
  { name: 'firing lateness p99', unit: 'ms', max: 25, figure: (r) => r.lateness?.latenessMs.p99, console: true },
  { name: 'GET .../tasks, 10,000 tasks (median)', unit: 'ms', max: 100, figure: (r) => r.scale?.listings.find((l) => l.tasks === 10_000)?.getMs.p50 },
  { name: 'register 10,000 tasks in plugin code', unit: 'ms', max: 2000, figure: (r) => (r.scale?.tasks === 10_000 ? r.scale.registerInCodeMs : undefined) },
  { name: 'define 10,000 tasks over the API (PUT)', unit: 'ms', max: 2000, figure: (r) => (r.scale?.tasks === 10_000 ? r.scale.defineAllMs : undefined) },
  { name: 'SQL rows written per run, history full', unit: 'rows', max: 3, figure: (r) => r.storage?.withHistoryFull?.rowsWritten },
  { name: 'idle alarm invocations', unit: '', max: 0, figure: (r) => r.idle?.alarmInvocationsAllObjects },
];

/** The targets with their figures: met, not met, or not measured in this run. */
export function evaluateTargets(results, flags) {
  return TARGETS.map(({ name: label, unit, max, figure, console }) => {
    const name = console ? `${label}, console ${flags.console}` : label;
    const value = figure(results);
    const measured = typeof value === 'number';
    return { name, value: measured ? value : null, unit, target: `≤ ${max}${unit ? ` ${unit}` : ''}`, status: measured ? (value <= max ? 'met' : 'not met') : 'not measured' };
  });
}

const fmt = (value, unit = '') => (value === null || value === undefined ? '–' : `${value}${unit ? ` ${unit}` : ''}`);
const dist = (d, unit = 'ms') => (d && d.count ? `p50 ${d.p50} · p90 ${d.p90} · p99 ${d.p99} · max ${d.max} ${unit} (n=${d.count})` : '–');
const storage = (s) =>
  s ? `${s.rowsRead} read · ${s.rowsWritten} written · ${s.alarmSets} alarm sets · ${s.alarmInvocations} alarms /run (n=${s.runs})` : '–';
const shares = (byProcess) =>
  byProcess ? Object.entries(byProcess).map(([name, share]) => `${name} ${Math.round(share * 100)}%`).join(', ') : '–';
const mb = (bytes) => (typeof bytes === 'number' && Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MB` : '–');

/** Rows of [figure, value] for everything measured. */
function figureRows(results) {
  const rows = [];
  const { trigger, lateness, storage: cost, throughput, scale, idle } = results;
  if (trigger) {
    rows.push(['floor: round trip to the Worker', dist(trigger.floor.pingMs)]);
    rows.push(['floor: round trip through an object', dist(trigger.floor.objectRpcMs)]);
    rows.push(['floor: object writes a row, starts a request → arrival', dist(trigger.floor.writeAndFetchToHandlerMs)]);
    rows.push(['trigger → handler, API plugin', dist(trigger.apiPlugin.handlerStartMs)]);
    rows.push(['trigger → 200 answer, API plugin', dist(trigger.apiPlugin.triggerResponseMs)]);
    rows.push(['trigger → handler, code plugin', dist(trigger.codePlugin.handlerStartMs)]);
    rows.push(['trigger → handler, API plugin, console off', dist(trigger.apiPluginWithoutConsole.handlerStartMs)]);
  }
  if (lateness) {
    rows.push([
      `lateness, ${lateness.tasks.interval} × 1 s + ${lateness.tasks.cron} × cron (console ${lateness.console}, devtools ${lateness.devtools})`,
      dist(lateness.latenessMs),
    ]);
    rows.push(['  of which 1 s cadence', dist(lateness.intervalLatenessMs)]);
    rows.push(['  of which * * * * * * cron', dist(lateness.cronLatenessMs)]);
    rows.push(['  run start in the object (its history) − due time', dist(lateness.objectStartLatenessMs)]);
    rows.push(['  alarm delivery: start of alarm() − time set', dist(lateness.alarmDeliveryMs)]);
    rows.push(["  a 5 ms timer's lateness in the same object", dist(lateness.timerLagMs)]);
    rows.push(['runs expected / seen / duplicated', `${lateness.runsExpected} / ${lateness.runsSeen} / ${lateness.duplicateRuns} (${lateness.runsPerSecond} runs/s)`]);
    rows.push(['  storage per run under that load', storage(lateness.storagePerRun)]);
    rows.push(['  CPU (share of one core)', `${fmt(lateness.workerdCpuMsPerRun, 'ms')}/run in workerd; ${shares(lateness.cpuShareByProcess)}`]);
  }
  if (cost) {
    rows.push(['storage per run, history filling', storage(cost.whileHistoryFills)]);
    rows.push(['storage per run, history full', storage(cost.withHistoryFull)]);
  }
  for (const t of throughput ?? []) {
    rows.push([
      `throughput, ${t.plugins} plugin${t.plugins === 1 ? '' : 's'} (${t.tasks} tasks, offered ${t.offeredRunsPerSecond}/s)`,
      `${t.runsPerSecond} runs/s (busiest object ${t.busiestPluginRunsPerSecond}/s); CPU ${shares(t.cpuShareByProcess)}`,
    ]);
  }
  if (scale) {
    rows.push([`define ${scale.tasks} tasks (PUT, ${scale.concurrency} in flight)`, `${scale.defineAllMs} ms (${scale.definePerSecond}/s); PUT ${dist(scale.putMs)}`]);
    rows.push([`register ${scale.tasks} tasks in plugin code, at its start`, fmt(scale.registerInCodeMs, 'ms')]);
    for (const listing of scale.listings) {
      rows.push([`GET .../tasks, ${listing.tasks} tasks`, `${dist(listing.getMs)}, ${mb(listing.responseBytes)}`]);
      rows.push([`  floor: ${mb(listing.responseBytes)} from a route with nothing behind it`, dist(listing.sameSizeFloorMs)]);
    }
    const { before, after, afterCodeTasks } = scale.memory;
    rows.push([
      `memory: before → ${scale.tasks} API tasks → + ${scale.tasks} code tasks`,
      `isolate heap ${mb(before.isolateHeap?.usedBytes)} → ${mb(after.isolateHeap?.usedBytes)} → ${mb(afterCodeTasks?.isolateHeap?.usedBytes)}; workerd RSS ${mb(before.workerd.rssBytes)} → ${mb(after.workerd.rssBytes)} → ${mb(afterCodeTasks?.workerd.rssBytes)}; SQLite of the API plugin ${mb(scale.databaseBytes)}`,
    ]);
  }
  if (idle) {
    rows.push([
      `idle ${idle.seconds} s with ${idle.tasks} tasks`,
      `${idle.alarmInvocationsAllObjects} alarms, ${idle.rowsRead} rows read, ${idle.rowsWritten} written, workerd CPU ${idle.workerdCpuMs} ms (${(idle.workerdCpuShare * 100).toFixed(2)}%)`,
    ]);
  }
  return rows;
}

function table(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row) => `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The figures and the targets as two Markdown tables. */
export function renderReport(results, targets) {
  return [
    table(['figure', 'value'], figureRows(results)),
    '',
    table(['target', 'measured', 'bound', ''], targets.map((t) => [t.name, fmt(t.value, t.unit), t.target, t.status])),
  ].join('\n');
}
