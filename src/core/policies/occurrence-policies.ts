import * as z from 'zod';

/*
 * The policies that decide WHICH occurrences run: missed runs, jitter, and the window
 * (exclusions, bounds, a maximum number of runs). Stored form (as settings keep it and
 * `GET .../tasks` lists it) and input form (as `scheduleTask` and the PUT body take it).
 * Filled in by issue 13, items 1, 4 and 6.
 */

/** The stored fields these policies add to a task's settings; all optional, absent means today's behaviour. */
export const occurrencePolicyShape = {} satisfies z.ZodRawShape;

/** The input fields of a schedule definition, transformed into `occurrencePolicyShape`'s stored form. */
export const occurrencePolicyInputShape = {} satisfies z.ZodRawShape;

/** The per-task state these policies keep between runs (stored in the row's `policyState`); absent fields mean none. */
export interface OccurrencePolicyState {}
