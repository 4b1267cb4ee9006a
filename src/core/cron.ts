import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { IANAZone } from 'luxon';
import { modelOffsetsNear, placeWallTime, wallTimeIn, type OffsetModel } from './zoned-wall-time.ts';

/** The only module that touches cron-parser, so its quirks are handled in one place. */

/** cron-parser's predefined expressions, spelled out in six fields; its index does not re-export the enum. */
export const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
  '@minutely': '0 * * * * *',
  '@secondly': '* * * * * *',
  '@weekdays': '0 0 0 * * 1-5',
  '@weekends': '0 0 0 * * 0,6',
};
const MACROS = Object.keys(CRON_MACROS);

/** Problems found per zone and expression: a pure function of both, so kept. */
const checked = new Map<string, string | undefined>();

/**
 * Checks a cron expression and zone, returning a message naming the problem, or undefined.
 * cron-parser accepts fewer than five fields and random `H` values; we refuse both.
 */
export function describeCronProblem(expression: string, timeZone: string | undefined): string | undefined {
  // Checking costs a parse and a first match (about a millisecond); tasks share few patterns.
  const key = JSON.stringify([timeZone, expression]);
  if (checked.has(key)) return checked.get(key);
  if (checked.size >= 1_000) checked.clear();
  const problem = findCronProblem(expression, timeZone);
  checked.set(key, problem);
  return problem;
}

function findCronProblem(expression: string, timeZone: string | undefined): string | undefined {
  if (timeZone !== undefined && !IANAZone.isValidZone(timeZone)) {
    return `'${timeZone}' is not an IANA time zone such as Europe/Berlin`;
  }
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) {
    if (!MACROS.includes(trimmed)) return `unknown macro '${trimmed}'; expected one of ${MACROS.join(', ')}`;
  } else {
    const fields = trimmed.split(/\s+/).filter(Boolean).length;
    if (fields !== 5 && fields !== 6) {
      return `cron expression '${expression}' has ${fields} fields; expected 5, or 6 with leading seconds`;
    }
    if (/h/i.test(trimmed.replace(/[a-z]{3}/gi, ''))) {
      return `cron expression '${expression}' uses H, which is not supported`;
    }
  }
  try {
    CronExpressionParser.parse(trimmed, { currentDate: 0, tz: timeZone ?? 'UTC' }).next();
  } catch (error) {
    return `cron expression '${expression}' is invalid: ${(error as Error).message}`;
  }
  return undefined;
}

/**
 * Whether a pattern fires at intervals through the day rather than at fixed times: its seconds,
 * minute or hour field is a wildcard or a step (Vixie cron's rule). It decides what a
 * daylight-saving change does to it (see `nextCronFireAfter`).
 */
export function isIntervalPattern(expression: string): boolean {
  const fields = expandMacro(expression.trim()).split(/\s+/);
  const timeFields = fields.length === 6 ? fields.slice(0, 3) : fields.slice(0, 2);
  return timeFields.some((field) => field.startsWith('*'));
}

function expandMacro(expression: string): string {
  return CRON_MACROS[expression] ?? expression;
}

const parsed = new Map<string, CronExpression>();

/** The first wall time after `wallTime` (naive ms) that matches the pattern, walked in UTC where no clock jumps. */
function nextMatchingWallTime(pattern: string, wallTime: number): number {
  let expression = parsed.get(pattern);
  if (!expression) {
    // Parsing is the costly part of cron-parser, so each pattern is parsed once.
    if (parsed.size >= 1_000) parsed.clear();
    parsed.set(pattern, (expression = CronExpressionParser.parse(pattern, { currentDate: wallTime, tz: 'UTC' })));
  }
  expression.reset(new Date(wallTime));
  return expression.next().getTime();
}

/**
 * The first instant strictly after `afterAt` at which the expression fires in the zone (UTC by
 * default). cron-parser walks wall-clock times only in UTC, where no clock ever jumps, because
 * in other zones it mishandles daylight saving (it shifts spring-gap times by the offset, and its
 * `prev()` is wrong around changes). The wall times are placed in the zone here:
 * - in the spring gap, a fixed-time job runs once, at the first instant after the gap; an
 *   interval job skips it, keeping its absolute rhythm;
 * - in the repeated autumn hour, a fixed-time job runs once, at the first of the two instants;
 *   an interval job runs at both, keeping its rhythm.
 */
export function nextCronFireAfter(expression: string, timeZone: string | undefined, afterAt: number): number {
  const zone = timeZone ?? 'UTC';
  const pattern = expandMacro(expression.trim());
  const isInterval = isIntervalPattern(pattern);
  const near = modelOffsetsNear(zone, afterAt);
  const soon = firstFireWithin(near, pattern, isInterval, afterAt);
  if (soon <= near.to) return soon;
  // Nothing fires within two days: place the first matching wall time with the offsets of its own day.
  let wallTime = wallTimeIn(near, near.to);
  for (;;) {
    wallTime = nextMatchingWallTime(pattern, wallTime);
    const model = modelOffsetsNear(zone, wallTime - near.after);
    const { instants, gapEnd } = placeWallTime(model, wallTime);
    const instant = gapEnd !== null ? (isInterval ? undefined : gapEnd) : instants[0];
    if (instant !== undefined && instant > afterAt) return instant;
  }
}

/**
 * The first fire after `afterAt`, exact while it lies within the model's window (later results
 * assume the window's last offset). A window holds at most one change, so its instants fall in two
 * runs: before the change, wall time = instant + `before`; from it on, wall time = instant + `after`.
 */
function firstFireWithin(model: OffsetModel, pattern: string, isInterval: boolean, afterAt: number): number {
  const { before, after, change } = model;
  if (change === null) return nextMatchingWallTime(pattern, afterAt + before) - before;
  const candidates: number[] = [];
  if (afterAt < change) {
    const beforeChange = nextMatchingWallTime(pattern, afterAt + before) - before;
    if (beforeChange < change) candidates.push(beforeChange);
    // A fixed-time job whose wall time falls in the spring gap runs when the clocks jump.
    if (!isInterval && after > before && nextMatchingWallTime(pattern, change + before - 1) < change + after) {
      candidates.push(change);
    }
  }
  // From the change on; a fixed-time job already ran the repeated hour's wall times before it.
  const firstWall = isInterval ? change + after : change + Math.max(before, after);
  candidates.push(nextMatchingWallTime(pattern, Math.max(afterAt + after, firstWall - 1)) - after);
  return Math.min(...candidates);
}
