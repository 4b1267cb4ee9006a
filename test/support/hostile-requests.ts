import fc from 'fast-check';
import { listAppRoutes } from './app-routes.ts';
import { hostileBody } from './hostile-bodies.ts';
import { API_TOKEN } from './scheduler-harness.ts';

/** A request as fast-check generates it, before it becomes a `Request`. */
export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** Sent as a stream, so without Content-Length (chunked). */
  isStreamed: boolean;
}

/** `encodeURIComponent`, or the raw string when it holds a lone surrogate that cannot be encoded. */
function tryEncode(segment: string): string {
  try {
    return encodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Ids that break naive code: traversal, separators, NUL, direction overrides, prototype names, lengths. */
const hostileId = fc.oneof(
  fc.constantFrom(
    '..', '.', '', ' ', '%', '\u0000', 'a\u0000b', '\u202e', '\ufeff', 'a/b', '../../x', 'a\\b', '?', '#', '%2F', '%00',
    'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', "'; DROP TABLE tasks; --", '*', 'manual ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 195, max: 5_000 }).map((length) => 'x'.repeat(length)),
);

/** A path segment carrying an id: encoded, raw, double-encoded, or malformed percent-encoding. */
function segment(knownIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...knownIds).map(tryEncode), weight: 3 },
    { arbitrary: hostileId.map(tryEncode), weight: 3 },
    hostileId,
    hostileId.map((id) => tryEncode(tryEncode(id))),
    fc.constantFrom('%ZZ', '%', '%E0%A4', '%C0%AF', '%FF', '%00', '%2e%2e', '%2E', 'a%2Fb', '%252F', '%u0041', 'a%2', '%%'),
  );
}

/** A path below the app: a known route with its parameters filled in with hostile values, or junk. */
function path(pluginIds: readonly string[], taskIds: readonly string[]): fc.Arbitrary<{ method: string; path: string }> {
  const routes = listAppRoutes();
  // Routes without parameters have little to fuzz, and the plugin list wakes every plugin: pick them less.
  const route = fc.oneof(
    { arbitrary: fc.constantFrom(...routes.filter((candidate) => candidate.path.includes(':'))), weight: 6 },
    fc.constantFrom(...routes.filter((candidate) => !candidate.path.includes(':'))),
  );
  const filled = fc
    .tuple(route, segment(pluginIds), segment(taskIds))
    .map(([route, plugin, task]) => ({
      method: route.method,
      // Replacer functions, so a `$&` in a hostile id is not read as a replacement pattern.
      path: route.path.replace(':pluginId', () => plugin).replace(':taskId', () => task),
    }));
  const junk = fc
    .array(fc.oneof(segment(taskIds), fc.constantFrom('api', '.backstage', 'scheduler', 'v1', 'tasks', '..', '')), { maxLength: 8 })
    .map((segments) => ({ method: 'GET', path: `/${segments.join('/')}` }));
  return fc.oneof({ arbitrary: filled, weight: 5 }, junk);
}

const query = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  fc.constantFrom(
    '?limit=0', '?limit=-1', '?limit=1e3', '?limit=NaN', '?limit=Infinity', '?limit=99999999999999999999', '?limit=1&limit=2',
    '?limit=5', '?count=101', '?count=0x10', '?count=%ZZ', '?count=3', '?__proto__=1', '?constructor[prototype][polluted]=1',
    '?limit', '?=', '?&&', '?limit=%00',
  ),
  fc.string({ maxLength: 20 }).map((text) => `?${tryEncode(text)}`),
);

/**
 * Methods workerd's fetch can send: the route's own mostly, else any other it knows (it refuses
 * unknown tokens, and fetch refuses CONNECT, TRACE and TRACK), in any letter case.
 */
function method(routeMethod: string): fc.Arbitrary<string> {
  const known = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PURGE', 'COPY', 'LOCK', 'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'ACL', 'REPORT', 'MERGE', 'NOTIFY', 'SUBSCRIBE'];
  return fc.oneof(
    { arbitrary: fc.constant(routeMethod), weight: 4 },
    fc.constantFrom(...known),
    fc.constantFrom(...known).map((name) => name.toLowerCase()),
  );
}

/** Header values fetch sends unchanged: printable ASCII. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });

const authorization = fc.oneof(
  { arbitrary: fc.constant(`Bearer ${API_TOKEN}`), weight: 8 },
  fc.constantFrom(
    undefined, '', 'Bearer', 'Bearer ', `bearer ${API_TOKEN}`, `BEARER   ${API_TOKEN}`, `Bearer ${API_TOKEN} extra`,
    `Bearer ${API_TOKEN},test-token-2`, `Basic ${btoa(`user:${API_TOKEN}`)}`, `Token ${API_TOKEN}`, 'Bearer test-token',
    'Bearer test-token-10', `Bearer ${API_TOKEN.toUpperCase()}`, `Bearer ${API_TOKEN}\u00e9`, `Bearer ${'x'.repeat(10_000)}`,
    `Bearer\t${API_TOKEN}`, 'Bearer test-token-1,test-token-2', 'Bearer null', 'Bearer undefined',
  ),
  headerText,
);

const contentType = fc.constantFrom(
  undefined, 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16',
  'application/jsonx', '', ';;;', 'application/json, text/plain',
);

const otherHeaders = fc.record(
  {
    Origin: fc.constantFrom('https://evil.example', 'null'),
    'X-HTTP-Method-Override': fc.constantFrom('DELETE', 'PUT'),
    'Content-Encoding': fc.constantFrom('gzip', 'br'),
    Accept: fc.constantFrom('*/*', 'text/html', 'application/xml'),
    'X-Forwarded-For': headerText,
    Cookie: headerText,
  },
  { requiredKeys: [] },
);

/**
 * Random requests against every route of the app: methods, paths, percent-encodings, hostile
 * ids, odd Authorization forms, content types and bodies. Most carry a valid token, so most
 * reach the routes rather than stopping at authentication.
 */
export function hostileRequest(pluginIds: readonly string[], taskIds: readonly string[]): fc.Arbitrary<HostileRequest> {
  return path(pluginIds, taskIds).chain((route) =>
    fc.record({
      method: method(route.method),
      path: query.map((search) => route.path + search),
      auth: authorization,
      type: contentType,
      others: otherHeaders,
      body: hostileBody,
      isStreamed: fc.boolean(),
    }).map(({ method: name, path: url, auth, type, others, body, isStreamed }) => {
      const headers: Record<string, string> = { ...others };
      if (auth !== undefined) headers['Authorization'] = auth;
      if (type !== undefined) headers['Content-Type'] = type;
      const canHaveBody = !['GET', 'HEAD'].includes(name.toUpperCase());
      return { method: name, path: url, headers, body: canHaveBody ? body : undefined, isStreamed };
    }),
  );
}

/** Task definitions sent the way a client means them (PUT, a valid token, JSON), with hostile bodies and ids. */
export function hostileDefinition(pluginIds: readonly string[], taskIds: readonly string[]): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      plugin: fc.oneof({ arbitrary: fc.constantFrom(...pluginIds).map(tryEncode), weight: 4 }, segment(pluginIds)),
      task: segment(taskIds),
      type: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 6 }, contentType),
      body: hostileBody,
      isStreamed: fc.boolean(),
    })
    .map(({ plugin, task, type, body, isStreamed }) => ({
      method: 'PUT',
      path: `/api/${plugin}/.backstage/scheduler/v1/tasks/${task}`,
      headers: { Authorization: `Bearer ${API_TOKEN}`, ...(type !== undefined && { 'Content-Type': type }) },
      body,
      isStreamed,
    }));
}

/** Builds the fetch `Request` for a generated request, to the test Worker's host. */
export function toRequest(request: HostileRequest): Request {
  let body: BodyInit | undefined = request.body;
  if (request.body !== undefined && request.isStreamed) {
    const bytes = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
    body = new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16_384) controller.enqueue(bytes.slice(at, at + 16_384));
        controller.close();
      },
    });
  }
  return new Request(`http://scheduler.test${request.path}`, { method: request.method, headers: request.headers, body });
}
