// A keep-alive HTTP client for the scheduler's REST API, timing each request from the moment it
// is handed to the socket.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Calls `base` with the bearer token (none if `token` is null); every answer carries `sentAt` and
 * `doneAt` (performance.now()).
 */
export function createApiClient(base, token, { maxSockets = 64, timeoutMs = 120_000 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(base);

  const send = (method, path, payload) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            ...(token !== null && { Authorization: `Bearer ${token}` }),
            ...(payload && { 'Content-Type': 'application/json', 'Content-Length': payload.length }),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const doneAt = performance.now();
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode, text, json: () => JSON.parse(text), sentAt, doneAt, ms: doneAt - sentAt });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => {
        error.reusedSocket = req.reusedSocket;
        reject(error);
      });
      // A request that hangs fails the run rather than stalling it for ever.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path} got no answer within ${timeoutMs} ms`)));
      const sentAt = performance.now();
      req.end(payload);
    });

  /**
   * Sends once more when a kept-alive socket turns out to have been closed by the server just as
   * the request went out (Node's documented keep-alive race): the server never saw that request.
   */
  const call = async (method, path, body) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    try {
      return await send(method, path, payload);
    } catch (error) {
      if (!error.reusedSocket || !['ECONNRESET', 'EPIPE'].includes(error.code)) throw error;
      return send(method, path, payload);
    }
  };

  /** Calls and throws unless the status is one of `ok`. */
  const expect = async (ok, method, path, body) => {
    const response = await call(method, path, body);
    if (!ok.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
    }
    return response;
  };

  return { call, expect, close: () => agent.destroy() };
}

/** The REST base of a plugin. */
export function pluginApi(pluginId) {
  return `/api/${pluginId}/.backstage/scheduler/v1`;
}

/** Runs `fn` over `items` with at most `concurrency` in flight; resolves with the results in order. */
export async function mapConcurrently(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
