import { nextCronFireAfter } from './cron.ts';
import { durationToMs, toIsoDuration } from './duration.ts';
import { ConflictError, InputError } from './errors.ts';
import { parseCadence, type TaskSettings } from './task-settings.ts';

/**
 * The limits on what may be defined over the API, set by bindings. Tasks in plugin code are not
 * limited: their authors deploy them.
 */
export interface ApiTaskLimits {
  /** The shortest cadence an API task may have (`SCHEDULER_MIN_API_CADENCE`, ISO-8601; 1 s by default). */
  minCadenceMs: number;
  /** The most API tasks one plugin may hold (`SCHEDULER_MAX_API_TASKS`; 10,000 by default). */
  maxTasksPerPlugin: number;
  /** The most plugins that may hold API tasks (`SCHEDULER_MAX_API_PLUGINS`; 1,000 by default). */
  maxPlugins: number;
}

export const DEFAULT_API_TASK_LIMITS: ApiTaskLimits = { minCadenceMs: 1_000, maxTasksPerPlugin: 10_000, maxPlugins: 1_000 };

/**
 * The limits a Worker's bindings set, the defaults where a binding is absent. A binding that does
 * not parse throws, naming it: a limit silently ignored would be no limit.
 */
export function apiTaskLimitsOf(bindings: Record<string, unknown>): ApiTaskLimits {
  const minCadence = bindings['SCHEDULER_MIN_API_CADENCE'];
  return {
    minCadenceMs:
      typeof minCadence === 'string' && minCadence.trim() !== ''
        ? parseBinding('SCHEDULER_MIN_API_CADENCE', () => durationToMs(toIsoDuration(minCadence.trim())))
        : DEFAULT_API_TASK_LIMITS.minCadenceMs,
    maxTasksPerPlugin: countBinding(bindings, 'SCHEDULER_MAX_API_TASKS', DEFAULT_API_TASK_LIMITS.maxTasksPerPlugin),
    maxPlugins: countBinding(bindings, 'SCHEDULER_MAX_API_PLUGINS', DEFAULT_API_TASK_LIMITS.maxPlugins),
  };
}

function countBinding(bindings: Record<string, unknown>, name: string, fallback: number): number {
  const value = bindings[name];
  if (value === undefined || value === '') return fallback;
  return parseBinding(name, () => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1) throw new Error(`expected a whole number of at least 1, got '${String(value)}'`);
    return count;
  });
}

function parseBinding<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${name} is invalid: ${(error as Error).message}`);
  }
}

/** Throws InputError when the settings' cadence would run the task more often than the limit allows. */
export function assertCadenceAllowed(settings: TaskSettings, limits: ApiTaskLimits): void {
  const gap = shortestGapMs(settings, limits.minCadenceMs);
  if (gap === undefined || gap >= limits.minCadenceMs) return;
  throw new InputError(
    `frequency runs the task every ${seconds(gap)}; tasks defined over the API may run at most every ${seconds(limits.minCadenceMs)} (SCHEDULER_MIN_API_CADENCE)`,
  );
}

/** Throws ConflictError when a plugin holding `stored` API tasks may not gain `added` more. */
export function assertTaskCountAllowed(pluginId: string, stored: number, added: number, limits: ApiTaskLimits): void {
  if (added === 0 || stored + added <= limits.maxTasksPerPlugin) return;
  throw new ConflictError(
    `Plugin '${pluginId}' would hold ${stored + added} tasks defined over the API; at most ${limits.maxTasksPerPlugin} are allowed (SCHEDULER_MAX_API_TASKS)`,
  );
}

/** The error a plugin meets when it would be one plugin too many to hold API tasks. */
export function tooManyPluginsError(pluginId: string, limits: ApiTaskLimits): ConflictError {
  return new ConflictError(
    `Plugin '${pluginId}' cannot define its first task over the API: ${limits.maxPlugins} plugins already hold such tasks, the most allowed (SCHEDULER_MAX_API_PLUGINS)`,
  );
}

/** Fires sampled for a cron's shortest gap: more than a minute's worth of one-second fires, so any seconds pattern shows its gaps. */
const CRON_SAMPLE = 121;
const SAMPLE_FROM = Date.UTC(2025, 0, 1);

/**
 * The shortest time between two runs the cadence allows, or undefined when it cannot be shorter
 * than `limitMs` (and for manual tasks). A cron without a seconds field fires at most once a
 * minute, so its fires are sampled only against a limit above a minute.
 */
function shortestGapMs(settings: TaskSettings, limitMs: number): number | undefined {
  const cadence = parseCadence(settings);
  if (cadence.type === 'manual') return undefined;
  if (cadence.type === 'duration') return cadence.ms;
  const hasSeconds = cadence.expression.trim().split(/\s+/).length === 6;
  if (!hasSeconds && limitMs <= 60_000) return undefined;
  let shortest = Infinity;
  let previous = nextCronFireAfter(cadence.expression, undefined, SAMPLE_FROM);
  for (let fire = 1; fire < CRON_SAMPLE && shortest >= limitMs; fire++) {
    const next = nextCronFireAfter(cadence.expression, undefined, previous);
    shortest = Math.min(shortest, next - previous);
    previous = next;
  }
  return shortest;
}

function seconds(ms: number): string {
  return ms % 1_000 === 0 ? `${ms / 1_000}s` : `${ms}ms`;
}
