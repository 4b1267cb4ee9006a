// The printed report: every figure per runtime with its ratio to Backstage's, the targets per
// runtime, then each runtime's own detailed figures.
import { formatRatio } from './compare.mjs';

/** A number as printed: whole above 100, one decimal above 10, two below. */
export function formatNumber(value, unit = '') {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit && unit !== '×' ? `${text} ${unit}` : unit === '×' ? `${text}×` : text;
}

const dist = (d, unit = 'ms') => (d && d.count ? `p50 ${d.p50} · p90 ${d.p90} · p99 ${d.p99} · max ${d.max} ${unit} (n=${d.count})` : '–');
const storage = (s) =>
  s ? `${s.rowsRead} read · ${s.rowsWritten} written · ${s.alarmSets} alarm sets · ${s.alarmInvocations} alarms /run (n=${s.runs})` : '–';
const shares = (byProcess) =>
  byProcess ? Object.entries(byProcess).map(([name, share]) => `${name} ${Math.round(share * 100)}%`).join(', ') : '–';
const mb = (bytes) => (typeof bytes === 'number' && Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MiB` : '–');

function latenessRows(label, lateness) {
  if (!lateness) return [];
  const rows = [
    [`${label}: ${lateness.tasks.interval} × 1 s${lateness.tasks.cron ? ` + ${lateness.tasks.cron} × cron` : ''}, ${lateness.windowSeconds} s (console ${lateness.console})`, dist(lateness.latenessMs)],
  ];
  if (lateness.tasks.cron) {
    rows.push(['  of which 1 s cadence', dist(lateness.intervalLatenessMs)]);
    rows.push(['  of which * * * * * * cron', dist(lateness.cronLatenessMs)]);
  }
  rows.push(['  run start in the object (its history) − due time', dist(lateness.objectStartLatenessMs)]);
  rows.push(['  alarm delivery: start of alarm() − time set', dist(lateness.alarmDeliveryMs)]);
  rows.push(["  a 5 ms timer's lateness in the same object", dist(lateness.timerLagMs)]);
  rows.push(['  runs expected / seen / duplicated', `${lateness.runsExpected} / ${lateness.runsSeen} / ${lateness.duplicateRuns} (${lateness.runsPerSecond} runs/s)`]);
  rows.push(['  storage per run', storage(lateness.storagePerRun)]);
  rows.push(['  CPU (share of one core)', `${formatNumber(lateness.workerdCpuMsPerRun, 'ms')}/run in workerd; ${shares(lateness.cpuShareByProcess)}`]);
  return rows;
}

/** Rows of [figure, value] for everything one of our runtimes measured. */
export function figureRows(results) {
  const rows = [];
  const { trigger, lateness, latenessLight, storage: cost, throughput, scale, idle } = results;
  if (trigger) {
    rows.push(['bare round trip: GET .../tasks, 1-task plugin', dist(trigger.roundTrip?.getOneTaskMs)]);
    rows.push(['floor: round trip to the Worker', dist(trigger.floor.pingMs)]);
    rows.push(['floor: round trip through an object', dist(trigger.floor.objectRpcMs)]);
    rows.push(['floor: object writes a row, starts a request → arrival', dist(trigger.floor.writeAndFetchToHandlerMs)]);
    rows.push(['trigger → handler, API plugin', dist(trigger.apiPlugin.handlerStartMs)]);
    rows.push(['trigger → 200 answer, API plugin', dist(trigger.apiPlugin.triggerResponseMs)]);
    rows.push(['trigger → handler, code plugin', dist(trigger.codePlugin.handlerStartMs)]);
    rows.push(['trigger → handler, API plugin, console off', dist(trigger.apiPluginWithoutConsole.handlerStartMs)]);
  }
  rows.push(...latenessRows('lateness, light', latenessLight), ...latenessRows('lateness', lateness));
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
    rows.push([`define ${scale.tasks} tasks (${scale.defineMethod})`, `${scale.defineAllMs} ms (${scale.definePerSecond}/s); each request ${dist(scale.requestMs)}`]);
    rows.push([`register ${scale.tasks} tasks in plugin code, at its start`, formatNumber(scale.registerInCodeMs, 'ms')]);
    for (const entry of scale.listings) {
      rows.push([`GET .../tasks, ${entry.tasks} tasks`, `${dist(entry.getMs)}, ${mb(entry.responseBytes)}`]);
      rows.push([`  floor: ${mb(entry.responseBytes)} from a route with nothing behind it`, dist(entry.sameSizeFloorMs)]);
    }
    const { before, after, afterCodeTasks } = scale.memory;
    rows.push([
      `memory: before → ${scale.tasks} API tasks → + ${scale.tasks} code tasks`,
      `isolate heap ${mb(before.isolateHeap?.usedBytes)} → ${mb(after.isolateHeap?.usedBytes)} → ${mb(afterCodeTasks?.isolateHeap?.usedBytes)}; workerd RSS ${mb(before.workerd.rssBytes)} → ${mb(after.workerd.rssBytes)} → ${mb(afterCodeTasks?.workerd.rssBytes)}; SQLite of the API plugin ${mb(scale.databaseBytes)}`,
    ]);
  }
  for (const entry of idle ?? []) {
    rows.push([
      `idle ${entry.seconds} s with ${entry.tasks} tasks`,
      `${entry.cpuMsPerSecond} ms CPU/s, RSS ${mb(entry.rssBytes)} (${entry.processes} processes); ${entry.alarmInvocationsAllObjects} alarms, ${entry.rowsRead} rows read, ${entry.rowsWritten} written; ${shares(entry.cpuShareByProcess)}`,
    ]);
  }
  return rows;
}

/** Rows of [figure, value] for what Backstage measured beyond the compared figures. */
function peerRows(peer) {
  const r = peer.results ?? {};
  const rows = [['backend started and answering', formatNumber(peer.startMs, 'ms')]];
  if (r.trigger) {
    rows.push(['bare round trip: GET .../tasks, 1-task plugin', dist(r.trigger.roundTrip?.getOneTaskMs)]);
    rows.push([`trigger → handler (${r.trigger.method})`, dist(r.trigger.handlerStartMs)]);
    rows.push(['trigger → 200 answer', dist(r.trigger.triggerResponseMs)]);
  }
  if (r.latenessLight) {
    const l = r.latenessLight;
    rows.push([`lateness, ${l.tasks.interval} × 1 s, ${l.windowSeconds} s (due time from its row, whole seconds)`, dist(l.latenessMs)]);
    rows.push(['  runs expected / seen / duplicated', `${l.runsExpected} / ${l.runsSeen} / ${l.duplicateRuns} (${l.runsPerSecond} runs/s)`]);
  }
  if (r.scale) {
    rows.push([`register ${r.scale.tasks} tasks in plugin code (scheduleTask, one after another)`, formatNumber(r.scale.registerInCodeMs, 'ms')]);
    for (const entry of r.scale.listings) rows.push([`GET .../tasks, ${entry.tasks} tasks`, `${dist(entry.getMs)}, ${mb(entry.responseBytes)}`]);
  }
  for (const entry of r.idle ?? []) {
    rows.push([`idle ${entry.seconds} s with ${entry.tasks} tasks`, `${entry.cpuMsPerSecond} ms CPU/s, RSS ${mb(entry.rssBytes)} (${entry.processes} processes)`]);
  }
  return rows;
}

/** The machine's load average at the start and end of each server's session, as ` (load 1.2 → 1.7, …)`. */
function describeLoads(sessions) {
  if (!sessions?.length) return '';
  return ` (load ${sessions.map((session) => `${session.loadAverageAtStart} → ${session.loadAverageAtEnd ?? '?'}`).join(', ')})`;
}

/** A Markdown table. */
export function table(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row) => `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** One line on the peer: measured with which versions, or why not. */
export function describePeer(peer) {
  if (!peer || peer.status === 'skipped') return `Backstage: not measured (${peer?.reason ?? '--peer none'}).`;
  if (peer.status !== 'measured') return `Backstage: NOT MEASURED (${peer.reason})`;
  const v = peer.versions ?? {};
  return `Backstage: measured (@backstage/backend-defaults ${v['@backstage/backend-defaults']}, backend-plugin-api ${v['@backstage/backend-plugin-api']}, better-sqlite3 ${v['better-sqlite3']}, knex ${v.knex}).`;
}

/** The whole printed report, from the object written to results.json. */
export function renderReport(report) {
  const runtimes = Object.keys(report.runtimes);
  const comparison = table(
    ['figure', ...runtimes.flatMap((runtime) => [runtime, '÷ Backstage']), 'Backstage'],
    report.comparison.map((row) => [
      row.name,
      ...runtimes.flatMap((runtime) => [formatNumber(row.byRuntime[runtime]?.value, row.unit), formatRatio(row.byRuntime[runtime]?.ratioToBackstage)]),
      row.appliesToBackstage ? formatNumber(row.backstage, row.unit) : 'n/a',
    ]),
  );
  const targetNames = report.runtimes[runtimes[0]].targets.map((target) => target.name);
  // Why a target was not measured is said once below the table, not in every cell.
  const notes = [];
  const noteOf = (note) => {
    if (!notes.includes(note)) notes.push(note);
    return `not measured [${notes.indexOf(note) + 1}]`;
  };
  const targets = table(
    ['target', ...runtimes.flatMap((runtime) => [runtime, ''])],
    targetNames.map((name, index) => [
      name,
      ...runtimes.flatMap((runtime) => {
        const target = report.runtimes[runtime].targets[index];
        if (target.status === 'not measured') return [formatNumber(target.value, target.unit), noteOf(target.note)];
        const bound = target.isBoundRelative ? ` (bound ${formatNumber(target.bound, target.unit)})` : '';
        return [`${formatNumber(target.value, target.unit)}${bound}`, target.status];
      }),
    ]),
  );
  const footnotes = notes.map((note, index) => `[${index + 1}] ${note}`).join('\n');
  const sections = [describePeer(report.peer), '', comparison, '', targets, ...(footnotes ? [footnotes] : [])];
  for (const runtime of runtimes) {
    const entry = report.runtimes[runtime];
    const heading = `${runtime}: all figures${describeLoads(entry.sessions)}${entry.error ? ` (STOPPED EARLY: ${entry.error})` : ''}`;
    sections.push('', heading, '', table(['figure', 'value'], figureRows(entry.results)));
  }
  if (report.peer?.status === 'measured') {
    sections.push('', `Backstage: all figures${describeLoads(report.peer.sessions)}`, '', table(['figure', 'value'], peerRows(report.peer)));
  }
  return sections.join('\n');
}
