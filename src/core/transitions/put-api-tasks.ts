import { assertCadenceAllowed, type ApiTaskLimits } from '../api-task-limits.ts';
import { assertTaskBatch, describeBatchItem, nameInErrors, type ApiTaskDefinition } from '../task-batch.ts';
import { assertAlertAllowed } from '../policies/alert-policy.ts';
import { assertHandlerAllowed, type HandlerPolicy } from '../task-handler.ts';
import type { TaskRow } from '../task-row.ts';
import { putApiTask } from './put-api-task.ts';

/**
 * Creates or replaces many API tasks at once, each as `putApiTask` does; tasks not listed are
 * left alone. All or none: every item is checked before any row is returned, and the first refusal
 * (a handler the policy refuses, a cadence below the limit, a task defined in code) names its item by index and id.
 */
export function putApiTasks(
  storedRowOf: (taskId: string) => TaskRow | undefined,
  definitions: readonly ApiTaskDefinition[],
  policy: HandlerPolicy,
  limits: ApiTaskLimits,
  now: number,
): Array<{ row: TaskRow; isNew: boolean }> {
  assertTaskBatch(definitions.map(({ taskId }) => taskId));
  return definitions.map(({ taskId, settings, handler }, index) =>
    nameInErrors(describeBatchItem(index, taskId), () => {
      assertHandlerAllowed(handler, policy);
      assertAlertAllowed(settings, policy);
      assertCadenceAllowed(settings, limits);
      return putApiTask(storedRowOf(taskId), taskId, settings, handler, now);
    }),
  );
}
