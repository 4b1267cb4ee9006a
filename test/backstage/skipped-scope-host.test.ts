import { describe, expect, it } from 'vitest';
import { createSkippedScopeHost } from '../../src/backstage/skipped-scope-host.ts';
import { NotFoundError } from '../../src/core/errors.ts';
import { rejectionOf } from '../support/catch-error.ts';

describe('createSkippedScopeHost', () => {
  it('accepts a registration without running anything', async () => {
    const host = createSkippedScopeHost();

    await expect(host.registerTask('local', { version: 2, cadence: 'PT1S', timeoutAfterDuration: 'PT1S' }, () => {
      throw new Error('must not run');
    })).resolves.toBeUndefined();
  });

  it('answers a trigger with a NotFoundError that says where local tasks run', async () => {
    const error = await rejectionOf(createSkippedScopeHost().triggerTask('warm-cache'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("Task warm-cache is local: it runs in each Worker isolate, not in the plugin's Durable Object");
  });
});
