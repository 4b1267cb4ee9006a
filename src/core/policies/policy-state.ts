import type { TaskRow } from '../task-row.ts';
import type { TaskPolicyState } from './task-policies.ts';

/**
 * The row with some of its policy state replaced; an undefined value removes that field, and a
 * state left empty removes `policyState` itself, so a task without policies stores NULL.
 */
export function withPolicyState(row: TaskRow, changes: Partial<TaskPolicyState>): TaskRow {
  const merged: Record<string, unknown> = { ...row.policyState, ...changes };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const { policyState: _previous, ...rest } = row;
  return Object.keys(merged).length === 0 ? rest : { ...rest, policyState: merged as TaskPolicyState };
}
