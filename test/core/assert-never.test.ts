import { describe, expect, it } from 'vitest';
import { assertNever } from '../../src/core/assert-never.ts';

describe('assertNever', () => {
  it('throws, naming the value no case handled', () => {
    const act = () => assertNever({ type: 'pauseRun' } as never);

    expect(act).toThrow('Unexpected value {"type":"pauseRun"}');
  });
});
