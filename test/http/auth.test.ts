import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { parseApiTokens, readApiTokens } from '../../src/http/auth.ts';
import { AUTHORIZED, TEST_ENV } from '../support/api-request.ts';
import { createFakeSchedulerApi } from '../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../support/fake-scheduler-directory.ts';

const TASKS_PATH = '/api/catalog/.backstage/scheduler/v1/tasks';

function createCatalogApp() {
  return createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
}

describe('parseApiTokens', () => {
  it('splits the secret on commas', () => {
    const tokens = parseApiTokens('token-a,token-b');

    expect(tokens).toEqual(['token-a', 'token-b']);
  });

  it('trims whitespace around each token', () => {
    const tokens = parseApiTokens('  token-a , token-b\n');

    expect(tokens).toEqual(['token-a', 'token-b']);
  });

  it('drops empty entries', () => {
    const tokens = parseApiTokens(',token-a,, ,token-b,');

    expect(tokens).toEqual(['token-a', 'token-b']);
  });

  it('returns no tokens for a missing secret', () => {
    const tokens = parseApiTokens(undefined);

    expect(tokens).toEqual([]);
  });

  it('returns no tokens for a secret of only commas and spaces', () => {
    const tokens = parseApiTokens(' , ');

    expect(tokens).toEqual([]);
  });
});

describe('requireApiToken', () => {
  it('accepts the first configured token', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
  });

  it('accepts the second configured token', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token-b' } }, TEST_ENV);

    expect(res.status).toBe(200);
  });

  it('accepts a lowercase bearer scheme', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'bearer token-a' } }, TEST_ENV);

    expect(res.status).toBe(200);
  });

  it('accepts a token configured with whitespace around it', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: AUTHORIZED }, { SCHEDULER_API_TOKENS: ' token-a , token-b ' });

    expect(res.status).toBe(200);
  });

  it('answers 401 with Backstage\'s body when the Authorization header is missing', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, {}, TEST_ENV);

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { name: 'AuthenticationError', message: 'Missing bearer token in Authorization header' },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/tasks' },
      response: { statusCode: 401 },
    });
  });

  it('answers 401 with Backstage\'s body for a token that is not configured', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token-c' } }, TEST_ENV);

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { name: 'AuthenticationError', message: 'Invalid bearer token' },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/tasks' },
      response: { statusCode: 401 },
    });
  });

  it('refuses a prefix of a configured token', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token' } }, TEST_ENV);

    expect(res.status).toBe(401);
  });

  it('refuses a configured token sent under another scheme', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Basic token-a' } }, TEST_ENV);

    expect(res.status).toBe(401);
  });

  it('refuses a header carrying more than one token', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token-a token-b' } }, TEST_ENV);

    expect(res.status).toBe(401);
  });

  it('refuses the whole comma-separated secret presented as one token', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token-a,token-b' } }, TEST_ENV);

    expect(res.status).toBe(401);
  });

  it('never echoes the presented token in the response body', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer secret-guess-123' } }, TEST_ENV);

    expect(await res.text()).not.toContain('secret-guess-123');
  });

  it('refuses a POST before it reaches the scheduler', async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${TASKS_PATH}/refresh-catalog/trigger`, { method: 'POST' }, TEST_ENV);

    expect(res.status).toBe(401);
    expect(scheduler.calls).toEqual([]);
  });

  it.each([
    ['no SCHEDULER_API_TOKENS binding', {}],
    ['an empty SCHEDULER_API_TOKENS', { SCHEDULER_API_TOKENS: '' }],
    ['a SCHEDULER_API_TOKENS of only a comma and spaces', { SCHEDULER_API_TOKENS: ' , ' }],
  ])('fails closed with 401 when there is %s', async (_case, env) => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: AUTHORIZED }, env);

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { name: 'AuthenticationError' } });
  });

  it('refuses a token spelled like a secret that holds no tokens', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer ,' } }, { SCHEDULER_API_TOKENS: ' , ' });

    expect(res.status).toBe(401);
  });
});

describe('requireApiToken on the token68 alphabet Hono bearerAuth enforces', () => {
  it('accepts a base64 token with +, / and = padding', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer a+b/c9-._~==' } }, { SCHEDULER_API_TOKENS: 'a+b/c9-._~==' });

    expect(res.status).toBe(200);
  });

  it('answers 401, not 400, with Backstage\'s body for a presented token outside the alphabet', async () => {
    const app = createCatalogApp();

    const res = await app.request(TASKS_PATH, { headers: { Authorization: 'Bearer token-a!' } }, TEST_ENV);

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { name: 'AuthenticationError', message: 'Missing bearer token in Authorization header' } });
  });

  it('refuses every request with a logged 500 naming the position of a configured token outside the alphabet', async () => {
    const app = createCatalogApp();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const res = await app.request(TASKS_PATH, { headers: AUTHORIZED }, { SCHEDULER_API_TOKENS: 'token-a,p@ss!' });

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { name: 'Error', message: 'Internal server error' } });
    expect(String(logged.mock.calls[0]?.[0])).toContain('SCHEDULER_API_TOKENS: token 2 of 2 holds a character outside');
    expect(String(logged.mock.calls[0]?.[0])).not.toContain('p@ss!');
    logged.mockRestore();
  });
});

describe('readApiTokens', () => {
  it('returns the tokens of a secret whose tokens all fit the alphabet', () => {
    expect(readApiTokens(' token-a , dGVzdA== ')).toEqual(['token-a', 'dGVzdA==']);
  });

  it('throws for a token with a character no bearer header can carry', () => {
    expect(() => readApiTokens('token-a,to=ken')).toThrow(/token 2 of 2/);
  });
});
