import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/core/errors.ts';
import type { Outcome } from '../../src/core/outcome.ts';
import { createRemoteTaskHost } from '../../src/workers/remote-task-host.ts';

function anObjectAnswering(outcome: Outcome<void>) {
  const calls: string[] = [];
  return {
    calls,
    triggerTask: async (taskId: string) => (calls.push(`trigger ${taskId}`), outcome),
    cancelTask: async (taskId: string) => (calls.push(`cancel ${taskId}`), outcome),
  };
}

describe('createRemoteTaskHost', () => {
  it('leaves registration to the object, which registers global tasks itself', async () => {
    const object = anObjectAnswering({ ok: true, value: undefined });
    const host = createRemoteTaskHost(() => object);

    await host.registerTask('refresh', { version: 2, cadence: 'PT1M', timeoutAfterDuration: 'PT1M' }, () => {});

    expect(object.calls).toEqual([]);
  });

  it('sends trigger and cancel to the object', async () => {
    const object = anObjectAnswering({ ok: true, value: undefined });
    const host = createRemoteTaskHost(() => object);

    await host.triggerTask('refresh');
    await host.cancelTask('refresh');

    expect(object.calls).toEqual(['trigger refresh', 'cancel refresh']);
  });

  it("rethrows the object's refusal as the named error", async () => {
    const host = createRemoteTaskHost(() =>
      anObjectAnswering({ ok: false, error: { name: 'ConflictError', message: 'Task refresh is currently running' } }),
    );

    await expect(host.triggerTask('refresh')).rejects.toBeInstanceOf(ConflictError);
  });
});
