import type { ApiErrorBody, DashboardTask, RunRecord, TaskAction } from './dashboard-types.ts';

// Pure formatting, no DOM: the unit tests import these functions directly.

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const DURATION_UNITS: ReadonlyArray<readonly [number, string]> = [[DAY_MS, 'd'], [HOUR_MS, 'h'], [MINUTE_MS, 'min'], [SECOND_MS, 's']];

/** A length of time for people: "350 ms", "2.5 s", "4 min 5 s", "1 h 20 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const sign = ms < 0 ? '-' : '';
  const size = Math.abs(ms);
  if (size < SECOND_MS) return `${sign}${Math.round(size)} ms`;
  if (size < 10 * SECOND_MS) return `${sign}${(size / SECOND_MS).toFixed(1)} s`;
  if (size < MINUTE_MS) return `${sign}${Math.round(size / SECOND_MS)} s`;
  const parts: string[] = [];
  let rest = Math.round(size / SECOND_MS) * SECOND_MS;
  for (const [unit, name] of DURATION_UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / unit);
    if (count > 0 || parts.length > 0) {
      if (count > 0) parts.push(`${count} ${name}`);
      rest -= count * unit;
    }
  }
  return sign + parts.join(' ');
}

/** An instant relative to now: "in 4 min", "12 s ago", "just now". */
export function formatRelative(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < SECOND_MS) return 'just now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

const INSTANT_FORMAT: Intl.DateTimeFormatOptions = {
  weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
};

/** An ISO instant as a wall-clock time in the task's zone, with the zone's abbreviation; UTC for a zone the browser lacks. */
export function formatInstant(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-GB', { ...INSTANT_FORMAT, timeZone: timeZone || 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...INSTANT_FORMAT, timeZone: 'UTC' }).format(date);
  }
}

/** How late a run started: its start minus its nominal due time. */
export function formatLateness(ms: number): string {
  if (!Number.isFinite(ms)) return 'lateness unknown';
  if (Math.abs(ms) < 1) return 'on time';
  return ms > 0 ? `${formatDuration(ms)} late` : `${formatDuration(-ms)} early`;
}

/** A stored error (JSON with name and message, as Backstage keeps lastRunError) as "Name: message". */
export function describeError(stored: string | undefined): string {
  if (!stored) return '';
  try {
    const parsed: unknown = JSON.parse(stored);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') {
      const name = 'name' in parsed && typeof parsed.name === 'string' && parsed.name ? parsed.name : 'Error';
      return `${name}: ${parsed.message}`;
    }
  } catch {
    // Not JSON: shown as it is.
  }
  return stored;
}

/** What the dashboard calls a task's state: running, paused, initial wait or idle. */
export function describeStatus(task: Pick<DashboardTask, 'taskState' | 'workerState'>): string {
  if (task.taskState.status === 'running') return 'running';
  if (task.taskState.paused) return 'paused';
  if (task.workerState.status === 'initial-wait') return 'initial wait';
  return 'idle';
}

/** The badges beside a task's status: "stale" when its policy says it missed its runs, "overridden" when its settings are. */
export function describeBadges(task: Pick<DashboardTask, 'taskState' | 'override'>): string[] {
  const badges: string[] = [];
  if (task.taskState.stale === true) badges.push('stale');
  if (task.override !== undefined) badges.push('overridden');
  return badges;
}

/** The overridden badge's tooltip: which settings the override changes, since when, and what the code says. */
export function describeOverride(override: NonNullable<DashboardTask['override']>): string {
  const names = Object.keys(override.settings).sort();
  const code = names.map((name) => `${name} ${JSON.stringify((override.codeSettings as Record<string, unknown>)[name] ?? 'unset')}`);
  return `Overridden at ${formatInstant(override.setAt, 'UTC')}: ${names.join(', ')} (the code says ${code.join(', ')})`;
}

/** An ISO-8601 duration such as PT1M30S for people; anything unusual is shown as written. */
export function formatIsoDuration(iso: string): string {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!match) return iso;
  const ms = Number(match[1] ?? 0) * DAY_MS + Number(match[2] ?? 0) * HOUR_MS + Number(match[3] ?? 0) * MINUTE_MS + Number(match[4] ?? 0) * SECOND_MS;
  return ms > 0 ? formatDuration(ms) : iso;
}

/** The settings Backstage defines; anything else in `settings` is one of our schedule policies. */
const BACKSTAGE_SETTINGS = new Set(['version', 'cadence', 'timeZone', 'timeoutAfterDuration', 'initialDelayDuration']);

/**
 * The settings beyond Backstage's, one "name: value" line each, sorted by name. Written without
 * knowing the policies: ISO durations in words, other values as JSON.
 */
export function describeExtraSettings(settings: object): string[] {
  return Object.entries(settings)
    .filter(([name, value]) => !BACKSTAGE_SETTINGS.has(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? formatIsoDuration(value) : JSON.stringify(value)}`);
}

/** A finished run's numbers from the history: lateness and duration in milliseconds. */
export function measureRun(run: Pick<RunRecord, 'scheduledFor' | 'startedAt' | 'endedAt'>) {
  const scheduledFor = Date.parse(run.scheduledFor);
  const startedAt = Date.parse(run.startedAt);
  const endedAt = Date.parse(run.endedAt);
  return { latenessMs: startedAt - scheduledFor, durationMs: endedAt - startedAt, startedAt, endedAt };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const OUTCOME_ORDER: ReadonlyArray<RunRecord['outcome']> = ['succeeded', 'failed', 'timed-out', 'cancelled', 'lost', 'skipped'];

/** One line about a run history: counts by outcome, median lateness and median duration. */
export function summarizeRuns(runs: ReadonlyArray<Pick<RunRecord, 'outcome' | 'scheduledFor' | 'startedAt' | 'endedAt'>>): string {
  if (runs.length === 0) return 'No finished runs yet.';
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.outcome, (counts.get(run.outcome) ?? 0) + 1);
  const outcomes = OUTCOME_ORDER.filter((outcome) => counts.has(outcome)).map((outcome) => `${counts.get(outcome)} ${outcome}`);
  const measured = runs.map(measureRun);
  return `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}: ${outcomes.join(', ')}. ` +
    `Median lateness ${formatDuration(median(measured.map((run) => run.latenessMs)))}, ` +
    `median duration ${formatDuration(median(measured.map((run) => run.durationMs)))}.`;
}

const TRIGGER_WORDS: Record<RunRecord['trigger'], string> = {
  schedule: 'on schedule',
  trigger: 'when triggered',
  recovery: 'in recovery',
  retry: 'as a retry',
};

/** One run of the history in words: "Failed as a retry, Tue 1 Jul, 03:00:00 UTC, 2 s late, took 1.5 s: Error: boom". */
export function describeRun(run: RunRecord): string {
  const measured = measureRun(run);
  return `${capitalize(run.outcome)} ${TRIGGER_WORDS[run.trigger] ?? `by ${run.trigger}`}, ${formatInstant(run.startedAt, 'UTC')}, ` +
    `${formatLateness(measured.latenessMs)}, took ${formatDuration(measured.durationMs)}${run.error ? `: ${describeError(run.error)}` : ''}`;
}

/** The text with its first letter in capitals. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ACTION_DONE: Record<TaskAction, string> = {
  trigger: 'Triggered: the run has started.',
  cancel: 'Cancelled: the run was told to stop.',
  pause: 'Paused: it will not start on its own until resumed.',
  resume: 'Resumed: it follows its cadence again.',
};

/** The API's answer to an action, in words, with its status code. */
export function describeAnswer(action: TaskAction, status: number, body: ApiErrorBody | null): string {
  if (status >= 200 && status < 300) return `${ACTION_DONE[action]} (${status})`;
  const error = body?.error ?? { name: 'Error', message: `the API answered ${status}` };
  if (status === 409 && action === 'trigger') return `Already running (409): ${error.message}`;
  if (status === 409 && action === 'cancel') return `Not running (409): ${error.message}`;
  if (status === 404) return `Not found (404): ${error.message}`;
  return `Refused (${status} ${error.name}): ${error.message}`;
}
