import { nextCronFireAfter } from '../cron.ts';
import { durationToMs } from '../duration.ts';
import type { MissedRuns, OccurrenceWindow } from './occurrence-policies.ts';
import { placeWallTimeRange } from './occurrence-window.ts';

/** A problem with a task's policies taken together: its field as stored and as written in a schedule definition. */
export interface PolicyProblem {
  storedPath: Array<string | number>;
  inputPath: string;
  message: string;
}

/** The settings fields the checks read; valid one by one, checked here together. */
interface PolicySettings {
  cadence: string;
  timeZone?: string | undefined;
  missedRuns?: MissedRuns | undefined;
  jitterDuration?: string | undefined;
  window?: OccurrenceWindow | undefined;
}

/**
 * What is wrong with the occurrence policies as a whole, or undefined: jitter as long as a
 * duration cadence, an end bound not after the start, a skipped range that ends before it starts,
 * a catch-up limit on a policy other than `all`. Each field alone is checked by its schema.
 */
export function describeOccurrencePolicyProblem(settings: PolicySettings): PolicyProblem | undefined {
  const { cadence, jitterDuration, window, missedRuns } = settings;
  if (jitterDuration !== undefined && cadence !== 'manual') {
    const gapMs = cadence.startsWith('P') ? durationToMs(cadence) : shortestCronGap(cadence, settings.timeZone);
    if (durationToMs(jitterDuration) >= gapMs) {
      return { storedPath: ['jitterDuration'], inputPath: 'jitter', message: `must be shorter than the cadence (${cadence})` };
    }
  }
  if (missedRuns?.limit !== undefined && missedRuns.policy !== 'all') {
    return { storedPath: ['missedRuns', 'limit'], inputPath: 'missedRuns.limit', message: "applies only to the policy 'all'" };
  }
  if (window?.startAt !== undefined && window.endAt !== undefined && Date.parse(window.endAt) <= Date.parse(window.startAt)) {
    return { storedPath: ['window', 'endAt'], inputPath: 'window.endAt', message: 'must be after window.startAt' };
  }
  const zone = window?.timeZone ?? settings.timeZone ?? 'UTC';
  const ranges = window?.skipRanges ?? [];
  for (const [index, { from, to }] of ranges.entries()) {
    // A date `to` includes its day, so a range of one date ends after it starts.
    const span = placeWallTimeRange(from, to, zone);
    if (span.toAt <= span.fromAt) {
      const path = `window.skipRanges.${index}.to`;
      return { storedPath: ['window', 'skipRanges', index, 'to'], inputPath: path, message: `must be after window.skipRanges.${index}.from` };
    }
  }
  return undefined;
}

/** A fixed instant to sample a cron from, so validation reads no clock. */
const CRON_SAMPLE_FROM = Date.UTC(2026, 0, 1);
const CRON_SAMPLE_FIRES = 50;

/**
 * The shortest time between a cron's fires over a sample of them: jitter as long would be cut to
 * it at every such occurrence (the runtime keeps each start before the next occurrence anyway).
 */
function shortestCronGap(expression: string, timeZone: string | undefined): number {
  let shortest = Infinity;
  let previous = nextCronFireAfter(expression, timeZone, CRON_SAMPLE_FROM);
  for (let fire = 1; fire < CRON_SAMPLE_FIRES; fire++) {
    const next = nextCronFireAfter(expression, timeZone, previous);
    shortest = Math.min(shortest, next - previous);
    previous = next;
  }
  return shortest;
}
