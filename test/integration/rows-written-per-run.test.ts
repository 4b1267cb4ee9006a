import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { planFirstRun, withPlannedRun } from '../../src/core/policies/occurrence-plan.ts';
import type { RunRecord } from '../../src/core/task-row.ts';
import type { TaskSettings } from '../../src/core/task-settings.ts';
import { claimTask } from '../../src/core/transitions/claim.ts';
import { completeRun } from '../../src/core/transitions/complete.ts';
import { RunHistoryStore } from '../../src/durable/run-history-store.ts';
import { TaskStore } from '../../src/durable/task-store.ts';
import { meterSql, type SqlCost } from '../support/metered-sql.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { schedulerOf } from '../support/scheduler-harness.ts';
import { aTaskRow, aTaskSettings } from '../support/task-row-builder.ts';

const NOW = Date.UTC(2026, 0, 15, 12);
const HISTORY_LIMIT = 3;

function anEarlierRun(index: number): RunRecord {
  const at = NOW - (index + 1) * 60_000;
  return { taskId: 'job', ticket: `earlier-${index}`, cause: 'schedule', scheduledFor: at, startedAt: at, endedAt: at + 1, outcome: 'succeeded', error: null };
}

/**
 * The rows one scheduled run writes in a fresh object's SQLite once the task's history is full (as
 * BENCHMARKS.md counts them): its claim, then its release with its history record.
 */
function costOfOneRun(settings: TaskSettings): Promise<SqlCost> {
  return runInDurableObject(schedulerOf(aPluginWith({})), (_instance, state) => {
    const metered = meterSql(state.storage.sql);
    const tasks = new TaskStore(metered.sql);
    const history = new RunHistoryStore(metered.sql, HISTORY_LIMIT);
    const row = withPlannedRun(aTaskRow({ taskId: 'job', settings }), planFirstRun('job', settings, NOW));
    tasks.writeTask(row);
    for (let index = 0; index < HISTORY_LIMIT; index++) history.appendRun(anEarlierRun(index));
    const startAt = row.nextRunAt!;

    const claim = claimTask(row, startAt, 'ticket-1', 'schedule');
    const claimCost = metered.costOf(() => tasks.writeTask(claim.row));
    const release = completeRun(claim.row, 'ticket-1', startAt + 1_000, null)!;
    const releaseCost = metered.costOf(() => {
      tasks.writeTask(release.row);
      history.appendRun(release.finishedRun!);
    });

    return { rowsRead: claimCost.rowsRead + releaseCost.rowsRead, rowsWritten: claimCost.rowsWritten + releaseCost.rowsWritten };
  });
}

describe('the rows a scheduled run writes', () => {
  it('stay at 3 or fewer when no policy is set, once the history is full', async () => {
    const cost = await costOfOneRun(aTaskSettings({ cadence: 'PT5M' }));

    expect(cost.rowsWritten).toBeLessThanOrEqual(3);
    // The meter saw the writes: a run writes its claim and its release at least.
    expect(cost.rowsWritten).toBeGreaterThanOrEqual(2);
  });

  it('stay at 3 or fewer with jitter and a window, whose state rides in the task row', async () => {
    const cost = await costOfOneRun(aTaskSettings({ cadence: 'PT5M', jitterDuration: 'PT1M', window: { maxRuns: 10 } }));

    expect(cost.rowsWritten).toBeLessThanOrEqual(3);
  });
});
