import { afterEach, describe, expect, it, vi } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { API_TOKEN, endRun, fireAlarm, postTaskAction, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Captures the JSON lines the plugin's object writes about its runs, whatever their level. */
function captureRunLines(pluginId: string): () => Array<Record<string, unknown>> {
  const lines: string[] = [];
  for (const method of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
  }
  return () =>
    lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.pluginId === pluginId && typeof line.runId === 'string');
}

describe('run telemetry from the object', () => {
  it('logs one line when a triggered run starts and one when it ends, with lateness and duration', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    const runLines = captureRunLines(pluginId);

    await postTaskAction(pluginId, 'job', 'trigger');
    const run = await nthRun(`${pluginId}/job`, 1);
    sharedTestClock.advance(1_500);
    await endRun(pluginId, run);

    const [started, ended, ...rest] = runLines();
    expect(rest).toEqual([]);
    expect(started).toEqual({
      level: 'info',
      message: 'Task run started',
      pluginId,
      taskId: 'job',
      runId: expect.any(String),
      scope: 'global',
      trigger: 'trigger',
      outcome: 'started',
      result: 'started',
      latenessMs: 0,
      metrics: { 'backend_tasks.task.runs.count': 1, 'backend_tasks.task.runs.lateness': 0 },
    });
    expect(ended).toMatchObject({ level: 'info', message: 'Task run succeeded', runId: started?.runId, outcome: 'succeeded', result: 'completed', durationMs: 1_500 });
    expect(ended?.metrics).toEqual({ 'backend_tasks.task.runs.count': 1, 'backend_tasks.task.runs.duration': 1.5 });
  });

  it('measures lateness from the due time when the alarm fires late', async () => {
    const pluginId = aPluginWith({ hourly: { frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    const dueAt = (await readRow(pluginId, 'hourly'))!.nextRunAt!;
    const runLines = captureRunLines(pluginId);

    sharedTestClock.advance(dueAt + 2_000 - sharedTestClock.now());
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/hourly`, 1));

    expect(runLines().map((line) => [line.trigger, line.outcome, line.latenessMs])).toEqual([
      ['schedule', 'started', 2_000],
      ['schedule', 'succeeded', 2_000],
    ]);
  });

  it('logs a failed run once, at error level, with its error', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    const runLines = captureRunLines(pluginId);

    await postTaskAction(pluginId, 'job', 'trigger');
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1), new Error('disk full'));

    const ends = runLines().filter((line) => line.outcome !== 'started');
    expect(ends).toEqual([expect.objectContaining({ level: 'error', message: 'Task run failed', result: 'failed', error: 'Error: disk full' })]);
  });

  it('logs a cancelled run once, as cancelled, and never the API token', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    const runLines = captureRunLines(pluginId);

    await postTaskAction(pluginId, 'job', 'trigger');
    const run = await nthRun(`${pluginId}/job`, 1);
    await postTaskAction(pluginId, 'job', 'cancel');
    await endRun(pluginId, run, new Error('aborted'));

    const ends = runLines().filter((line) => line.outcome !== 'started');
    expect(ends).toEqual([expect.objectContaining({ level: 'warn', message: 'Task run cancelled', result: 'failed' })]);
    expect(JSON.stringify(runLines())).not.toContain(API_TOKEN);
  });
});
