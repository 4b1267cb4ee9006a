import * as z from 'zod';

/*
 * The policies that decide what happens AROUND a run: overlap, retries, staleness, alert hooks
 * and pausing after consecutive failures. Stored form (as settings keep it and `GET .../tasks`
 * lists it) and input form (as `scheduleTask` and the PUT body take it).
 * Filled in by issue 13, items 2, 3, 5 and 7.
 */

/** The stored fields these policies add to a task's settings; all optional, absent means today's behaviour. */
export const runPolicyShape = {} satisfies z.ZodRawShape;

/** The input fields of a schedule definition, transformed into `runPolicyShape`'s stored form. */
export const runPolicyInputShape = {} satisfies z.ZodRawShape;

/** The per-task state these policies keep between runs (stored in the row's `policyState`); absent fields mean none. */
export interface RunPolicyState {}
