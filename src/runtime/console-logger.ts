import type { Logger } from '../core/logger.ts';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** A logger that writes one JSON line per message to the console, which every runtime has. */
export function createConsoleLogger(fields: Record<string, unknown> = {}): Logger {
  const write = (level: Level) => (message: string, extra?: Record<string, unknown>) => {
    const line = JSON.stringify({ level, message, ...fields, ...extra });
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.log(line);
  };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: (more) => createConsoleLogger({ ...fields, ...more }),
  };
}
