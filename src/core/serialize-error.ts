/**
 * Serialises a thrown value as Backstage stores `lastRunError`: JSON with `name` and `message`
 * (plus `code` when present), never the stack.
 */
export function serializeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return JSON.stringify({
      name: error.name || 'Error',
      message: error.message || '<no reason given>',
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    });
  }
  return JSON.stringify({ name: 'Unknown', message: String(error) || '<no reason given>' });
}

/** Serialises an error from its name and message, for failures the scheduler itself records. */
export function serializeNamedError(name: string, message: string): string {
  return JSON.stringify({ name, message });
}
