// The benchmark's sizes, as command-line flags: `npm run bench -- --lateness-seconds 30`.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The servers `--runtime` can measure: `npm start`'s workerd, and `npm run dev`'s wrangler dev. */
export const RUNTIMES = ['lean', 'wrangler-dev'];
/** The peers `--peer` can measure beside them. */
export const PEERS = ['backstage', 'none'];

/** Every flag with its default; the defaults finish in about 8 minutes on 2 cores, Backstage included. */
export const FLAG_DEFAULTS = {
  /** Measured one after another, never two at once. */
  runtime: ['lean'],
  /** A real Backstage backend measured after them, installed on first use; `none` skips it. */
  peer: 'backstage',
  phases: ['trigger', 'lateness', 'storage', 'throughput', 'scale', 'idle'],
  triggers: 200,
  /** Backstage's triggers wait for its 5 s poll, so it gets fewer, all within 10 s. */
  peerTriggers: 20,
  /** The lateness load measured on Backstage too: this many tasks × 1 s … */
  lightLatenessTasks: 200,
  /** … for this many seconds. */
  lightLatenessSeconds: 20,
  latenessIntervalTasks: 1000,
  latenessCronTasks: 100,
  latenessSeconds: 60,
  settleMs: 3000,
  storageTasks: 10,
  storageSeconds: 15,
  throughputTasks: 1000,
  throughputCadenceMs: 100,
  throughputPlugins: [1, 10, 100],
  throughputSeconds: 10,
  scaleTasks: 10_000,
  scaleSizes: [100, 1000, 10_000],
  getSamples: 10,
  concurrency: 32,
  /** Idle windows, each with this many tasks defined in the scale phase. */
  idleSizes: [1000, 10_000],
  idleSeconds: 30,
  /** Console output of the Worker after the trigger phase, which measures both: on or off. */
  console: 'on',
  /**
   * wrangler's inspector asks the runtime for a DevTools event per console line and per outbound
   * request, and relays each through its proxy to wrangler's Node process: on two cores that took
   * most of a core at a thousand runs a second. `off` switches those events off for the run
   * (console output then goes nowhere); `on` keeps wrangler dev as it is. Only wrangler dev.
   */
  devtools: 'off',
  out: 'bench/results.json',
  /**
   * Where the objects' SQLite files live. workerd's local SQLite syncs every commit to disk, and
   * the object's thread waits for it (about 0.45 ms a commit on this VM's disk); Cloudflare
   * commits to replicated storage without blocking the isolate. So by default the state is on
   * tmpfs; `--persist-in /tmp` measures with the disk.
   */
  persistIn: existsSync('/dev/shm') ? '/dev/shm' : tmpdir(),
};

const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Parses `--name value` pairs over the defaults; lists are comma-separated. */
export function parseFlags(argv) {
  const flags = structuredClone(FLAG_DEFAULTS);
  const names = new Map(Object.keys(FLAG_DEFAULTS).map((name) => [`--${kebab(name)}`, name]));
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--help' || arg === '-h') return { help: true, flags };
    const [option, inline] = arg.split('=', 2);
    const name = names.get(option);
    if (!name) throw new Error(`unknown flag ${arg}; try --help`);
    const value = inline ?? argv[++index];
    if (value === undefined) throw new Error(`${option} needs a value`);
    const fallback = FLAG_DEFAULTS[name];
    if (Array.isArray(fallback)) {
      flags[name] = value.split(',').filter(Boolean).map((item) => (typeof fallback[0] === 'number' ? Number(item) : item));
    } else if (typeof fallback === 'number') {
      flags[name] = Number(value);
      if (!Number.isFinite(flags[name]) || flags[name] < 0) throw new Error(`${option} must be a number`);
    } else {
      flags[name] = value;
    }
  }
  if (!['on', 'off'].includes(flags.console)) throw new Error('--console must be on or off');
  if (!['on', 'off'].includes(flags.devtools)) throw new Error('--devtools must be on or off');
  if (flags.runtime.length === 0) throw new Error(`--runtime needs one of ${RUNTIMES.join(', ')}`);
  for (const runtime of flags.runtime) {
    if (!RUNTIMES.includes(runtime)) throw new Error(`unknown runtime ${runtime}; --runtime takes ${RUNTIMES.join(',')}`);
  }
  flags.runtime = [...new Set(flags.runtime)];
  if (!PEERS.includes(flags.peer)) throw new Error(`--peer must be ${PEERS.join(' or ')}`);
  for (const phase of flags.phases) {
    if (!FLAG_DEFAULTS.phases.includes(phase)) throw new Error(`unknown phase ${phase}`);
  }
  if (flags.phases.includes('idle') && !flags.phases.includes('scale')) flags.phases.push('scale');
  return { help: false, flags };
}

/** The usage text. */
export function describeFlags() {
  return [
    'npm run bench -- [flags]',
    '',
    ...Object.entries(FLAG_DEFAULTS).map(
      ([name, value]) => `  --${kebab(name).padEnd(26)} ${Array.isArray(value) ? value.join(',') : value}`,
    ),
  ].join('\n');
}
