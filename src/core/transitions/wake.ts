import type { TaskRow, WorkerContext } from '../task-row.ts';
import { claimDueTasks } from './claim.ts';
import { expireRuns } from './expire.ts';
import type { Transition } from './transition.ts';

/**
 * What an alarm does: release expired leases, then claim every task that is due, including a
 * task whose lost run was just released. Returns one transition per changed task. `releases`
 * are the leases released first; an object's start passes its orphaned runs instead.
 */
export function wakeUp(
  rows: readonly TaskRow[],
  now: number,
  worker: WorkerContext,
  issueTicket: () => string,
  releases: readonly Transition[] = expireRuns(rows, now, worker),
): Transition[] {
  const byId = new Map<string, Transition>();
  for (const transition of releases) byId.set(transition.row.taskId, transition);
  const current = rows.map((row) => byId.get(row.taskId)?.row ?? row);
  const recovered = current.filter((row) => byId.get(row.taskId)?.finishedRun?.outcome === 'lost');
  const claims = [
    ...claimDueTasks(current.filter((row) => !recovered.includes(row)), now, worker, issueTicket),
    ...claimDueTasks(recovered, now, worker, issueTicket, 'recovery'),
  ];
  for (const claim of claims) {
    const expired = byId.get(claim.row.taskId);
    byId.set(claim.row.taskId, { ...expired, ...claim, effects: [...(expired?.effects ?? []), ...claim.effects] });
  }
  return [...byId.values()];
}
