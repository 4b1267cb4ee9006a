import { describe, expect, it } from 'vitest';
import { FORMAT_SCRIPT } from '../../../src/http/dashboard/script/format-script.ts';

/** The browser's formatting functions, evaluated from the text the dashboard serves. */
const format = new Function(
  `${FORMAT_SCRIPT}; return { formatDuration, formatRelative, formatInstant, formatLateness, describeError, describeStatus, formatIsoDuration, summarizeRuns, describeAnswer };`,
)() as Record<string, (...args: never[]) => string>;

const call = (name: string, ...args: unknown[]) => (format[name] as (...values: unknown[]) => string)(...args);

describe('the dashboard\'s formatting script', () => {
  it.each([
    [350, '350 ms'],
    [2_500, '2.5 s'],
    [42_000, '42 s'],
    [245_000, '4 min 5 s'],
    [4_800_000, '1 h 20 min'],
    [90_000_000, '1 d 1 h'],
  ])('writes %s ms as "%s"', (ms, words) => {
    expect(call('formatDuration', ms)).toBe(words);
  });

  it('writes instants relative to now, both ways', () => {
    expect(call('formatRelative', 10_000 + 240_000, 10_000)).toBe('in 4 min');
    expect(call('formatRelative', 10_000, 22_000)).toBe('12 s ago');
    expect(call('formatRelative', 10_000, 10_300)).toBe('just now');
  });

  it('writes an instant in the task\'s zone', () => {
    expect(call('formatInstant', '2025-07-01T01:00:00.000Z', 'Europe/Berlin')).toBe('Tue 1 Jul, 03:00:00 CEST');
  });

  it('falls back to UTC for a zone the browser does not know', () => {
    expect(call('formatInstant', '2025-07-01T01:00:00.000Z', 'Mars/Olympus')).toBe('Tue 1 Jul, 01:00:00 UTC');
  });

  it('says how late a run started', () => {
    expect(call('formatLateness', 0)).toBe('on time');
    expect(call('formatLateness', 1_500)).toBe('1.5 s late');
    expect(call('formatLateness', -20)).toBe('20 ms early');
  });

  it('shows a stored error as name and message, not as JSON', () => {
    expect(call('describeError', '{"name":"TimeoutError","message":"Task timed out after PT1M"}')).toBe('TimeoutError: Task timed out after PT1M');
    expect(call('describeError', 'not json')).toBe('not json');
  });

  it.each([
    [{ taskState: { status: 'running' }, workerState: { status: 'running' } }, 'running'],
    [{ taskState: { status: 'idle', paused: true }, workerState: { status: 'idle' } }, 'paused'],
    [{ taskState: { status: 'idle' }, workerState: { status: 'initial-wait' } }, 'initial wait'],
    [{ taskState: { status: 'idle' }, workerState: { status: 'idle' } }, 'idle'],
  ])('calls the task %j %s', (task, status) => {
    expect(call('describeStatus', task)).toBe(status);
  });

  it('writes ISO durations for people', () => {
    expect(call('formatIsoDuration', 'PT1M')).toBe('1 min');
    expect(call('formatIsoDuration', 'PT90S')).toBe('1 min 30 s');
    expect(call('formatIsoDuration', 'P1M')).toBe('P1M');
  });

  it('summarises a run history with counts, median lateness and median duration', () => {
    const run = (outcome: string, lateMs: number, tookMs: number) => ({
      outcome,
      scheduledFor: new Date(0).toISOString(),
      startedAt: new Date(lateMs).toISOString(),
      endedAt: new Date(lateMs + tookMs).toISOString(),
    });

    const summary = call('summarizeRuns', [run('succeeded', 10, 2_000), run('failed', 30, 4_000), run('succeeded', 20, 3_000)]);

    expect(summary).toBe('3 runs: 2 succeeded, 1 failed. Median lateness 20 ms, median duration 3.0 s.');
  });

  it('shows a 409 to a trigger as already running', () => {
    const body = { error: { name: 'ConflictError', message: 'Task reindex is currently running' } };

    expect(call('describeAnswer', 'trigger', 409, body)).toBe('Already running (409): Task reindex is currently running');
  });

  it('shows a success with its status', () => {
    expect(call('describeAnswer', 'pause', 200, null)).toBe('Paused: it will not start on its own until resumed. (200)');
  });
});
