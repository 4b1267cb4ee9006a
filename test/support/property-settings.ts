import type { TaskSettings } from '../../src/core/task-settings.ts';
import { aTaskSettings } from './task-row-builder.ts';

/**
 * The settings property tests draw from: durations, a cron, manual, and initial delays, with
 * timeouts under and over their cadence. No cron in a zone: one costs ~1.5 ms to advance, and
 * daylight saving has its golden tables (test/core/cron-dst.test.ts).
 */
export const PROPERTY_SETTINGS: readonly TaskSettings[] = [
  aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT1M' }),
  aTaskSettings({ cadence: 'PT30S', timeoutAfterDuration: 'PT2M' }),
  aTaskSettings({ cadence: '*/10 * * * *', timeoutAfterDuration: 'PT1M' }),
  aTaskSettings({ cadence: 'manual', timeoutAfterDuration: 'PT1M' }),
  aTaskSettings({ cadence: 'PT5M', initialDelayDuration: 'PT1M', timeoutAfterDuration: 'PT3M' }),
  aTaskSettings({ cadence: 'PT10M', initialDelayDuration: 'PT1H', timeoutAfterDuration: 'PT1M' }),
];

/**
 * Settings with occurrence policies, drawn beside PROPERTY_SETTINGS by the object's interleavings:
 * missed runs skipped or caught up, jitter, and windows whose bounds, skipped dates and ranges and
 * maximum runs fall within the days a sequence covers (it starts at 2025-03-30T00:00Z).
 */
export const POLICY_PROPERTY_SETTINGS: readonly TaskSettings[] = [
  aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT1M', missedRuns: { policy: 'skip', graceDuration: 'PT1M' } }),
  aTaskSettings({ cadence: 'PT30S', timeoutAfterDuration: 'PT2M', missedRuns: { policy: 'all', limit: 3 }, jitterDuration: 'PT10S' }),
  aTaskSettings({
    cadence: '*/10 * * * *',
    timeoutAfterDuration: 'PT1M',
    jitterDuration: 'PT3M',
    window: { skipRanges: [{ from: '2025-03-30T01:00', to: '2025-03-30T03:00' }], endAt: '2025-04-01T00:00:00.000Z' },
  }),
  aTaskSettings({
    cadence: 'PT5M',
    timeoutAfterDuration: 'PT1M',
    missedRuns: { policy: 'skip' },
    window: { startAt: '2025-03-30T00:30:00.000Z', skipDates: ['2025-03-31'], maxRuns: 20 },
  }),
  aTaskSettings({ cadence: 'PT10M', timeoutAfterDuration: 'PT1M', window: { maxRuns: 2 } }),
];
