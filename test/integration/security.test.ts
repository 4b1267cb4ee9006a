import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/app.ts';
import { expectBackstageErrorBody } from '../support/backstage-error-body.ts';
import { captureConsole } from '../support/console-capture.ts';
import { listAppRoutes } from '../support/app-routes.ts';
import { apiBase, callApi, jsonOf, postTaskAction, putTask, readRow } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { readSchedulerState } from '../support/stored-state.ts';

sharedTestClock.freeze(FAR_FUTURE);

/** Routes anyone may read: the dashboard's shell, script and styles, the OpenAPI document and the health check. */
const PUBLIC_ROUTES = ['GET /', 'GET /dashboard.css', 'GET /dashboard.js', 'GET /openapi.json', 'GET /.backstage/scheduler/v1/health'];
const SECRETS = ['test-token-1', 'test-token-2', 'test-signing-secret', 'handler-secret-9q'];
const ROUTES = listAppRoutes();
const GUARDED = ROUTES.filter((route) => !PUBLIC_ROUTES.includes(`${route.method} ${route.path}`));
/** `[name, route]` pairs, so each test's name shows its route in full. */
const NAMED_ROUTES = ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const);
const NAMED_GUARDED = NAMED_ROUTES.filter(([, route]) => GUARDED.includes(route));

/** Names no public answer may contain: a plugin, a task and a handler path that only the API knows. */
const PRIVATE_PLUGIN = 'private-7f3a';
const PRIVATE_TASK = 'payroll-export-7f3a';
const privateTask = {
  frequency: { trigger: 'manual' },
  timeout: { minutes: 1 },
  handler: { url: 'https://handler.test/hang?export=payroll-7f3a', headers: { Authorization: 'Bearer handler-secret-9q' } },
};

/** A route's path with its parameters filled in with the private task. */
function concrete(path: string): string {
  return path.replace(':pluginId', PRIVATE_PLUGIN).replace(':taskId', PRIVATE_TASK);
}

/** A request a client would send to the route, with the body a PUT needs. */
function requestTo(route: { method: string; path: string }, headers: Record<string, string> = {}): Request {
  const hasBody = route.method === 'PUT';
  return new Request(`http://scheduler.test${concrete(route.path)}`, {
    method: route.method,
    headers: { ...(hasBody && { 'Content-Type': 'application/json' }), ...headers },
    body: hasBody ? JSON.stringify({ ...privateTask, frequency: { minutes: 1 } }) : undefined,
  });
}

/** Waits until a handler run has ended; the handler is another Worker, so real I/O is involved. */
async function untilIdle(pluginId: string, taskId: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await readRow(pluginId, taskId))?.run === null) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`The run of ${taskId} did not end`);
}

describe('authentication', () => {
  it('leaves only the public routes open among every route the app registers', () => {
    const registered = ROUTES.map((route) => `${route.method} ${route.path}`);

    const open = registered.filter((route) => !GUARDED.some((guarded) => `${guarded.method} ${guarded.path}` === route));

    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
    expect(GUARDED.length).toBeGreaterThanOrEqual(11);
  });

  it.each(NAMED_GUARDED)('refuses %s without a token, and changes nothing', async (_name, route) => {
    await putTask(PRIVATE_PLUGIN, PRIVATE_TASK, privateTask);
    const before = await readSchedulerState([PRIVATE_PLUGIN]);
    const request = requestTo(route);

    const response = await SELF.fetch(request.clone());

    expect(response.status).toBe(401);
    await expectBackstageErrorBody(response, request);
    expect(await readSchedulerState([PRIVATE_PLUGIN])).toEqual(before);
  });

  it.each(NAMED_GUARDED)('refuses %s with any near miss of a valid token', async (_name, route) => {
    const nearMisses = [
      'Bearer test-token-', 'Bearer test-token-1x', 'Bearer test-token-3', 'Bearer xest-token-1', 'Bearer TEST-TOKEN-1',
      'Bearer test-token-1,test-token-2', 'Basic test-token-1', 'test-token-1', 'Bearer', `Bearer ${'test-token-1'.repeat(1_000)}`,
    ];

    const statuses = await Promise.all(nearMisses.map(async (authorization) => (await SELF.fetch(requestTo(route, { Authorization: authorization }))).status));

    expect(statuses).toEqual(nearMisses.map(() => 401));
  });

  it('refuses HEAD of every guarded GET route without a token', async () => {
    const gets = GUARDED.filter((route) => route.method === 'GET');

    const statuses = await Promise.all(gets.map(async (route) => (await SELF.fetch(`http://scheduler.test${concrete(route.path)}`, { method: 'HEAD' })).status));

    expect(statuses).toEqual(gets.map(() => 401));
  });

  it('gives the same answer to every wrong token, however much of a real one it matches', async () => {
    const wrong = ['Bearer x', 'Bearer test-token-', 'Bearer test-token-3', `Bearer ${'x'.repeat(12)}`];

    const bodies = await Promise.all(wrong.map(async (authorization) => (await callApi(`${apiBase(PRIVATE_PLUGIN)}/tasks`, { headers: { Authorization: authorization } })).text()));

    expect(new Set(bodies).size).toBe(1);
  });

  it.each(PUBLIC_ROUTES)('serves %s without a token, showing no task data', async (route) => {
    await putTask(PRIVATE_PLUGIN, PRIVATE_TASK, privateTask);
    await postTaskAction(PRIVATE_PLUGIN, PRIVATE_TASK, 'trigger');

    const response = await SELF.fetch(`http://scheduler.test${route.split(' ')[1]}`);

    const text = await response.text();
    expect(response.status).toBe(200);
    for (const secret of [PRIVATE_PLUGIN, PRIVATE_TASK, 'payroll-7f3a', ...SECRETS]) expect(text).not.toContain(secret);
  });

  it.each([
    `/%61pi/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks`,
    `/API/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks`,
    `//api/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks`,
    `/api//${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks`,
    `/api/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks/`,
    `/api/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks?x=/dashboard.js`,
    `/dashboard.js/../api/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/tasks`,
    `/dashboard.js/..%2Fapi%2F${PRIVATE_PLUGIN}%2F.backstage%2Fscheduler%2Fv1%2Ftasks`,
    `/api/${PRIVATE_PLUGIN}/.backstage/scheduler/v1/%74asks`,
    `/.backstage/scheduler/v1/health/../plugins`,
    `/.backstage/scheduler/v1/%70lugins`,
    `/.backstage/scheduler/v1/health%2F..%2Fplugins`,
  ])('does not show task data to %s without a token', async (path) => {
    await putTask(PRIVATE_PLUGIN, PRIVATE_TASK, privateTask);

    const response = await SELF.fetch(`http://scheduler.test${path}`);

    const text = await response.text();
    expect([401, 404]).toContain(response.status);
    expect(text).not.toContain(PRIVATE_TASK);
    expect(text).not.toContain('apiTaskCount');
  });
});

describe('tokens and secrets', () => {
  /** Requests that succeed, fail, and fail in odd ways, each carrying a token or a secret somewhere. */
  async function sendRequestsThatCarrySecrets(): Promise<string[]> {
    await putTask('leaky', 'failing', { ...privateTask, handler: { ...privateTask.handler, url: 'https://handler.test/fail' } });
    await postTaskAction('leaky', 'failing', 'trigger');
    await untilIdle('leaky', 'failing');
    const requests: Array<[string, RequestInit]> = [
      [`${apiBase('leaky')}/tasks`, {}],
      [`${apiBase('leaky')}/tasks/failing`, {}],
      [`${apiBase('leaky')}/tasks/failing/runs`, {}],
      [`${apiBase('leaky')}/tasks/failing/cancel`, { method: 'POST' }],
      [`${apiBase('leaky')}/tasks/failing`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"frequency": ' }],
      [`${apiBase('leaky')}/tasks/failing`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(MAX_BODY_BYTES + 1) }],
      [`${apiBase('leaky')}/tasks`, { headers: { Authorization: 'Bearer test-token-1x' } }],
      [`${apiBase('leaky')}/tasks`, { headers: { Authorization: 'Basic test-token-2' } }],
      [`${apiBase('leaky')}/tasks`, { headers: { Authorization: 'Bearer test-token-1,test-token-2' } }],
      ['/no/such/route', {}],
    ];
    return Promise.all(requests.map(async ([path, init]) => {
      const response = await callApi(path, init);
      return `${JSON.stringify([...response.headers])} ${await response.text()}`;
    }));
  }

  it('never appear in a log line, after requests and runs that succeed and fail', async () => {
    const captured = captureConsole();

    await sendRequestsThatCarrySecrets();

    captured.restore();
    expect(captured.lines.some((line) => line.includes('Task run failed'))).toBe(true);
    for (const secret of SECRETS) expect(captured.lines.filter((line) => line.includes(secret))).toEqual([]);
  });

  it('never appear in an answer, success or error', async () => {
    const answers = await sendRequestsThatCarrySecrets();

    expect(answers.some((answer) => answer.includes('"statusCode":401'))).toBe(true);
    for (const secret of SECRETS) expect(answers.filter((answer) => answer.includes(secret))).toEqual([]);
  });
});

describe('the outbound host policy', () => {
  it.each([
    'http://127.0.0.1.evil.example/',
    'https://handler.test.evil.example/',
    'https://handler.test@evil.example/',
    'https://handler.test:443@evil.example/',
    'https://evil.example\\@handler.test/',
    'https://evil.example#@handler.test/',
    'https://handler.test%2eevil.example/',
    'https://handler.test./ok',
    'https://HANDLER.TEST.EVIL.EXAMPLE/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://127.0.0.1/',
    'http://2130706433/',
    'https://allowed.test/',
    'https://evilallowed.test/',
    'https://a.allowed.test.evil.example/',
  ])('refuses a handler at %s with 400 naming handler.url', async (url) => {
    const response = await putTask('outbound', 'refused', { ...privateTask, handler: { url } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(/^handler\.url /);
    expect(await readRow('outbound', 'refused')).toBeUndefined();
  });

  it.each(['https://HANDLER.TEST/ok', 'https://Deep.Sub.Allowed.Test/ok', 'http://handler.test:8443/ok'])('accepts a handler at %s, whose host is allowed', async (url) => {
    const response = await putTask('outbound', 'accepted', { ...privateTask, handler: { url } });

    expect(response.status).toBeLessThan(300);
  });

  it.each(['PLUGIN_SCHEDULER', 'PLUGIN_INDEX', 'SCHEDULER_API_TOKENS', 'SCHEDULER_VERSION'])('refuses the binding %s as a service handler', async (service) => {
    const response = await putTask('outbound', 'own-binding', { ...privateTask, handler: { service, path: '/' } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toContain(service);
  });
});

describe('the body size limit', () => {
  /** A valid task definition padded to exactly `bytes` bytes of JSON. */
  function definitionOf(bytes: number): string {
    const empty = JSON.stringify({ ...privateTask, handler: { url: 'https://handler.test/hang', body: '' } });
    return empty.replace('"body":""', `"body":"${'x'.repeat(bytes - empty.length)}"`);
  }

  /** A body sent as a stream of 4 KiB chunks, so it has no Content-Length. */
  function streamOf(text: string): ReadableStream<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    return new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 4_096) controller.enqueue(bytes.slice(at, at + 4_096));
        controller.close();
      },
    });
  }

  async function putBody(taskId: string, body: BodyInit): Promise<Response> {
    return callApi(`${apiBase('limits')}/tasks/${taskId}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
  }

  it('accepts a definition of exactly 64 KiB', async () => {
    const response = await putBody('at-limit', definitionOf(MAX_BODY_BYTES));

    expect(response.status).toBe(201);
  });

  it('refuses a definition one byte over 64 KiB with 413, and stores nothing', async () => {
    const response = await putBody('over-limit', definitionOf(MAX_BODY_BYTES + 1));

    expect(response.status).toBe(413);
    expect((await jsonOf(response)).error.name).toBe('PayloadTooLargeError');
    expect(await readRow('limits', 'over-limit')).toBeUndefined();
  });

  it('accepts a streamed definition of exactly 64 KiB, sent without Content-Length', async () => {
    const response = await putBody('streamed-at-limit', streamOf(definitionOf(MAX_BODY_BYTES)));

    expect(response.status).toBe(201);
  });

  it('refuses a streamed definition over 64 KiB, sent without Content-Length, with 413, and stores nothing', async () => {
    const response = await putBody('streamed-over-limit', streamOf(definitionOf(MAX_BODY_BYTES + 1)));

    expect(response.status).toBe(413);
    expect(await readRow('limits', 'streamed-over-limit')).toBeUndefined();
  });

  it('refuses a streamed megabyte on a route that takes no body with 413, and starts no run', async () => {
    await putTask('limits', 'manual', privateTask);

    const response = await callApi(`${apiBase('limits')}/tasks/manual/trigger`, { method: 'POST', body: streamOf('x'.repeat(1_048_576)) });

    expect(response.status).toBe(413);
    expect((await readRow('limits', 'manual'))?.run).toBeNull();
  });
});

describe('CORS', () => {
  // Closed on every route, the public OpenAPI document included: no other origin may read an answer.
  const accessControlHeaders = (response: Response) => [...response.headers].filter(([name]) => name.startsWith('access-control-'));

  it.each(NAMED_ROUTES)('answers a cross-origin %s with no Access-Control header', async (_name, route) => {
    await putTask(PRIVATE_PLUGIN, PRIVATE_TASK, privateTask);

    const response = await SELF.fetch(requestTo(route, { Authorization: 'Bearer test-token-1', Origin: 'https://evil.example' }));

    expect(accessControlHeaders(response)).toEqual([]);
    expect(response.status).toBeLessThan(500);
  });

  it.each(NAMED_ROUTES)('answers a preflight for %s with no Access-Control header', async (_name, route) => {
    const response = await SELF.fetch(`http://scheduler.test${concrete(route.path)}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': route.method, 'Access-Control-Request-Headers': 'authorization, content-type' },
    });

    expect(accessControlHeaders(response)).toEqual([]);
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});
