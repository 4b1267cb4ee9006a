import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { isSameDigest, sha256Of } from '../../src/http/constant-time.ts';
import { createFakeSchedulerApi } from '../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../support/fake-scheduler-directory.ts';

// The presented token's SHA-256 is compared with each configured token's without an early exit.
// What can be observed is that every configured token goes through that comparison, every time.
// The time itself is not measured: differences of microseconds drown in a shared machine's noise.
vi.mock('../../src/http/constant-time.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/constant-time.ts')>();
  return { ...original, isSameDigest: vi.fn(original.isSameDigest) };
});

const TASKS_PATH = '/api/catalog/.backstage/scheduler/v1/tasks';
const THREE_TOKENS = { SCHEDULER_API_TOKENS: 'token-a,token-b,token-c' };

function requestWith(token: string) {
  const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
  return app.request(TASKS_PATH, { headers: { Authorization: `Bearer ${token}` } }, THREE_TOKENS);
}

describe('requireApiToken', () => {
  // Braces: a function returned by beforeEach would be run as a cleanup hook.
  beforeEach(() => {
    vi.mocked(isSameDigest).mockClear();
  });

  it("compares the presented token's digest with every configured token's, though the first matches", async () => {
    const res = await requestWith('token-a');

    expect(res.status).toBe(200);
    const presented = await sha256Of('token-a');
    expect(vi.mocked(isSameDigest).mock.calls).toEqual([
      [await sha256Of('token-a'), presented],
      [await sha256Of('token-b'), presented],
      [await sha256Of('token-c'), presented],
    ]);
  });

  it('compares a wrong token with every configured token as well', async () => {
    const res = await requestWith('token-x');

    expect(res.status).toBe(401);
    expect(vi.mocked(isSameDigest)).toHaveBeenCalledTimes(3);
  });

  it('compares only through the constant-time function, never with ===', async () => {
    vi.mocked(isSameDigest).mockReturnValueOnce(false).mockReturnValueOnce(false).mockReturnValueOnce(false);

    const res = await requestWith('token-a');

    expect(res.status).toBe(401);
  });
});

describe('isSameDigest', () => {
  it('tells equal digests from digests that differ in any one byte, or in length', async () => {
    const digest = await sha256Of('token-a');
    expect(isSameDigest(digest, await sha256Of('token-a'))).toBe(true);
    for (let index = 0; index < digest.length; index++) {
      const changed = digest.slice();
      changed[index]! ^= 1;
      expect(isSameDigest(digest, changed)).toBe(false);
    }
    expect(isSameDigest(digest, digest.slice(0, 31))).toBe(false);
    expect(isSameDigest(digest.slice(0, 31), digest)).toBe(false);
  });
});
