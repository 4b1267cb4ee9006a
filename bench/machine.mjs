// The machine and the versions a result was measured with.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

async function packageVersion(repoRoot, name) {
  try {
    return JSON.parse(await readFile(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function gitDescription(repoRoot) {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit} with uncommitted changes in src/` : commit;
  } catch {
    return null;
  }
}

/** CPU model, cores, memory, OS and Node; wrangler, workerd and miniflare from node_modules. */
export async function describeMachine(repoRoot) {
  const processors = cpus();
  return {
    machine: {
      cpuModel: processors[0]?.model ?? 'unknown',
      cores: processors.length,
      memoryBytes: totalmem(),
      os: `${process.platform} ${release()}`,
      node: process.version,
    },
    versions: {
      wrangler: await packageVersion(repoRoot, 'wrangler'),
      workerd: await packageVersion(repoRoot, 'workerd'),
      miniflare: await packageVersion(repoRoot, 'miniflare'),
      code: gitDescription(repoRoot),
    },
  };
}
