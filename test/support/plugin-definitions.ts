import type { SchedulerServiceTaskScheduleDefinition } from '../../src/index.ts';

/** How many `case-N` plugins the integration Worker serves. */
export const CASE_PLUGIN_COUNT = 40;

/**
 * The tasks of each `case-N` test plugin, read whenever its object starts. A test takes a fresh
 * plugin, so its object and storage are its own; changing the definitions and restarting the
 * object acts out a deployment of new code.
 */
export const caseDefinitions = new Map<string, Record<string, SchedulerServiceTaskScheduleDefinition>>();

let nextCase = 1;

/** Takes an unused case plugin and gives it these tasks; returns its plugin id. */
export function aPluginWith(tasks: Record<string, SchedulerServiceTaskScheduleDefinition>): string {
  if (nextCase > CASE_PLUGIN_COUNT) throw new Error(`More than ${CASE_PLUGIN_COUNT} case plugins in one test file`);
  const pluginId = `case-${nextCase++}`;
  caseDefinitions.set(pluginId, tasks);
  return pluginId;
}
