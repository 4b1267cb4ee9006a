// CPU time and memory of a process, read from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User plus system CPU time the process has used, in milliseconds. */
export async function readCpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state(0) ppid(1) … utime(11) stime(12).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resident and peak resident memory of the process, in bytes. */
export async function readMemory(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/**
 * CPU milliseconds so far of everything a measurement runs on: the workerd that runs the Worker
 * and its objects, and under wrangler dev its proxy workerd and its Node processes, and this
 * bench process.
 */
export async function readCpuByProcess(server) {
  const sum = async (pids) => (await Promise.all(pids.map((pid) => readCpuMs(pid).catch(() => 0)))).reduce((a, b) => a + b, 0);
  const own = process.cpuUsage();
  return {
    workerd: await readCpuMs(server.workerdPid),
    ...(server.proxyWorkerdPid && { proxyWorkerd: await readCpuMs(server.proxyWorkerdPid) }),
    ...(server.wranglerPids.length > 0 && { wrangler: await sum(server.wranglerPids) }),
    bench: (own.user + own.system) / 1000,
  };
}

/** The CPU each process used between two readings, as a share of one core over `elapsedMs`. */
export function cpuShares(before, after, elapsedMs) {
  return Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name] - before[name]) / elapsedMs) * 1000) / 1000]));
}

/** Busy and total CPU time of the whole machine so far, in clock ticks, from /proc/stat. */
export async function readMachineCpu() {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - ticks[3] - ticks[4], total };
}

/** Process ids below `rootPid`, read from /proc. */
export async function readDescendants(rootPid) {
  const parents = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces; the parent pid is the second field after it.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  const walk = (pid) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(rootPid);
  return found;
}

/** CPU milliseconds so far and resident memory now, summed over `pids` (processes gone count 0). */
export async function readTreeUsage(pids) {
  let cpuMs = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    cpuMs += await readCpuMs(pid).catch(() => 0);
    rssBytes += await readMemory(pid).then(({ rssBytes: rss }) => (Number.isFinite(rss) ? rss : 0), () => 0);
  }
  return { cpuMs, rssBytes };
}
