import { describe, expect, it } from 'vitest';
import { at } from '../support/instants.ts';
import { aPersistentCatalog } from '../support/persistent-catalog.ts';
import { aRecordingLogger } from '../support/recording-logger.ts';
import { createTestClock } from '../support/test-clock.ts';

// Node 20 has no node:sqlite; Deno runs the persistence itself (test/deno/embedded).
const hasSqlite = typeof (process as { getBuiltinModule?: (name: string) => unknown }).getBuiltinModule?.('node:sqlite') === 'object';

describe.runIf(!hasSqlite)('an embedded scheduler given a database file on a runtime without SQLite', () => {
  it('warns once and keeps its tasks in memory', async () => {
    const logger = aRecordingLogger();

    const { scheduler, call } = await aPersistentCatalog(createTestClock(at('2025-01-15T12:00:00Z')), '/tmp/never-written.sqlite', logger);
    const response = await call('/tasks');
    scheduler.stop();

    expect(logger.messages.filter(({ level }) => level === 'warn')).toMatchObject([
      { message: expect.stringContaining('no node:sqlite'), fields: { databasePath: '/tmp/never-written.sqlite' } },
    ]);
    expect(response.status).toBe(200);
  });
});
