import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { FLAG_DEFAULTS, parseFlags } from '../../bench/flags.mjs';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { summarize } from '../../bench/stats.mjs';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { evaluateTargets } from '../../bench/report.mjs';

describe("the bench's percentiles", () => {
  it('take the nearest rank, so every figure is a measured sample', () => {
    const samples = Array.from({ length: 200 }, (_, index) => 200 - index);

    expect(summarize(samples)).toMatchObject({ count: 200, min: 1, p50: 100, p90: 180, p99: 198, max: 200, mean: 100.5 });
    expect(summarize([])).toMatchObject({ count: 0, p50: null, max: null });
  });
});

describe("the bench's flags", () => {
  it('default to the sizes issue 7 asks for', () => {
    const { flags } = parseFlags([]);

    expect(flags).toMatchObject({ triggers: 200, latenessIntervalTasks: 1000, latenessCronTasks: 100, latenessSeconds: 60, scaleTasks: 10_000, idleSeconds: 60 });
    expect(flags.throughputPlugins).toEqual([1, 10, 100]);
    expect(flags.scaleSizes).toEqual([100, 1000, 10_000]);
    expect(FLAG_DEFAULTS.phases).toEqual(['trigger', 'lateness', 'storage', 'throughput', 'scale', 'idle']);
  });

  it('read sizes, lists and choices, and refuse what they do not know', () => {
    const { flags } = parseFlags(['--lateness-seconds', '30', '--throughput-plugins=1,2', '--console', 'off', '--phases', 'idle']);

    expect(flags).toMatchObject({ latenessSeconds: 30, throughputPlugins: [1, 2], console: 'off' });
    // Idle measures the tasks the scale phase leaves, so it brings that phase along.
    expect(flags.phases).toEqual(['idle', 'scale']);
    expect(() => parseFlags(['--lateness-secs', '30'])).toThrow('unknown flag --lateness-secs');
    expect(() => parseFlags(['--triggers', '-1'])).toThrow('--triggers must be a number');
    expect(() => parseFlags(['--console', 'loud'])).toThrow('--console must be on or off');
  });
});

describe("the bench's targets", () => {
  it('are met, not met or not measured, from the figures alone', () => {
    const targets = evaluateTargets(
      { trigger: { apiPlugin: { handlerStartMs: { p50: 4.9, p99: 21 } }, apiPluginWithoutConsole: { handlerStartMs: { p50: 4, p99: 12 } } } },
      { console: 'on' },
    );
    const statusOf = (name: string) => targets.find((target: { name: string }) => target.name === name)?.status;

    expect(statusOf('trigger → handler p50')).toBe('met');
    expect(statusOf('trigger → handler p99')).toBe('not met');
    expect(statusOf('idle alarm invocations')).toBe('not measured');
  });
});
