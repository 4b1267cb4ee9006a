// The HTTP endpoint the bench's handler tasks call: it notes when each request arrives and
// answers 204 at once.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Listens on 127.0.0.1. Each hit records the scheduler's headers, `at` (performance.now()) and
 * `wallAt` (epoch milliseconds with a fraction), taken when the request's headers are parsed.
 */
export async function startHandlerServer() {
  const listeners = new Set();
  const server = createServer((req, res) => {
    const at = performance.now();
    const hit = {
      at,
      wallAt: performance.timeOrigin + at,
      path: req.url,
      pluginId: req.headers['x-scheduler-plugin'],
      taskId: req.headers['x-scheduler-task'],
      ticket: req.headers['x-scheduler-run'],
      scheduledFor: Date.parse(req.headers['x-scheduler-scheduled-for']),
    };
    for (const listener of listeners) listener(hit);
    req.resume();
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    /** Calls `listener(hit)` for every request until the returned function is called. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The next hit that `matches`, or a rejection after `timeoutMs`. */
    waitFor(matches, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no handler request within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (hit) => {
          if (!matches(hit)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(hit);
        };
        listeners.add(listener);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
