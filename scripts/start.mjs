// `npm start`: builds the Worker once, as `wrangler deploy` ships it, and serves the bundle on
// workerd itself (no bundler watching, no proxy, no relay of its output), with the objects'
// SQLite under .wrangler/state, where `wrangler dev` keeps them too. It wakes the plugins once
// workerd listens and delivers the Worker's cron triggers. `npm run dev` is wrangler dev.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startCronTicker } from './cron-ticker.mjs';
import { startWorkerd } from './workerd-server.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? '8787');
const host = process.env.HOST ?? '127.0.0.1';
const base = `http://127.0.0.1:${port}`;

// The build imports wrangler; a child process keeps all of that out of this long-lived one.
execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), 'PING_URL'], { stdio: 'inherit' });

const server = await startWorkerd({
  configPath: join(repoRoot, 'dist/workerd.capnp'),
  stateDir: resolve(process.env.STATE_DIR ?? join(repoRoot, '.wrangler/state/v3/do')),
  host,
  port,
  env: {
    SCHEDULER_API_TOKENS: process.env.SCHEDULER_API_TOKENS ?? 'dev-token',
    SCHEDULER_ALLOWED_HOSTS: process.env.SCHEDULER_ALLOWED_HOSTS ?? '127.0.0.1,localhost',
    SCHEDULER_SIGNING_SECRET: process.env.SCHEDULER_SIGNING_SECRET ?? '',
    PING_URL: `${base}/ping`,
  },
});

const crons = JSON.parse(await readFile(join(repoRoot, 'dist/crons.json'), 'utf8'));
const stopTicker = startCronTicker(crons, async (cron) => {
  if (!(await server.deliverScheduled(cron))) console.error(`The Worker's scheduled handler failed for cron '${cron}'`);
});
let isStopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    isStopping = true;
    stopTicker();
    await server.stop();
    process.exit(0);
  });
}
server.exited.then(({ code, signal }) => {
  if (isStopping) return;
  // workerd ended on its own (a crash, or a Ctrl-C that reached it first): so does npm start.
  stopTicker();
  if (code !== 0) console.error(`workerd exited (code ${code}, signal ${signal})`);
  process.exit(code ?? 1);
});

// Any request wakes every plugin's object, so their tasks register now rather than at first use.
await fetch(`${server.base}/ping`);
console.log(
  `\nScheduler ready on ${server.base} (workerd, pid ${server.pid}). Try:\n` +
    `  curl -H 'Authorization: Bearer ${process.env.SCHEDULER_API_TOKENS ? '<token>' : 'dev-token'}' ${server.base}/api/catalog/.backstage/scheduler/v1/tasks\n`,
);
