// `npm run build`: bundles the Worker exactly as `wrangler deploy` would (a dry run, offline) and
// writes beside it a workerd config generated from the same wrangler.toml, and the Worker's
// cron triggers as `crons.json`. `dist/` then holds
// everything a server needs: `workerd serve dist/workerd.capnp` (see README, Self-hosting).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWorkerdConfig } from './workerd-config.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles the Worker of `configPath` into `outDir` and writes `outDir/workerd.capnp`. Names in
 * `environmentBindings` become bindings read from the environment when workerd starts, beside
 * the scheduler's own secrets. Returns the config's path.
 */
export async function buildWorker({ configPath = join(repoRoot, 'wrangler.toml'), outDir = join(repoRoot, 'dist'), environmentBindings = [] } = {}) {
  await new Promise((done, fail) =>
    execFile(
      process.execPath,
      [join(repoRoot, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outDir, '--config', configPath],
      { cwd: repoRoot, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' } },
      (error, stdout, stderr) => (error ? fail(new Error(`bundling the Worker failed:\n${stdout}${stderr}`)) : done()),
    ),
  );
  // wrangler's own reader, so the config means what it means to `wrangler deploy`; loaded only here, never by the server.
  const { unstable_readConfig } = await import('wrangler');
  const config = unstable_readConfig({ config: configPath });
  const bundle = await readFile(join(outDir, 'worker.js'));
  // One bundle, one version: a new build is a new deployment, a restart of the same build is not.
  const digest = createHash('sha256').update(bundle).digest('hex');
  const versionId = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  const workerdConfig = renderWorkerdConfig(
    { ...config, configPath: relative(repoRoot, configPath) },
    { bundleFile: 'worker.js', versionId, builtAt: new Date().toISOString(), environmentBindings },
  );
  const out = join(outDir, 'workerd.capnp');
  await writeFile(out, workerdConfig);
  // workerd has no cron; whoever serves the config delivers these (scripts/cron-ticker.mjs).
  await writeFile(join(outDir, 'crons.json'), `${JSON.stringify(config.triggers?.crons ?? [])}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildWorker({ environmentBindings: process.argv.slice(2) });
  console.log(`Built ${relative(process.cwd(), out)} and its bundle.`);
}
