import { timingSafeEqual } from 'hono/utils/buffer';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { createFakeSchedulerApi } from '../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../support/fake-scheduler-directory.ts';

// Hono's timingSafeEqual hashes both strings with SHA-256 and compares the digests without an
// early exit. What can be observed is that every configured token goes through it, every time.
// The time itself is not measured: differences of microseconds drown in a shared machine's noise.
vi.mock('hono/utils/buffer', async (importOriginal) => {
  const original = await importOriginal<typeof import('hono/utils/buffer')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const TASKS_PATH = '/api/catalog/.backstage/scheduler/v1/tasks';
const THREE_TOKENS = { SCHEDULER_API_TOKENS: 'token-a,token-b,token-c' };

function requestWith(token: string) {
  const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
  return app.request(TASKS_PATH, { headers: { Authorization: `Bearer ${token}` } }, THREE_TOKENS);
}

describe('requireApiToken', () => {
  beforeEach(() => vi.mocked(timingSafeEqual).mockClear());

  it('compares the presented token with every configured token, though the first matches', async () => {
    const res = await requestWith('token-a');

    expect(res.status).toBe(200);
    expect(vi.mocked(timingSafeEqual).mock.calls).toEqual([
      ['token-a', 'token-a'],
      ['token-b', 'token-a'],
      ['token-c', 'token-a'],
    ]);
  });

  it('compares a wrong token with every configured token as well', async () => {
    const res = await requestWith('token-x');

    expect(res.status).toBe(401);
    expect(vi.mocked(timingSafeEqual)).toHaveBeenCalledTimes(3);
  });

  it('compares only through the constant-time function, never with ===', async () => {
    vi.mocked(timingSafeEqual).mockResolvedValueOnce(false).mockResolvedValueOnce(false).mockResolvedValueOnce(false);

    const res = await requestWith('token-a');

    expect(res.status).toBe(401);
  });
});
