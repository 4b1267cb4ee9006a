import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../../src/core/task-status.ts';
import { createApp } from '../../../src/http/app.ts';
import { Hono } from 'hono';
import { buildOpenApiDocument, toOpenApiPath } from '../../../src/http/openapi/openapi-document.ts';
import { describeRoute } from '../../../src/http/openapi/route-description.ts';
import { runsQuerySchema, taskInputSchema, taskPathSchema } from '../../../src/http/schemas.ts';
import { validated } from '../../../src/http/validation.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components: { schemas: Record<string, object> };
};

const DOCUMENT_ID = 'https://scheduler.test/openapi.json';

const running: TaskSnapshot = {
  taskId: 'refresh',
  scope: 'global',
  settings: { version: 2, cadence: '*/15 * * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT1M' },
  taskState: { status: 'running', startedAt: Date.UTC(2025, 0, 15, 12), timesOutAt: Date.UTC(2025, 0, 15, 12, 1), lastRunEndedAt: Date.UTC(2025, 0, 15, 11, 45), lastRunError: '{"name":"Error","message":"boom"}' },
  workerState: { status: 'running' },
  source: 'api',
  handler: { url: 'https://handler.example/run', method: 'POST', headers: { Authorization: 'Bearer secret' } },
};

function anApp() {
  const scheduler = createFakeSchedulerApi([running]);
  scheduler.listRuns = async () => ({
    ok: true,
    value: [{ taskId: 'refresh', ticket: 't-1', cause: 'schedule', scheduledFor: Date.UTC(2025, 0, 15, 11, 45), startedAt: Date.UTC(2025, 0, 15, 11, 45, 1), endedAt: Date.UTC(2025, 0, 15, 11, 45, 3), outcome: 'failed', error: '{"name":"Error","message":"boom"}' }],
  });
  scheduler.previewRuns = async () => ({ ok: true, value: { times: [Date.UTC(2025, 0, 15, 12, 15)], timeZone: 'Europe/Berlin' } });
  return createApp(createFakeDirectory({ catalog: scheduler }));
}

const document = buildOpenApiDocument(anApp().routes) as unknown as Document;

/** Validates a body against the schema the document gives for an operation's answer. */
function validateAgainstDocument(path: string, method: string, status: number, body: unknown): string[] {
  const schema = document.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return [`the document has no JSON answer ${status} for ${method.toUpperCase()} ${path}`];
  // date-time values are also checked by the pattern zod writes beside the format.
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
  const validate = ajv.compile({ $id: `${DOCUMENT_ID}/answer`, ...schema, $ref: `${DOCUMENT_ID}${(schema as { $ref: string }).$ref}` });
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('leaves no field of a JSON body or answer undescribed (an empty schema), durations and instants included', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      // A page, a script, a stylesheet or the document itself: not described field by field.
      const isWholeFile = /\.content\.[^.]+$/.test(path);
      if (!Array.isArray(node) && Object.keys(node).length === 0 && !isWholeFile) undescribed.push(path);
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
    };

    walk(document, '');

    expect(undescribed).toEqual([]);
    expect(JSON.stringify(document)).toContain('"cadences"');
  });

  it('documents every operation the app registers, from the routes themselves', () => {
    const registered = new Set(
      anApp()
        .routes.filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`),
    );

    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)));

    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('refuses to build for a route declared without describeRoute, naming it', () => {
    const app = new Hono();
    app.get('/described', describeRoute({ operationId: 'described', tag: 'Service', summary: 'Described', responses: { 200: { description: 'OK' } } }), (c) => c.body(null));
    app.get('/undescribed', (c) => c.body(null));

    expect(() => buildOpenApiDocument(app.routes)).toThrow('Route GET /undescribed has 0 descriptions; declare it with exactly one describeRoute(...)');
  });

  it('takes the path, query and body schemas from the validators of each route', () => {
    const app = new Hono();
    const description = { operationId: 'putThing', tag: 'Management', summary: 'Puts a thing', responses: { 200: { description: 'OK' } } } as const;
    app.put('/api/:pluginId/.backstage/scheduler/v1/tasks/:taskId', describeRoute(description), validated('param', taskPathSchema), validated('query', runsQuerySchema), validated('json', taskInputSchema), (c) => c.body(null));

    const operation = (buildOpenApiDocument(app.routes) as unknown as Document).paths['/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}']!['put'] as unknown as {
      parameters: Array<{ name: string; in: string }>;
      requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
    };

    expect(operation.parameters.map(({ name, in: location }) => `${location} ${name}`)).toEqual(['path pluginId', 'path taskId', 'query limit']);
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/TaskInput');
  });

  it('resolves every reference to a component', () => {
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);

    const missing = references.filter((name) => !(name in document.components.schemas));

    expect(references.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('marks the health check, the document and the dashboard public, and everything else as needing the token', () => {
    const publicOperations = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => Array.isArray(operation.security) && operation.security.length === 0)
        .map(([method]) => `${method} ${path}`),
    );

    expect(publicOperations.sort()).toEqual(
      ['get /', 'get /.backstage/scheduler/v1/health', 'get /dashboard.css', 'get /dashboard.js', 'get /openapi.json'].sort(),
    );
  });

  it.each([
    ['get', '/api/catalog/.backstage/scheduler/v1/tasks', '/api/{pluginId}/.backstage/scheduler/v1/tasks'],
    ['get', '/api/catalog/.backstage/scheduler/v1/tasks/refresh', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}'],
    ['post', '/api/catalog/.backstage/scheduler/v1/tasks/refresh/pause', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/pause'],
    ['get', '/api/catalog/.backstage/scheduler/v1/tasks/refresh/runs', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/runs'],
    ['get', '/api/catalog/.backstage/scheduler/v1/tasks/refresh/next', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/next'],
    ['get', '/.backstage/scheduler/v1/plugins', '/.backstage/scheduler/v1/plugins'],
    ['get', '/.backstage/scheduler/v1/health', '/.backstage/scheduler/v1/health'],
    ['post', '/api/catalog/.backstage/scheduler/v1/tasks/refresh/trigger', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/trigger'],
    ['post', '/api/catalog/.backstage/scheduler/v1/tasks/missing/cancel', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/cancel'],
    ['get', '/api/catalog/.backstage/scheduler/v1/tasks/refresh/runs?limit=0', '/api/{pluginId}/.backstage/scheduler/v1/tasks/{taskId}/runs'],
  ])('describes the real answer to %s %s', async (method, url, documentedPath) => {
    const response = await anApp().request(url, { method: method.toUpperCase(), headers: AUTHORIZED }, TEST_ENV);

    const body = await response.json();

    expect(validateAgainstDocument(documentedPath, method, response.status, body)).toEqual([]);
  });

  it.each([
    [200, [{ id: 'nightly', frequency: { cron: '0 3 * * *' }, timeout: { minutes: 1 }, handler: { url: 'https://hooks.example.com/n' } }]],
    [400, [{ id: 'nightly', frequency: { cron: 'H 3 * * *' }, timeout: { minutes: 1 }, handler: { url: 'https://hooks.example.com/n' } }]],
  ])('describes the real answer %i to a batch definition', async (status, tasks) => {
    const init = { method: 'PUT', headers: { ...AUTHORIZED, 'Content-Type': 'application/json' }, body: JSON.stringify({ tasks }) };

    const response = await anApp().request('/api/catalog/.backstage/scheduler/v1/tasks', init, TEST_ENV);

    expect(response.status).toBe(status);
    expect(validateAgainstDocument('/api/{pluginId}/.backstage/scheduler/v1/tasks', 'put', status, await response.json())).toEqual([]);
  });

  it('describes the request body a batch definition takes', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
    const validate = ajv.compile({ $id: `${DOCUMENT_ID}/body`, $ref: `${DOCUMENT_ID}#/components/schemas/TaskBatchInput` });

    expect(validate({ tasks: [{ id: 'a', frequency: { minutes: 5 }, timeout: 'PT1M', handler: { service: 'HOOKS', path: '/a' } }] })).toBe(true);
    expect(validate({ tasks: [] })).toBe(false);
    expect(validate({ tasks: [{ frequency: { minutes: 5 }, timeout: 'PT1M', handler: { url: 'https://x.test/' } }] })).toBe(false);
  });

  it('describes the 401 an operation answers without a token', async () => {
    const response = await anApp().request('/.backstage/scheduler/v1/plugins', {}, TEST_ENV);

    expect(response.status).toBe(401);
    expect(validateAgainstDocument('/.backstage/scheduler/v1/plugins', 'get', 401, await response.json())).toEqual([]);
  });
});
