import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { FLAG_DEFAULTS, parseFlags } from '../../bench/flags.mjs';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { summarize } from '../../bench/stats.mjs';
// @ts-expect-error: the bench is plain JavaScript, without type declarations.
import { compareFigures, evaluateTargets, formatRatio, ratioOf } from '../../bench/compare.mjs';

interface Target {
  name: string;
  value: number | null;
  bound: number | null;
  status: string;
  note?: string;
}

const measuredPeer = (results: object) => ({ status: 'measured', results });
const statusOf = (targets: Target[], name: string) => targets.find((target) => target.name === name);

describe("the bench's percentiles", () => {
  it('take the nearest rank, so every figure is a measured sample', () => {
    const samples = Array.from({ length: 200 }, (_, index) => 200 - index);

    expect(summarize(samples)).toMatchObject({ count: 200, min: 1, p50: 100, p90: 180, p99: 198, max: 200, mean: 100.5 });
    expect(summarize([])).toMatchObject({ count: 0, p50: null, max: null });
  });
});

describe("the bench's flags", () => {
  it('default to the lean runtime beside Backstage, at the sizes issues 7 and 11 ask for', () => {
    const { flags } = parseFlags([]);

    expect(flags).toMatchObject({ runtime: ['lean'], peer: 'backstage', triggers: 200, peerTriggers: 20 });
    expect(flags).toMatchObject({ lightLatenessTasks: 200, lightLatenessSeconds: 20, latenessIntervalTasks: 1000, latenessCronTasks: 100 });
    expect(flags).toMatchObject({ scaleTasks: 10_000, idleSeconds: 30 });
    expect(flags.idleSizes).toEqual([1000, 10_000]);
    expect(flags.scaleSizes).toEqual([100, 1000, 10_000]);
    expect(FLAG_DEFAULTS.phases).toEqual(['trigger', 'lateness', 'storage', 'throughput', 'scale', 'idle']);
  });

  it('read sizes, lists and choices, and refuse what they do not know', () => {
    const { flags } = parseFlags(['--lateness-seconds', '30', '--throughput-plugins=1,2', '--console', 'off', '--phases', 'idle']);

    expect(flags).toMatchObject({ latenessSeconds: 30, throughputPlugins: [1, 2], console: 'off' });
    // Idle measures the tasks the scale phase defines, so it brings that phase along.
    expect(flags.phases).toEqual(['idle', 'scale']);
    expect(() => parseFlags(['--lateness-secs', '30'])).toThrow('unknown flag --lateness-secs');
    expect(() => parseFlags(['--triggers', '-1'])).toThrow('--triggers must be a number');
    expect(() => parseFlags(['--console', 'loud'])).toThrow('--console must be on or off');
  });

  it('take several runtimes, once each in the order given, and a peer or none', () => {
    expect(parseFlags(['--runtime', 'wrangler-dev,lean,lean']).flags.runtime).toEqual(['wrangler-dev', 'lean']);
    expect(parseFlags(['--peer', 'none']).flags.peer).toBe('none');

    expect(() => parseFlags(['--runtime', 'lean,deno'])).toThrow('unknown runtime deno');
    expect(() => parseFlags(['--runtime', ','])).toThrow('--runtime needs one of lean, wrangler-dev');
    expect(() => parseFlags(['--peer', 'temporal'])).toThrow('--peer must be backstage or none');
  });
});

describe("the bench's ratios to Backstage", () => {
  it('divide by the reference, to three significant digits, only when both were measured', () => {
    expect(ratioOf(2.5, 1000)).toBe(0.0025);
    expect(ratioOf(10, 3)).toBe(3.33);
    expect(ratioOf(null, 3)).toBeNull();
    expect(ratioOf(3, null)).toBeNull();
    expect(ratioOf(3, 0)).toBeNull();
  });

  it('print with two significant digits, or a dash', () => {
    expect(formatRatio(0.00094)).toBe('0.00094×');
    expect(formatRatio(1.234)).toBe('1.2×');
    expect(formatRatio(null)).toBe('–');
  });

  it('set each runtime beside Backstage, and leave figures Backstage has no equivalent of without one', () => {
    const lean = { trigger: { roundTrip: { getOneTaskMs: { p50: 2 } }, apiPlugin: { handlerStartMs: { p50: 3, p99: 6 } } }, lateness: { latenessMs: { p50: 4, p99: 30 } } };
    const backstage = { trigger: { roundTrip: { getOneTaskMs: { p50: 1 } }, handlerStartMs: { p50: 2500, p99: 4900 } } };

    const rows = compareFigures({ lean, 'wrangler-dev': undefined }, backstage);
    const row = (name: string) => rows.find((candidate: { name: string }) => candidate.name === name);

    expect(row('bare round trip: GET .../tasks of a 1-task plugin, p50')).toMatchObject({ backstage: 1, byRuntime: { lean: { value: 2, ratioToBackstage: 2 } } });
    expect(row('trigger → handler p50')?.byRuntime.lean.ratioToBackstage).toBe(0.0012);
    // The ratio of trigger to round trip is computed for each side from its own figures.
    expect(row('trigger → handler p50 ÷ bare round trip')).toMatchObject({ backstage: 2500, byRuntime: { lean: { value: 1.5 } } });
    expect(row('lateness p99, 1,100 runs/s on one object')).toMatchObject({ appliesToBackstage: false, backstage: null, byRuntime: { lean: { value: 30, ratioToBackstage: null } } });
    // A runtime that did not start has no figures, and no ratios.
    expect(row('trigger → handler p50')?.byRuntime['wrangler-dev']).toEqual({ value: null, ratioToBackstage: null });
  });

  it('are all empty when Backstage was not measured', () => {
    const rows = compareFigures({ lean: { trigger: { roundTrip: { getOneTaskMs: { p50: 2 } } } } }, undefined);

    expect(rows.every((row: { byRuntime: { lean: { ratioToBackstage: number | null } } }) => row.byRuntime.lean.ratioToBackstage === null)).toBe(true);
  });
});

describe("the bench's targets", () => {
  const flags = { console: 'on' };

  it('bound the trigger by 1.5 × the bare round trip measured in the same run', () => {
    const trigger = (p50: number) => ({ trigger: { roundTrip: { getOneTaskMs: { p50: 2 } }, apiPlugin: { handlerStartMs: { p50, p99: 21 } } } });
    const name = 'trigger → handler p50 ≤ 1.5 × bare round trip (same run)';

    expect(statusOf(evaluateTargets(trigger(3), { flags, peer: undefined }), name)).toMatchObject({ bound: 3, status: 'met' });
    expect(statusOf(evaluateTargets(trigger(3.01), { flags, peer: undefined }), name)).toMatchObject({ status: 'not met' });
    expect(statusOf(evaluateTargets(trigger(3), { flags, peer: undefined }), 'trigger → handler p99 ≤ 20 ms')?.status).toBe('not met');
  });

  it("bound listing, idle CPU and memory by Backstage's own figures", () => {
    const idle = (cpuMsPerSecond: number, rssBytes: number) => [{ tasks: 1000, cpuMsPerSecond, rssBytes }];
    const ours = { scale: { tasks: 10_000, listings: [{ tasks: 1000, getMs: { p50: 9 } }] }, idle: idle(2, 150 * 1048576) };
    const backstage = { scale: { tasks: 10_000, listings: [{ tasks: 1000, getMs: { p50: 8 } }] }, idle: idle(4, 200 * 1048576) };

    const targets = evaluateTargets(ours, { flags, peer: measuredPeer(backstage) });

    expect(statusOf(targets, "GET .../tasks, 1,000 tasks, p50 ≤ Backstage's")).toMatchObject({ value: 9, bound: 8, status: 'not met' });
    expect(statusOf(targets, "idle CPU, 1,000 tasks ≤ Backstage's")).toMatchObject({ bound: 4, status: 'met' });
    expect(statusOf(targets, "RSS, 1,000 idle tasks ≤ Backstage's")).toMatchObject({ value: 150, bound: 200, status: 'met' });
  });

  it('say why a target was not measured: not in this run, or Backstage missing and why', () => {
    const ours = { scale: { tasks: 10_000, listings: [{ tasks: 1000, getMs: { p50: 9 } }] } };

    const targets = evaluateTargets(ours, { flags, peer: { status: 'failed', reason: 'install failed: ENOTFOUND' } });

    expect(statusOf(targets, "GET .../tasks, 1,000 tasks, p50 ≤ Backstage's")).toMatchObject({
      value: 9,
      status: 'not measured',
      note: 'Backstage not measured (install failed: ENOTFOUND)',
    });
    expect(statusOf(targets, 'alarms while idle with 10,000 tasks = 0')).toMatchObject({ status: 'not measured', note: 'not measured in this run' });
    expect(statusOf(targets, 'lateness p99 ≤ 25 ms at 1,100 runs/s on one object, console on')?.status).toBe('not measured');
  });

  it('count the lateness target only at the load it names', () => {
    const lateness = (interval: number) => ({ lateness: { tasks: { interval, cron: 100 }, latenessMs: { p99: 20 } } });
    const name = 'lateness p99 ≤ 25 ms at 1,100 runs/s on one object, console on';

    expect(statusOf(evaluateTargets(lateness(1000), { flags, peer: undefined }), name)?.status).toBe('met');
    expect(statusOf(evaluateTargets(lateness(100), { flags, peer: undefined }), name)?.status).toBe('not measured');
  });
});
