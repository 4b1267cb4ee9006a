// The Backstage peer: a real Backstage backend (@backstage/backend-defaults 0.19, SQLite through
// better-sqlite3) whose plugins' tasks call the bench's handler server, as our handler tasks do.
// bench/peers/backstage.mjs installs its packages into a cache folder and starts this program
// with `--config <app-config.yaml>`; the packages are resolved from that folder.
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(join(process.env.BENCH_BACKSTAGE_MODULES ?? process.cwd(), 'package.json'));
const { createBackend } = require('@backstage/backend-defaults');
const { coreServices, createBackendPlugin } = require('@backstage/backend-plugin-api');

const HANDLER_URL = process.env.BENCH_HANDLER_URL;
/** The scheduler's table, as Backstage's `database/tables.ts` names it. */
const TASKS_TABLE = 'backstage_backend_tasks__tasks';
/** Manual tasks in the trigger plugin, as in the bench's trigger scenario. */
const TRIGGER_TASKS = Number(process.env.BENCH_TRIGGER_TASKS ?? 20);

/** Per plugin: its scheduler and database services, kept by its init for the control routes. */
const services = new Map();
/** Abort controllers of the tasks registered at run time, per plugin. */
const running = new Map();

/** Calls the handler server as our handler tasks do; resolves once its answer has arrived. */
async function callHandler(path, headers) {
  const response = await fetch(`${HANDLER_URL}${path}`, { method: 'POST', headers });
  await response.arrayBuffer();
}

/** A plugin whose init keeps its services and schedules `tasks(scheduler)` (if given). */
const benchPlugin = (pluginId, tasks) =>
  createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler, database: coreServices.database },
        async init({ scheduler, database }) {
          services.set(pluginId, { scheduler, database });
          if (tasks) await tasks(scheduler);
        },
      });
    },
  });

/** One manual task: GET .../tasks of this plugin is the bare round trip. */
const pingPlugin = benchPlugin('bench-ping', (scheduler) =>
  scheduler.scheduleTask({ id: 'ping-0', frequency: { trigger: 'manual' }, timeout: { seconds: 30 }, fn: async () => {} }),
);

/** Manual tasks whose run calls the handler server: trigger → handler. */
const triggerPlugin = benchPlugin('bench-trigger', async (scheduler) => {
  for (let index = 0; index < TRIGGER_TASKS; index++) {
    const id = `trigger-${index}`;
    await scheduler.scheduleTask({
      id,
      frequency: { trigger: 'manual' },
      timeout: { seconds: 30 },
      fn: () => callHandler(`/trigger/${id}`, { 'x-scheduler-plugin': 'bench-trigger', 'x-scheduler-task': id }),
    });
  }
});

/** Tasks on a fixed cadence, registered by the control route; each run reports its due time. */
const latenessPlugin = benchPlugin('bench-lateness');
/** Many tasks due in an hour, registered by the control route: listing, registering and idle cost. */
const scalePlugin = benchPlugin('bench-scale');

/** Reads a query parameter as a number, or fails the request. */
function numberParam(url, name) {
  const value = Number(url.searchParams.get(name));
  if (!Number.isFinite(value)) throw new Error(`query parameter ${name} must be a number`);
  return value;
}

/** Registers tasks in `pluginId` one after another, as a plugin's code does; returns the time taken. */
async function registerTasks(pluginId, from, to, taskOf) {
  const { scheduler } = services.get(pluginId);
  let controller = running.get(pluginId);
  if (!controller) {
    controller = new AbortController();
    // Every task of the plugin listens to this one signal.
    setMaxListeners(0, controller.signal);
    running.set(pluginId, controller);
  }
  const started = performance.now();
  for (let index = from; index < to; index++) await scheduler.scheduleTask({ ...taskOf(index), signal: controller.signal });
  return performance.now() - started;
}

/**
 * The bench's control routes, under /api/bench: readiness, and registering or stopping the
 * lateness and scale tasks. Query parameters only, so no body parser is involved.
 */
const controlPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(async (req, res, next) => {
          const url = new URL(req.url, 'http://localhost');
          const reply = (body) => res.status(200).json(body);
          try {
            if (req.method === 'GET' && url.pathname === '/ready') return reply({ pid: process.pid });
            if (req.method === 'POST' && url.pathname === '/lateness/start') {
              const { database } = services.get('bench-lateness');
              const knex = await database.getClient();
              const seconds = numberParam(url, 'cadenceSeconds');
              const ms = await registerTasks('bench-lateness', 0, numberParam(url, 'count'), (index) => {
                const id = `every-second-${index}`;
                return {
                  id,
                  frequency: { seconds },
                  timeout: { seconds: 30 },
                  fn: async () => {
                    // The due time this run was claimed for, as the scheduler's row holds it (whole seconds, UTC).
                    const row = await knex(TASKS_TABLE).where('id', id).first('next_run_start_at');
                    const due = new Date(`${String(row.next_run_start_at).replace(' ', 'T')}Z`).toISOString();
                    await callHandler(`/late/${id}`, { 'x-scheduler-plugin': 'bench-lateness', 'x-scheduler-task': id, 'x-scheduler-scheduled-for': due });
                  },
                };
              });
              return reply({ ms });
            }
            if (req.method === 'POST' && url.pathname === '/lateness/stop') {
              running.get('bench-lateness')?.abort();
              running.delete('bench-lateness');
              return reply({});
            }
            if (req.method === 'POST' && url.pathname === '/scale/register') {
              const due = new Date(numberParam(url, 'dueAt'));
              const ms = await registerTasks('bench-scale', numberParam(url, 'from'), numberParam(url, 'to'), (index) => ({
                id: `task-${index}`,
                frequency: { cron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *` },
                timeout: { seconds: 60 + index },
                fn: () => callHandler(`/scale/${index}`, { 'x-scheduler-plugin': 'bench-scale', 'x-scheduler-task': `task-${index}` }),
              }));
              return reply({ ms });
            }
            return next();
          } catch (error) {
            return next(error);
          }
        });
      },
    });
  },
});

const backend = createBackend();
for (const plugin of [pingPlugin, triggerPlugin, latenessPlugin, scalePlugin, controlPlugin]) backend.add(plugin);
await backend.start();
