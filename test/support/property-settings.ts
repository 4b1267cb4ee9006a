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
