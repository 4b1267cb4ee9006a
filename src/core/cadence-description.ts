import { Duration } from 'luxon';

/**
 * Puts a task's cadence into words for people: "every 10 minutes", "at 03:00 Europe/Berlin on
 * weekdays", "only when triggered". It covers the patterns people write by hand; anything else
 * (steps from an offset, `L`, `#`, day-of-month and day-of-week together) comes back as the raw
 * expression, which is never wrong. Kept over `cronstrue` (issue 14): that adds 7.6 KB gzipped
 * to the Worker against this file's 1.9 KB, has no `@weekdays`/`@weekends`, and cannot tell an
 * interval (no zone) from a time of day (zone named).
 */
export function describeCadence(cadence: string, timeZone?: string): string {
  if (cadence === 'manual') return 'only when triggered';
  if (cadence.startsWith('P')) return describeDuration(cadence) ?? cadence;
  return describeCron(cadence, timeZone ?? 'UTC') ?? cadence;
}

// What cron-parser's macros stand for, in five or six fields.
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@minutely': '* * * * *',
  '@secondly': '* * * * * *',
  '@weekdays': '0 0 * * 1-5',
  '@weekends': '0 0 * * 0,6',
};

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DURATION_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;

/** One cron field as far as words can say it; anything else is `undefined`. */
type Field = { kind: 'any' } | { kind: 'step'; step: number } | { kind: 'values'; values: number[] } | { kind: 'range'; from: number; to: number };

function describeDuration(iso: string): string | undefined {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return undefined;
  const parts = DURATION_UNITS.flatMap((unit) => {
    const amount = duration.get(unit);
    return amount ? [{ amount, unit }] : [];
  });
  if (parts.length === 0) return undefined;
  const [only] = parts;
  if (parts.length === 1 && only && only.amount === 1) return `every ${singular(only.unit)}`;
  return `every ${joinWords(parts.map(({ amount, unit }) => `${amount} ${amount === 1 ? singular(unit) : unit}`))}`;
}

function describeCron(expression: string, zone: string): string | undefined {
  const trimmed = expression.trim();
  const fields = (MACROS[trimmed.toLowerCase()] ?? trimmed).split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return undefined;
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = fields.length === 6 ? fields : ['0', ...fields];
  const days = describeDays(dayOfMonth!, month!, dayOfWeek!);
  if (days === undefined) return undefined;
  const time = describeTime(parseField(second!, 59), parseField(minute!, 59), parseField(hour!, 23), zone);
  if (time === undefined) return undefined;
  if (time.isTimeOfDay) return `${time.words} ${days || 'every day'}`;
  // An interval is the same in every zone, but the days it applies to are not.
  return days ? `${time.words} ${days.replace(/^every day /, '')} (${zone})` : time.words;
}

/** The seconds, minutes and hours in words, and whether the words name times of day (which carry the zone). */
function describeTime(
  second: Field | undefined,
  minute: Field | undefined,
  hour: Field | undefined,
  zone: string,
): { words: string; isTimeOfDay: boolean } | undefined {
  if (!second || !minute || !hour) return undefined;
  const interval = (words: string) => ({ words, isTimeOfDay: false });
  if (minute.kind === 'any' && hour.kind === 'any') {
    if (second.kind === 'any') return interval('every second');
    if (second.kind === 'step') return interval(`every ${second.step} seconds`);
    if (second.kind === 'values' && second.values.length === 1) {
      return interval(second.values[0] === 0 ? 'every minute' : `every minute at second ${second.values[0]}`);
    }
    return undefined;
  }
  // Below this, only a fixed second of zero reads naturally.
  if (!(second.kind === 'values' && second.values.length === 1)) return undefined;
  const s = second.values[0]!;
  if (hour.kind === 'any' && s === 0) {
    if (minute.kind === 'step') return interval(`every ${minute.step} minutes`);
    if (minute.kind === 'values' && minute.values.length === 1) {
      return interval(minute.values[0] === 0 ? 'every hour' : `every hour at minute ${minute.values[0]}`);
    }
    return undefined;
  }
  if (hour.kind === 'step' && minute.kind === 'values' && minute.values.length === 1 && s === 0) {
    const m = minute.values[0]!;
    return interval(`every ${hour.step} hours${m === 0 ? '' : ` at minute ${m}`}`);
  }
  const window = hour.kind === 'range' ? hour : hour.kind === 'values' && hour.values.length === 1 ? { from: hour.values[0]!, to: hour.values[0]! } : undefined;
  if (window && s === 0 && (minute.kind === 'any' || minute.kind === 'step')) {
    const every = minute.kind === 'any' ? 'every minute' : `every ${minute.step} minutes`;
    return { words: `${every} from ${clock(window.from, 0, 0)} to ${clock(window.to, 59, 0)} ${zone}`, isTimeOfDay: true };
  }
  if (hour.kind === 'range' && minute.kind === 'values' && minute.values.length === 1) {
    const m = minute.values[0]!;
    return { words: `every hour from ${clock(hour.from, m, s)} to ${clock(hour.to, m, s)} ${zone}`, isTimeOfDay: true };
  }
  if (hour.kind === 'values' && minute.kind === 'values') {
    const times = hour.values.flatMap((h) => minute.values.map((m) => clock(h, m, s)));
    if (times.length > 4) return undefined;
    return { words: `at ${joinWords(times)} ${zone}`, isTimeOfDay: true };
  }
  return undefined;
}

/** The day-of-month, month and day-of-week fields in words: '' for every day, undefined when words would mislead. */
function describeDays(dayOfMonthField: string, monthField: string, dayOfWeekField: string): string | undefined {
  const month = parseField(monthField, 12, 1, MONTH_NAMES);
  const dayOfWeek = parseField(dayOfWeekField, 7, 0, DAY_NAMES);
  const dayOfMonth = dayOfMonthField === 'L' ? 'last' : parseField(dayOfMonthField, 31, 1);
  if (!month || !dayOfWeek || !dayOfMonth || month.kind === 'step') return undefined;
  const months = month.kind === 'any' ? undefined : joinWords(valuesOf(month).map((value) => MONTH_NAMES[value - 1]!));
  if (dayOfMonth === 'last') return dayOfWeek.kind === 'any' ? `on the last day of ${months ?? 'every month'}` : undefined;
  if (dayOfMonth.kind !== 'any') {
    // Cron runs on either day field when both are restricted; words for that would mislead.
    if (dayOfWeek.kind !== 'any' || dayOfMonth.kind !== 'values') return undefined;
    if (months && dayOfMonth.values.length === 1) return `on ${dayOfMonth.values[0]} ${months}`;
    return `on the ${joinWords(dayOfMonth.values.map(ordinal))} of ${months ?? 'every month'}`;
  }
  const weekdays = describeWeekdays(dayOfWeek);
  if (weekdays === undefined) return undefined;
  const inMonths = months ? ` in ${months}` : '';
  if (weekdays) return `${weekdays}${inMonths}`;
  return months ? `every day${inMonths}` : '';
}

function describeWeekdays(field: Field): string | undefined {
  if (field.kind === 'any') return '';
  if (field.kind === 'step') return undefined;
  const set = [...new Set(valuesOf(field).map((day) => day % 7))].sort((a, b) => a - b);
  if (set.join() === '1,2,3,4,5') return 'on weekdays';
  if (set.join() === '0,6') return 'on weekends';
  if (field.kind === 'range' && set.length > 2) return `from ${DAY_NAMES[field.from % 7]} to ${DAY_NAMES[field.to % 7]}`;
  return `on ${joinWords(set.map((day) => `${DAY_NAMES[day]}s`))}`;
}

/**
 * Reads one cron field: `*`, `?`, `*\/n`, `0/n`, a number or name, a list of them, or one range.
 * Names are matched by their first three letters, as cron does.
 */
function parseField(field: string, max: number, min = 0, names: readonly string[] = []): Field | undefined {
  const value = (token: string): number | undefined => {
    const named = names.findIndex((name) => name.slice(0, 3).toLowerCase() === token.toLowerCase());
    if (named >= 0) return named + min;
    if (!/^\d+$/.test(token)) return undefined;
    const number = Number(token);
    return number >= min && number <= max ? number : undefined;
  };
  if (field === '*' || field === '?') return { kind: 'any' };
  const step = /^(?:\*|0)\/(\d+)$/.exec(field);
  if (step) {
    const size = Number(step[1]);
    if (size < 1) return undefined;
    return size === 1 ? { kind: 'any' } : { kind: 'step', step: size };
  }
  const bounds = /^(\w+)-(\w+)$/.exec(field);
  if (bounds) {
    const from = value(bounds[1]!);
    const to = value(bounds[2]!);
    return from !== undefined && to !== undefined && from < to ? { kind: 'range', from, to } : undefined;
  }
  const values = field.split(',').map(value);
  if (values.some((entry) => entry === undefined)) return undefined;
  return { kind: 'values', values: [...new Set(values as number[])].sort((a, b) => a - b) };
}

function clock(hour: number, minute: number, second: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(hour)}:${pad(minute)}${second === 0 ? '' : `:${pad(second)}`}`;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function singular(unit: string): string {
  return unit.slice(0, -1);
}

function valuesOf(field: Extract<Field, { kind: 'values' | 'range' }>): number[] {
  if (field.kind === 'values') return field.values;
  return Array.from({ length: field.to - field.from + 1 }, (_, index) => field.from + index);
}
