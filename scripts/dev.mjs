// `npm run dev`: the example Worker under `wrangler dev --local`, rebuilt and reloaded on every
// edit; no login, no network, state in .wrangler/state (which `npm start` serves too). Once it
// answers, it wakes the plugins so their tasks register and start.
import { spawn } from 'node:child_process';
import { watchDashboardScript } from './build-dashboard.mjs';

const port = process.env.PORT ?? '8787';
const base = `http://127.0.0.1:${port}`;

// The dashboard's script is TypeScript bundled into a generated module; keep that module current.
const stopWatchingDashboard = await watchDashboardScript();

const wrangler = spawn(
  'npx',
  [
    'wrangler', 'dev', '--local',
    '--ip', '127.0.0.1', '--port', port,
    '--persist-to', '.wrangler/state',
    '--var', 'SCHEDULER_API_TOKENS:dev-token',
    '--var', `PING_URL:${base}/ping`,
    '--var', 'SCHEDULER_ALLOWED_HOSTS:127.0.0.1,localhost',
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
);

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', async (code) => {
  await stopWatchingDashboard();
  process.exit(code ?? 0);
});

// Any request wakes every plugin's object; the first one is ours.
for (let attempt = 0; attempt < 240; attempt++) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  try {
    await fetch(`${base}/ping`);
    console.log(`\nScheduler ready on ${base}. Try:\n  curl -H 'Authorization: Bearer dev-token' ${base}/api/catalog/.backstage/scheduler/v1/tasks\n`);
    break;
  } catch {
    // Not listening yet.
  }
}
