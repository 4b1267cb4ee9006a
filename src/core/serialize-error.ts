/**
 * The longest error message stored, in characters. The error goes into the task's row and into
 * every run of its history, and a SQLite row over 2 MB cannot be written at all: a run failing
 * with a bigger message could not be released, and would be retried as lost at its timeout.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 4_096;

/** The longest error name or code stored, in characters. */
const MAX_ERROR_LABEL_LENGTH = 200;

/** Keeps the start of an over-long text, saying how long it was. */
function cutShort(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}… (${text.length} characters, cut short)`;
}

/**
 * Serialises a thrown value as Backstage stores `lastRunError`: JSON with `name` and `message`
 * (plus `code` when present), never the stack. Over-long parts are cut short.
 */
export function serializeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return JSON.stringify({
      name: cutShort(error.name || 'Error', MAX_ERROR_LABEL_LENGTH),
      message: cutShort(error.message || '<no reason given>', MAX_ERROR_MESSAGE_LENGTH),
      ...(typeof code === 'number' ? { code } : typeof code === 'string' ? { code: cutShort(code, MAX_ERROR_LABEL_LENGTH) } : {}),
    });
  }
  return JSON.stringify({ name: 'Unknown', message: cutShort(describeThrownValue(error) || '<no reason given>', MAX_ERROR_MESSAGE_LENGTH) });
}

/** A thrown value as text; one without a string form (`Object.create(null)`) must not throw here, or its run never ends. */
function describeThrownValue(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '<a thrown value that has no string form>';
  }
}

/** Serialises an error from its name and message, for failures the scheduler itself records. */
export function serializeNamedError(name: string, message: string): string {
  return JSON.stringify({ name, message });
}
