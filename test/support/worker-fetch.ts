import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../integration/worker.ts';
import { API_TOKEN } from './scheduler-harness.ts';

/**
 * Hands a request to the test Worker's fetch handler in this isolate, as the pool's docs show
 * for unit-style tests. `SELF.fetch` goes through the pool's loopback, whose cost per request
 * grows with the requests already made in the file (200 requests took 2 s, the next 200 took
 * 9 s and the 200 after that 25 s, even to a static route), so tests that send hundreds of
 * requests come this way. The Worker, its objects and their RPC are the same.
 */
export async function fetchWorker(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  // The handler's type wants an incoming request's `cf` properties, which a test request does not have.
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** `fetchWorker` with the harness's token, like `callApi`. */
export function callWorker(path: string, init: RequestInit = {}): Promise<Response> {
  return fetchWorker(
    new Request(`http://scheduler.test${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${API_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
    }),
  );
}
