import { describe, expect, it } from 'vitest';
import { systemTimer } from '../../src/runtime/system-timer.ts';

// The only tests on the runtime's own timers: each waits zero milliseconds.

describe('systemTimer', () => {
  it("calls back through the runtime's setTimeout", async () => {
    const fired = await new Promise<boolean>((resolve) => systemTimer.start(0, () => resolve(true)));

    expect(fired).toBe(true);
  });

  it('does not call back once cancelled', async () => {
    const calls: string[] = [];
    const cancel = systemTimer.start(0, () => calls.push('cancelled timer'));

    cancel();
    await new Promise<void>((resolve) => systemTimer.start(0, resolve));

    expect(calls).toEqual([]);
  });
});
