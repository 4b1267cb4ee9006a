import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';

/** The only module that touches cron-parser, so its quirks are handled in one place. */

// cron-parser's predefined expressions; its index does not re-export the enum that lists them.
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly', '@minutely', '@secondly', '@weekdays', '@weekends'];

/**
 * Checks a cron expression and zone, returning a message naming the problem, or undefined.
 * cron-parser accepts fewer than five fields and random `H` values; we refuse both.
 */
export function describeCronProblem(expression: string, timeZone: string | undefined): string | undefined {
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

/** The first instant strictly after `afterAt` at which the expression fires, in the given zone. */
export function nextCronFireAfter(expression: string, timeZone: string | undefined, afterAt: number): number {
  const parsed = CronExpressionParser.parse(expression.trim(), {
    currentDate: afterAt,
    tz: timeZone ?? 'UTC',
  });
  return parsed.next().getTime();
}
