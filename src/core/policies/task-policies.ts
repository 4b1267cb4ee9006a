import * as z from 'zod';
import {
  type OccurrencePolicyState,
  occurrencePolicyInputShape,
  occurrencePolicyShape,
  toStoredOccurrencePolicies,
} from './occurrence-policies.ts';
import { describeOccurrencePolicyProblem, type PolicyProblem } from './occurrence-policy-problems.ts';
import { describeRunPolicyProblem } from './run-policy-problems.ts';
import { type RunPolicyState, runPolicyInputShape, runPolicyShape } from './run-policies.ts';

/** Every policy's stored fields, as they sit in a task's settings beside Backstage's. */
export const taskPolicyShape = { ...occurrencePolicyShape, ...runPolicyShape };

/** Every policy's input fields, as a schedule definition carries them. */
export const taskPolicyInputSchema = z.object({ ...occurrencePolicyInputShape, ...runPolicyInputShape });

/** What the policies remember about a task between runs; stored beside the row, absent when empty. */
export type TaskPolicyState = OccurrencePolicyState & RunPolicyState;

/** A schedule definition's parsed policy fields in their stored form, as settings keep them. */
export function toStoredTaskPolicies(input: z.infer<typeof taskPolicyInputSchema>) {
  const { missedRuns, jitter, window, ...others } = input;
  return { ...others, ...toStoredOccurrencePolicies({ missedRuns, jitter, window }) };
}

/** What is wrong with a task's policies taken together, or undefined; each field alone is checked by its schema. */
export function describePolicyProblem(settings: Parameters<typeof describeOccurrencePolicyProblem>[0] & Parameters<typeof describeRunPolicyProblem>[0]): PolicyProblem | undefined {
  return describeOccurrencePolicyProblem(settings) ?? describeRunPolicyProblem(settings);
}
