import { describe, expect, it } from 'vitest';
import { recordRunEnd } from '../../src/core/task-row.ts';
import { at } from '../support/instants.ts';
import { aRunLease } from '../support/task-row-builder.ts';

describe('recordRunEnd', () => {
  it('records the lease\'s ticket, cause and times with when and how the run ended', () => {
    const lease = aRunLease({
      ticket: 'ticket-3',
      cause: 'recovery',
      scheduledFor: at('2025-01-15T11:55:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      timesOutAt: at('2025-01-15T12:01:00Z'),
    });

    const record = recordRunEnd('refresh', lease, at('2025-01-15T12:00:42Z'), 'failed', '{"name":"Error","message":"boom"}');

    expect(record).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-3',
      cause: 'recovery',
      scheduledFor: at('2025-01-15T11:55:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: at('2025-01-15T12:00:42Z'),
      outcome: 'failed',
      error: '{"name":"Error","message":"boom"}',
    });
  });
});
