import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';

function anApp() {
  const task = { taskId: 'secret-task-name', scope: 'global' as const, settings: { version: 2 as const, cadence: 'manual', timeoutAfterDuration: 'PT1M' }, taskState: { status: 'idle' as const }, workerState: { status: 'idle' as const } };
  return createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));
}

describe('the dashboard routes', () => {
  it.each(['/', '/dashboard.js', '/dashboard.css'])('serve %s without a token', async (path) => {
    const response = await anApp().request(path, {}, TEST_ENV);

    expect(response.status).toBe(200);
  });

  it('serve an HTML shell that names no plugin and no task', async () => {
    const response = await anApp().request('/', {}, TEST_ENV);

    const html = await response.text();
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/catalog|secret-task-name/);
  });

  it('load no inline script and no inline style', async () => {
    const html = await (await anApp().request('/', {}, TEST_ENV)).text();

    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => [attributes?.trim(), body])).toEqual([['src="/dashboard.js" defer=""', '']]);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('send a CSP that allows only the Worker\'s own script, forbids framing and requires Trusted Types', async () => {
    const response = await anApp().request('/', {}, TEST_ENV);

    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'none'", "require-trusted-types-for 'script'"]),
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('label the token field and every action button of the card template', async () => {
    const html = await (await anApp().request('/', {}, TEST_ENV)).text();

    expect(html).toContain('<label for="token">API token</label>');
    expect(html).toMatch(/<input id="token"[^>]*type="password"/);
    expect([...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]!.trim())).toEqual([
      'Refresh now',
      'Forget token',
      'Show tasks',
      'Go back',
      'Confirm',
      'Trigger',
      'Cancel run',
      'Pause',
    ]);
  });

  it('serve a script that parses, as JavaScript', async () => {
    const response = await anApp().request('/dashboard.js', {}, TEST_ENV);

    const script = await response.text();
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    // Compiles without running: a syntax error throws here.
    expect(() => new Function(script)).not.toThrow();
  });

  it('serve styles as CSS', async () => {
    const response = await anApp().request('/dashboard.css', {}, TEST_ENV);

    expect(response.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toContain('.task-list');
  });
});
