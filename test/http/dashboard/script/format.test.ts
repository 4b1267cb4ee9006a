import { describe, expect, it } from 'vitest';
import * as format from '../../../../src/http/dashboard/script/format.ts';

/** Calls a formatting function with loosely typed test data, as the browser receives it from JSON. */
const call = (name: keyof typeof format, ...args: unknown[]) => (format[name] as (...values: unknown[]) => unknown)(...args);

describe('the dashboard\'s formatting functions', () => {
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

  it('counts skipped runs in the summary, after the other outcomes', () => {
    const run = (outcome: string) => ({ outcome, scheduledFor: new Date(0).toISOString(), startedAt: new Date(0).toISOString(), endedAt: new Date(0).toISOString() });

    const summary = call('summarizeRuns', [run('skipped'), run('succeeded'), run('skipped')]);

    expect(summary).toBe('3 runs: 1 succeeded, 2 skipped. Median lateness 0 ms, median duration 0 ms.');
  });

  it.each([
    ['schedule', 'succeeded', 'Succeeded on schedule'],
    ['retry', 'failed', 'Failed as a retry'],
    ['recovery', 'lost', 'Lost in recovery'],
    ['trigger', 'skipped', 'Skipped when triggered'],
  ])('describes a run started by %s that ended %s as "%s, …"', (trigger, outcome, opening) => {
    const run = { ticket: 't', trigger, outcome, scheduledFor: '2025-07-01T01:00:00.000Z', startedAt: '2025-07-01T01:00:02.000Z', endedAt: '2025-07-01T01:00:03.500Z' };

    expect(call('describeRun', run)).toBe(`${opening}, Tue 1 Jul, 01:00:02 UTC, 2.0 s late, took 1.5 s`);
  });

  it('adds a run\'s error to its description', () => {
    const run = { ticket: 't', trigger: 'retry', outcome: 'failed', scheduledFor: '2025-07-01T01:00:00.000Z', startedAt: '2025-07-01T01:00:00.000Z', endedAt: '2025-07-01T01:00:00.000Z', error: '{"name":"Error","message":"boom"}' };

    expect(call('describeRun', run)).toMatch(/: Error: boom$/);
  });

  it.each([
    [{ taskState: { status: 'idle' } }, []],
    [{ taskState: { status: 'idle', stale: true } }, ['stale']],
    [{ taskState: { status: 'idle', stale: false }, override: { timeoutAfterDuration: 'PT5M' } }, ['overridden']],
    [{ taskState: { status: 'running', stale: true }, override: {} }, ['stale', 'overridden']],
  ])('gives the task %j the badges %j', (task, badges) => {
    expect(call('describeBadges', task)).toEqual(badges);
  });

  it('lists the settings beyond Backstage\'s, sorted, durations in words and anything else as JSON', () => {
    const settings = {
      version: 2,
      cadence: 'PT1M',
      timeZone: 'Europe/Berlin',
      timeoutAfterDuration: 'PT1M',
      initialDelayDuration: 'PT5S',
      retry: { maxAttempts: 3, backoff: 'PT30S' },
      jitter: 'PT10S',
      overlap: 'skip',
      unset: undefined,
    };

    expect(call('describeExtraSettings', settings)).toEqual(['jitter: 10 s', 'overlap: skip', 'retry: {"maxAttempts":3,"backoff":"PT30S"}']);
  });

  it('lists nothing for a task with only Backstage\'s settings', () => {
    expect(call('describeExtraSettings', { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' })).toEqual([]);
  });

  it('says what an override changes, since when, and what the code says', () => {
    const override = {
      setAt: '2026-01-01T00:00:00.000Z',
      settings: { timeoutAfterDuration: 'PT5M', cadence: '0 4 * * *' },
      codeSettings: { version: 2, cadence: '0 3 * * *', timeoutAfterDuration: 'PT1M' },
    };

    expect(call('describeOverride', override)).toBe(
      'Overridden at Thu 1 Jan, 00:00:00 UTC: cadence, timeoutAfterDuration (the code says cadence "0 3 * * *", timeoutAfterDuration "PT1M")',
    );
  });

  it('says "unset" for a setting the code leaves out', () => {
    const override = { setAt: '2026-01-01T00:00:00.000Z', settings: { timeZone: 'Europe/Berlin' }, codeSettings: { version: 2, cadence: '0 3 * * *', timeoutAfterDuration: 'PT1M' } };

    expect(call('describeOverride', override)).toMatch(/timeZone "unset"\)$/);
  });
});
