import * as z from 'zod';
import { type OccurrencePolicyState, occurrencePolicyInputShape, occurrencePolicyShape } from './occurrence-policies.ts';
import { type RunPolicyState, runPolicyInputShape, runPolicyShape } from './run-policies.ts';

/** Every policy's stored fields, as they sit in a task's settings beside Backstage's. */
export const taskPolicyShape = { ...occurrencePolicyShape, ...runPolicyShape };

/** Every policy's input fields, as a schedule definition carries them. */
export const taskPolicyInputSchema = z.object({ ...occurrencePolicyInputShape, ...runPolicyInputShape });

/** What the policies remember about a task between runs; stored beside the row, absent when empty. */
export type TaskPolicyState = OccurrencePolicyState & RunPolicyState;
