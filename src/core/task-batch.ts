import * as z from 'zod';
import { createSchedulerError, InputError, isSchedulerError } from './errors.ts';
import { MAX_TASK_ID_LENGTH } from './schedule-definition.ts';
import { taskHandlerSchema } from './task-handler.ts';
import { taskSettingsSchema } from './task-settings.ts';

/** The most tasks one request may define: a batch is written in one transaction, which must stay short. */
export const MAX_TASKS_PER_BATCH = 1_000;

/** One task of a batch as the object receives it: validated settings and handler, by task id. */
export const apiTaskDefinitionSchema = z
  .object({ taskId: z.string().min(1).max(MAX_TASK_ID_LENGTH), settings: taskSettingsSchema, handler: taskHandlerSchema })
  .strict();

export type ApiTaskDefinition = z.infer<typeof apiTaskDefinitionSchema>;

/** How errors name one item of a batch: `tasks[3] ('nightly')`, or `tasks[3]` while it has no id. */
export function describeBatchItem(index: number, taskId: unknown): string {
  if (typeof taskId !== 'string') return `tasks[${index}]`;
  const shown = taskId.length > MAX_TASK_ID_LENGTH ? `${taskId.slice(0, 40)}…` : taskId;
  return `tasks[${index}] ('${shown}')`;
}

/** Runs `work`; a SchedulerError it throws is thrown again, of the same kind, with `subject` opening its message. */
export function nameInErrors<T>(subject: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isSchedulerError(error)) throw createSchedulerError(error.name, `${subject}: ${error.message}`);
    throw error;
  }
}

/** Throws InputError unless the ids can be defined together: at least one, at most the limit, each once. */
export function assertTaskBatch(taskIds: readonly string[]): void {
  if (taskIds.length === 0) throw new InputError('Invalid tasks: must list at least one task');
  if (taskIds.length > MAX_TASKS_PER_BATCH) {
    throw new InputError(`Invalid tasks: at most ${MAX_TASKS_PER_BATCH} tasks per request, got ${taskIds.length}`);
  }
  const firstIndexOf = new Map<string, number>();
  taskIds.forEach((taskId, index) => {
    const first = firstIndexOf.get(taskId);
    if (first !== undefined) {
      throw new InputError(`${describeBatchItem(index, taskId)}: task id '${taskId}' is listed twice, first as tasks[${first}]`);
    }
    firstIndexOf.set(taskId, index);
  });
}
