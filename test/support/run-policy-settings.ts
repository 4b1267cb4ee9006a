import type { TaskSettings } from '../../src/core/task-settings.ts';
import { aTaskSettings } from './task-row-builder.ts';

/**
 * Settings with run policies (issue 13, items 2, 3, 5 and 7) that the object's property tests
 * draw besides PROPERTY_SETTINGS: retries whose backoff fits before the next occurrence or runs
 * into it, on a duration, a cron and a manual task, pausing after failures, staleness,
 * alerts, and each overlap policy with runs that outlast their cadence (`allow` with room for
 * two runs and for three, with a failure alert and staleness).
 */
export const RUN_POLICY_SETTINGS: readonly TaskSettings[] = [
  aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT1M', retry: { attempts: 3, backoff: 'fixed', delayDuration: 'PT10S' } }),
  aTaskSettings({
    cadence: '*/10 * * * *',
    timeoutAfterDuration: 'PT1M',
    retry: { attempts: 6, backoff: 'exponential', delayDuration: 'PT30S', maxDelayDuration: 'PT4M' },
    pauseAfterFailures: 2,
  }),
  aTaskSettings({ cadence: 'manual', timeoutAfterDuration: 'PT1M', retry: { attempts: 2, backoff: 'fixed', delayDuration: 'PT0S' } }),
  aTaskSettings({ cadence: 'PT30S', timeoutAfterDuration: 'PT2M', pauseAfterFailures: 1, staleAfter: { afterDuration: 'PT3M' } }),
  aTaskSettings({
    cadence: 'PT5M',
    timeoutAfterDuration: 'PT1M',
    staleAfter: { afterCadences: 2 },
    alert: { url: 'https://hooks.example.com/alert', on: ['failure', 'stale', 'recovery'] },
    retry: { attempts: 2, backoff: 'fixed', delayDuration: 'PT1M' },
  }),
  aTaskSettings({ cadence: 'PT2M', timeoutAfterDuration: 'PT10M', overlap: 'cancel-running', retry: { attempts: 3, backoff: 'fixed', delayDuration: 'PT30S' } }),
  aTaskSettings({ cadence: '*/10 * * * *', timeoutAfterDuration: 'PT30M', overlap: 'buffer-one' }),
  aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT20M', overlap: 'skip', pauseAfterFailures: 3 }),
  aTaskSettings({ cadence: 'PT2M', timeoutAfterDuration: 'PT5M', overlap: 'allow', maxConcurrentRuns: 2 }),
  aTaskSettings({
    cadence: '*/5 * * * *',
    timeoutAfterDuration: 'PT17M',
    overlap: 'allow',
    maxConcurrentRuns: 3,
    pauseAfterFailures: 2,
    staleAfter: { afterCadences: 2 },
    alert: { url: 'https://hooks.example.com/alert', on: ['failure', 'recovery'] },
  }),
];
