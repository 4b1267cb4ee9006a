import type { ApiTaskLimits } from '../core/api-task-limits.ts';
import { mostRelevantIssue } from '../core/parse-at-boundary.ts';
import { validateTaskId } from '../core/schedule-definition.ts';
import { assertTaskBatch, describeBatchItem, nameInErrors, type ApiTaskDefinition } from '../core/task-batch.ts';
import { assertHandlerAllowed, type HandlerPolicy } from '../core/task-handler.ts';
import { toApiTaskSettings } from './api-task-settings.ts';
import { taskBatchInputSchema, type TaskBatchItem } from './schemas.ts';
import { validated } from './validation.ts';

/** The id an item of the raw body gives itself, to name the item in errors before it is valid. */
function rawIdAt(body: unknown, index: number): unknown {
  const tasks = (body as { tasks?: unknown } | null)?.tasks;
  return Array.isArray(tasks) ? (tasks[index] as { id?: unknown } | null)?.id : undefined;
}

/** Validates the body of `PUT .../tasks`; a fault in an item is an InputError naming it: `tasks[3] ('nightly'): timeout: ...`. */
export function validatedTaskBatch() {
  return validated('json', taskBatchInputSchema, (issues, body) => {
    const issue = mostRelevantIssue(issues);
    const [list, index, ...field] = issue?.path ?? [];
    if (list !== 'tasks' || index === undefined) return undefined;
    const subject = describeBatchItem(Number(index), rawIdAt(body, Number(index)));
    return `${subject}: ${field.length > 0 ? `${field.join('.')}: ` : ''}${issue?.message ?? 'invalid value'}`;
  });
}

/**
 * Checks every item of a batch as `PUT .../tasks/<taskId>` checks its body (the id, the schedule,
 * the 24-hour timeout, the shortest cadence, the outbound policy) and that no id is listed twice, before anything is
 * stored: the first fault is an InputError naming its item.
 */
export function toApiTaskDefinitions(items: readonly TaskBatchItem[], policy: HandlerPolicy, limits: ApiTaskLimits): ApiTaskDefinition[] {
  assertTaskBatch(items.map(({ id }) => id));
  return items.map(({ id, ...input }, index) => {
    const subject = describeBatchItem(index, id);
    nameInErrors(subject, () => validateTaskId(id));
    const settings = toApiTaskSettings(id, input, limits, subject);
    nameInErrors(subject, () => assertHandlerAllowed(input.handler, policy));
    return { taskId: id, settings, handler: input.handler };
  });
}
