import type { Logger } from '../../src/core/logger.ts';

/** One message a recording logger received, with its level and all its fields. */
export interface LoggedMessage {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, children included, for tests to assert on. */
export interface RecordingLogger extends Logger {
  readonly messages: LoggedMessage[];
}

/** Creates a logger whose messages, and its children's, land in one list. */
export function aRecordingLogger(messages: LoggedMessage[] = [], fields: Record<string, unknown> = {}): RecordingLogger {
  const record = (level: LoggedMessage['level']) => (message: string, extra?: Record<string, unknown>) =>
    void messages.push({ level, message, fields: { ...fields, ...extra } });
  return {
    messages,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: (more) => aRecordingLogger(messages, { ...fields, ...more }),
  };
}
