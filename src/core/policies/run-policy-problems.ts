import type { PolicyProblem } from './occurrence-policy-problems.ts';
import type { RetryPolicy } from './run-policies.ts';

/** The settings fields the checks read; valid one by one, checked here together. */
interface RunPolicySettings {
  overlap?: string | undefined;
  maxConcurrentRuns?: number | undefined;
  retry?: RetryPolicy | undefined;
}

/**
 * What is wrong with the run policies as a whole, or undefined: `allow` without its cap, a cap
 * without `allow`, or `allow` with retries (a retry belongs to one occurrence, and under `allow`
 * several are under way at once).
 */
export function describeRunPolicyProblem(settings: RunPolicySettings): PolicyProblem | undefined {
  const { overlap, maxConcurrentRuns, retry } = settings;
  if (overlap === 'allow' && maxConcurrentRuns === undefined) {
    return { storedPath: ['maxConcurrentRuns'], inputPath: 'maxConcurrentRuns', message: "is required with overlap 'allow' (2 to 100 runs)" };
  }
  if (overlap !== 'allow' && maxConcurrentRuns !== undefined) {
    return { storedPath: ['maxConcurrentRuns'], inputPath: 'maxConcurrentRuns', message: "applies only to overlap 'allow'" };
  }
  if (overlap === 'allow' && retry !== undefined) {
    return { storedPath: ['retry'], inputPath: 'retry', message: "cannot be combined with overlap 'allow'" };
  }
  return undefined;
}
