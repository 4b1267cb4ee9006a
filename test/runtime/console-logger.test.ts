import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from '../../src/runtime/console-logger.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createConsoleLogger', () => {
  it('writes one JSON line with the level, the message and the fields', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const logger = createConsoleLogger({ plugin: 'catalog' });

    logger.info('Task started', { taskId: 'refresh' });

    expect(log).toHaveBeenCalledExactlyOnceWith('{"level":"info","message":"Task started","plugin":"catalog","taskId":"refresh"}');
  });

  it('writes errors to console.error', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});

    createConsoleLogger().error('Task failed');

    expect(error).toHaveBeenCalledExactlyOnceWith('{"level":"error","message":"Task failed"}');
  });

  it('writes warnings to console.warn', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    createConsoleLogger().warn('Task is late');

    expect(warn).toHaveBeenCalledExactlyOnceWith('{"level":"warn","message":"Task is late"}');
  });

  it('gives a child logger its parent fields as well as its own', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const child = createConsoleLogger({ plugin: 'catalog' }).child({ taskId: 'refresh' });

    child.debug('Task claimed');

    expect(log).toHaveBeenCalledExactlyOnceWith('{"level":"debug","message":"Task claimed","plugin":"catalog","taskId":"refresh"}');
  });
});
