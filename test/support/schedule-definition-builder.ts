/**
 * A plugin's schedule for `toTaskSettings`: every five minutes, timing out after one. Overrides
 * are loosely typed on purpose, so tests can pass the invalid input a plugin might send.
 */
export function aScheduleDefinition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { frequency: { minutes: 5 }, timeout: { minutes: 1 }, ...overrides };
}
