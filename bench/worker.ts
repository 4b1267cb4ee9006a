import type { SchedulerService } from '../src/backstage/scheduler-service.ts';
import { coreServices, createBackendPlugin, createScheduler } from '../src/index.ts';
import { createStorageMeter, instrumentStorage, type StorageCounts, type StorageMeter } from './storage-meter.ts';

/**
 * The benchmark's Worker: the real scheduler, plus an object class that counts its storage
 * operations, and unauthenticated `/bench/*` routes that read those counts and define no-op code
 * tasks. Only `npm run bench` starts it; it is never deployed.
 *
 * Two schedulers are built from the same code. The object class knows the bench's hundred no-op
 * plugins and the bulk plugin, whose tasks the bench defines at run time. The Worker that serves
 * requests knows only `bench-code`: every request checks each plugin's local tasks, and a hundred
 * idle plugins would add that check to every figure, where a deployment has a handful.
 */

/** Plugins defined in code whose tasks the bench defines at run time: `noop-1` … `noop-100`. */
const NOOP_PLUGIN_COUNT = 100;

/**
 * Per plugin: its storage meter, its scheduler service and its no-op tasks. Under workerd the
 * objects share this isolate with the Worker, so the Worker reads the meters without waking any
 * object, and a meter survives its object's restart.
 */
const meters = new Map<string, StorageMeter>();
const services = new Map<string, SchedulerService>();
const bulkCounts = new Map<string, number>();
const noopTasks = new Map<string, AbortController>();
/** Per plugin: the time its alarm was last set for, and how late each alarm was delivered (ms). */
const armedAt = new Map<string, number>();
const alarmDelays = new Map<string, number[]>();
const delaysOf = (pluginId: string) => alarmDelays.get(pluginId) ?? alarmDelays.set(pluginId, []).get(pluginId)!;

/**
 * Console output can be switched off (`POST /bench/console?on=0`). Under wrangler dev every
 * console call goes through the DevTools protocol to wrangler, which costs milliseconds per line
 * that a deployed Worker does not pay; switching it off measures the scheduler without that.
 */
let isConsoleOn = true;
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const write = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (isConsoleOn) write(...args);
  };
}

function meterOf(pluginId: string): StorageMeter {
  let meter = meters.get(pluginId);
  if (!meter) meters.set(pluginId, (meter = createStorageMeter()));
  return meter;
}

const noopPlugins = Array.from({ length: NOOP_PLUGIN_COUNT }, (_, index) =>
  createBackendPlugin({
    pluginId: `noop-${index + 1}`,
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler, metadata: coreServices.pluginMetadata },
        async init({ scheduler, metadata }) {
          services.set(metadata.getId(), scheduler);
        },
      });
    },
  }),
);

/** A plugin defined in code with no tasks, so trigger latency can be measured without the plugin index's lookup. */
const codePlugin = createBackendPlugin({ pluginId: 'bench-code', register() {} });

/**
 * Registers, when its object starts, the number of tasks the bench asked for just before: all in
 * one batch, as a plugin's init does at a deployment. Each is due about an hour from now.
 */
const bulkPlugin = createBackendPlugin({
  pluginId: 'bench-bulk',
  register(env) {
    env.registerInit({
      deps: { scheduler: coreServices.scheduler },
      async init({ scheduler }) {
        const count = bulkCounts.get('bench-bulk') ?? 0;
        const due = new Date(Date.now() + 65 * 60_000);
        for (let index = 0; index < count; index++) {
          await scheduler.scheduleTask({
            id: `bulk-${index}`,
            frequency: { cron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *` },
            timeout: { seconds: 60 + index },
            fn: () => {},
          });
        }
      },
    });
  },
});

const objects = createScheduler({ plugins: [...noopPlugins, codePlugin, bulkPlugin] });
const scheduler = createScheduler({ plugins: [codePlugin] });

class BenchPluginScheduler extends objects.PluginScheduler {
  readonly #meter: StorageMeter;
  readonly #pluginId: string;

  constructor(ctx: DurableObjectState, env: ConstructorParameters<typeof objects.PluginScheduler>[1]) {
    // Wrapped before the scheduler captures `ctx.storage.sql`.
    const pluginId = ctx.id.name ?? '';
    instrumentStorage(ctx, meterOf(pluginId));
    const setAlarm = ctx.storage.setAlarm.bind(ctx.storage);
    ctx.storage.setAlarm = (scheduledTime, options) => {
      armedAt.set(pluginId, typeof scheduledTime === 'number' ? scheduledTime : scheduledTime.getTime());
      return setAlarm(scheduledTime, options);
    };
    super(ctx, env);
    this.#pluginId = pluginId;
    this.#meter = meterOf(pluginId);
  }

  override async alarm(): Promise<void> {
    this.#meter.counts.alarms++;
    // How late the platform delivered the alarm: its start against the time last set.
    const armedFor = armedAt.get(this.#pluginId);
    if (armedFor !== undefined) delaysOf(this.#pluginId).push(Date.now() - armedFor);
    await super.alarm();
  }

  /** Does nothing: the cost of an RPC to an object. */
  async benchNoop(): Promise<void> {}

  /**
   * Writes one row and starts a request to `url` without waiting for it: the least a trigger does.
   * The request leaves once the write is durable (the output gate), as a real run's does.
   */
  async benchWriteAndFetch(url: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
    sql.exec('INSERT INTO bench_floor (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at', Date.now());
    void fetch(url, { method: 'POST' }).then((response) => response.body?.cancel());
  }

  /**
   * For `ms`, how late a 5 ms timer fires in this object, one after another: how long the
   * object's thread was taken by other work (or not running at all) at each moment.
   */
  async benchTimerLag(ms: number): Promise<number[]> {
    const lags: number[] = [];
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const before = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      lags.push(Date.now() - before - 5);
    }
    return lags;
  }

  /** The size of this object's SQLite database in bytes. */
  async benchDatabaseBytes(): Promise<number> {
    return this.ctx.storage.sql.databaseSize;
  }

  /** Defines `count` no-op code tasks running every `cadenceMs`. */
  async benchScheduleNoop(count: number, cadenceMs: number): Promise<void> {
    const service = services.get(this.#pluginId);
    if (!service) throw new Error(`${this.#pluginId} is not a no-op plugin`);
    const counts = this.#meter.counts;
    for (let index = 0; index < count; index++) {
      const key = `${this.#pluginId}/noop-${index}`;
      noopTasks.get(key)?.abort();
      const controller = new AbortController();
      noopTasks.set(key, controller);
      await service.scheduleTask({
        id: `noop-${index}`,
        frequency: { milliseconds: cadenceMs },
        timeout: { seconds: 30 },
        signal: controller.signal,
        fn: () => {
          counts.noopRuns++;
        },
      });
    }
  }

  /** Removes this plugin's no-op tasks: aborting a task's signal unregisters it and deletes its row. */
  async benchStopNoop(): Promise<void> {
    for (const [key, controller] of noopTasks) {
      if (!key.startsWith(`${this.#pluginId}/`)) continue;
      controller.abort();
      noopTasks.delete(key);
    }
  }
}

type BenchNamespace = DurableObjectNamespace<BenchPluginScheduler>;
const benchObject = (env: object, pluginId: string) =>
  (env as { PLUGIN_SCHEDULER: BenchNamespace }).PLUGIN_SCHEDULER.getByName(pluginId);

/** Answers at once: the round trip through wrangler dev and the Worker, with no object behind it. */
scheduler.app.get('/bench/ping', (c) => c.body(null, 204));

/** The floor of a trigger: an RPC to an object, and an RPC that writes a row and starts a request. */
scheduler.app.post('/bench/floor/rpc', async (c) => {
  await benchObject(c.env, 'bench-floor').benchNoop();
  return c.body(null, 204);
});
scheduler.app.post('/bench/floor/write-and-fetch', async (c) => {
  await benchObject(c.env, 'bench-floor').benchWriteAndFetch(c.req.query('url') ?? '');
  return c.body(null, 204);
});

/** A JSON body of about `bytes` bytes, built once: the floor of a large answer through wrangler dev. */
let blob = '';
scheduler.app.get('/bench/blob', (c) => {
  const bytes = Number(c.req.query('bytes'));
  if (blob.length !== bytes) blob = JSON.stringify({ data: 'x'.repeat(Math.max(0, bytes - 11)) });
  return c.body(blob, 200, { 'Content-Type': 'application/json' });
});

scheduler.app.post('/bench/console', (c) => {
  isConsoleOn = c.req.query('on') !== '0';
  return c.body(null, 204);
});

/** Every plugin's counts since the last reset; `?reset=1` resets them after reading. */
scheduler.app.get('/bench/meters', (c) => {
  const all: Record<string, StorageCounts> = {};
  for (const [pluginId, meter] of meters) {
    all[pluginId] = meter.read();
    if (c.req.query('reset') === '1') meter.reset();
  }
  return c.json(all);
});

/** How late each of the plugin's alarms was delivered since the last read, in ms; the list is emptied. */
scheduler.app.get('/bench/alarm-delays/:pluginId', (c) => {
  const delays = delaysOf(c.req.param('pluginId')).splice(0);
  return c.json({ delays });
});

scheduler.app.get('/bench/timer-lag/:pluginId', async (c) =>
  c.json({ lags: await benchObject(c.env, c.req.param('pluginId')).benchTimerLag(Number(c.req.query('ms'))) }),
);

scheduler.app.get('/bench/database-bytes/:pluginId', async (c) =>
  c.json({ bytes: await benchObject(c.env, c.req.param('pluginId')).benchDatabaseBytes() }),
);
scheduler.app.post('/bench/noop/:pluginId', async (c) => {
  const count = Number(c.req.query('count'));
  const cadenceMs = Number(c.req.query('cadenceMs'));
  await benchObject(c.env, c.req.param('pluginId')).benchScheduleNoop(count, cadenceMs);
  return c.body(null, 204);
});
/** Starts the bulk plugin's object, which registers `count` tasks; answers once they are stored. */
scheduler.app.post('/bench/bulk', async (c) => {
  bulkCounts.set('bench-bulk', Number(c.req.query('count')));
  await benchObject(c.env, 'bench-bulk').ping();
  return c.body(null, 204);
});
scheduler.app.post('/bench/noop/:pluginId/stop', async (c) => {
  await benchObject(c.env, c.req.param('pluginId')).benchStopNoop();
  return c.body(null, 204);
});

export const PluginScheduler = BenchPluginScheduler;
export const PluginIndex = scheduler.PluginIndex;
export default scheduler.worker;
