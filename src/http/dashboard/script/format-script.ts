/**
 * The dashboard's pure formatting functions, as browser JavaScript. They touch no DOM, so the
 * unit tests evaluate this text and call them. Written in a String.raw template, so the code
 * uses no backticks and no dollar-brace: strings are joined with `+`.
 */
export const FORMAT_SCRIPT = String.raw`
const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A length of time for people: "350 ms", "2.5 s", "4 min 5 s", "1 h 20 min". */
function formatDuration(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return 'unknown';
  const sign = ms < 0 ? '-' : '';
  const size = Math.abs(ms);
  if (size < SECOND_MS) return sign + Math.round(size) + ' ms';
  if (size < 10 * SECOND_MS) return sign + (size / SECOND_MS).toFixed(1) + ' s';
  if (size < MINUTE_MS) return sign + Math.round(size / SECOND_MS) + ' s';
  const units = [[DAY_MS, 'd'], [HOUR_MS, 'h'], [MINUTE_MS, 'min'], [SECOND_MS, 's']];
  const parts = [];
  let rest = Math.round(size / SECOND_MS) * SECOND_MS;
  for (const [unit, name] of units) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / unit);
    if (count > 0 || parts.length > 0) {
      if (count > 0) parts.push(count + ' ' + name);
      rest -= count * unit;
    }
  }
  return sign + parts.join(' ');
}

/** An instant relative to now: "in 4 min", "12 s ago", "just now". */
function formatRelative(at, now) {
  const delta = at - now;
  if (Math.abs(delta) < SECOND_MS) return 'just now';
  return delta > 0 ? 'in ' + formatDuration(delta) : formatDuration(-delta) + ' ago';
}

/** An ISO instant as a wall-clock time in the task's zone, with the zone's abbreviation. */
function formatInstant(iso, timeZone) {
  const date = new Date(iso);
  const options = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: timeZone || 'UTC' }, options)).format(date);
  } catch (error) {
    return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: 'UTC' }, options)).format(date);
  }
}

/** How late a run started: its start minus its nominal due time. */
function formatLateness(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return 'lateness unknown';
  if (Math.abs(ms) < 1) return 'on time';
  return ms > 0 ? formatDuration(ms) + ' late' : formatDuration(-ms) + ' early';
}

/** A stored error (JSON with name and message, as Backstage keeps lastRunError) as "Name: message". */
function describeError(stored) {
  if (!stored) return '';
  try {
    const parsed = JSON.parse(stored);
    if (parsed && typeof parsed.message === 'string') return (parsed.name || 'Error') + ': ' + parsed.message;
  } catch (error) {
    // Not JSON: shown as it is.
  }
  return String(stored);
}

/** What the dashboard calls a task's state: running, paused, initial wait or idle. */
function describeStatus(task) {
  if (task.taskState.status === 'running') return 'running';
  if (task.taskState.paused) return 'paused';
  if (task.workerState && task.workerState.status === 'initial-wait') return 'initial wait';
  return 'idle';
}

/** An ISO-8601 duration such as PT1M30S for people; anything unusual is shown as written. */
function formatIsoDuration(iso) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!match) return iso;
  const ms = (Number(match[1] || 0) * DAY_MS) + (Number(match[2] || 0) * HOUR_MS) + (Number(match[3] || 0) * MINUTE_MS) + (Number(match[4] || 0) * SECOND_MS);
  return ms > 0 ? formatDuration(ms) : iso;
}

/** A finished run's numbers from the history: lateness and duration in milliseconds. */
function measureRun(run) {
  const scheduledFor = Date.parse(run.scheduledFor);
  const startedAt = Date.parse(run.startedAt);
  const endedAt = Date.parse(run.endedAt);
  return { latenessMs: startedAt - scheduledFor, durationMs: endedAt - startedAt, startedAt: startedAt, endedAt: endedAt };
}

function median(values) {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort(function (a, b) { return a - b; });
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One line about a run history: counts by outcome, median lateness and median duration. */
function summarizeRuns(runs) {
  if (runs.length === 0) return 'No finished runs yet.';
  const counts = {};
  for (const run of runs) counts[run.outcome] = (counts[run.outcome] || 0) + 1;
  const order = ['succeeded', 'failed', 'timed-out', 'cancelled', 'lost'];
  const outcomes = order.filter(function (outcome) { return counts[outcome]; }).map(function (outcome) { return counts[outcome] + ' ' + outcome; });
  const measured = runs.map(measureRun);
  return runs.length + (runs.length === 1 ? ' run: ' : ' runs: ') + outcomes.join(', ') +
    '. Median lateness ' + formatDuration(median(measured.map(function (run) { return run.latenessMs; }))) +
    ', median duration ' + formatDuration(median(measured.map(function (run) { return run.durationMs; }))) + '.';
}

const ACTION_DONE = {
  trigger: 'Triggered: the run has started.',
  cancel: 'Cancelled: the run was told to stop.',
  pause: 'Paused: it will not start on its own until resumed.',
  resume: 'Resumed: it follows its cadence again.',
};

/** The API's answer to an action, in words, with its status code. */
function describeAnswer(action, status, body) {
  if (status >= 200 && status < 300) return ACTION_DONE[action] + ' (' + status + ')';
  const error = body && body.error ? body.error : { name: 'Error', message: 'the API answered ' + status };
  if (status === 409 && action === 'trigger') return 'Already running (409): ' + error.message;
  if (status === 409 && action === 'cancel') return 'Not running (409): ' + error.message;
  if (status === 404) return 'Not found (404): ' + error.message;
  return 'Refused (' + status + ' ' + error.name + '): ' + error.message;
}
`;
