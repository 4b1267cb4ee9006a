import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { resolveWorkerStartedAt } from '../../src/durable/object-metadata.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { schedulerOf } from '../support/scheduler-harness.ts';

const OLDER_START = { versionId: 'an-older-version', startedAt: 1_000 };

describe("a new deployment's start", () => {
  it("is recorded in the start's transaction, and not at all when that transaction rolls back", async () => {
    await runInDurableObject(schedulerOf(aPluginWith({})), (_instance, state) => {
      const kv = state.storage.kv;
      kv.put('worker-start', OLDER_START);

      const refused = resolveWorkerStartedAt(kv, 'a-new-version', 5_000);
      expect(() =>
        state.storage.transactionSync(() => {
          refused.record();
          throw new Error('refused');
        }),
      ).toThrow('refused');
      expect(refused.startedAt).toBe(5_000);
      expect(kv.get('worker-start')).toEqual(OLDER_START);

      const retried = resolveWorkerStartedAt(kv, 'a-new-version', 6_000);
      state.storage.transactionSync(() => retried.record());
      expect(kv.get('worker-start')).toEqual({ versionId: 'a-new-version', startedAt: 6_000 });
      // A wake under the same deployment keeps its start.
      expect(resolveWorkerStartedAt(kv, 'a-new-version', 9_000).startedAt).toBe(6_000);
    });
  });
});
