import { describe, expect, it } from 'vitest';
// @ts-expect-error: the scripts are plain JavaScript, without type declarations.
import { renderWorkerdConfig } from '../../scripts/workerd-config.mjs';
// @ts-expect-error: the scripts are plain JavaScript, without type declarations.
import { nextCronFireAt } from '../../scripts/cron-ticker.mjs';

/** wrangler's parsed config, as `unstable_readConfig` returns it for a Worker like ours. */
function aWranglerConfig(overrides: Record<string, unknown> = {}) {
  return {
    name: 'edge-scheduler',
    compatibility_date: '2026-04-20',
    compatibility_flags: [],
    durable_objects: { bindings: [{ name: 'PLUGIN_SCHEDULER', class_name: 'PluginScheduler' }, { name: 'PLUGIN_INDEX', class_name: 'PluginIndex' }] },
    migrations: [{ tag: 'v1', new_sqlite_classes: ['PluginScheduler'] }, { tag: 'v2', new_sqlite_classes: ['PluginIndex'] }],
    vars: {},
    version_metadata: { binding: 'SCHEDULER_VERSION' },
    kv_namespaces: [],
    queues: { producers: [], consumers: [] },
    ...overrides,
  };
}

const render = (config: Record<string, unknown>, environmentBindings: string[] = []): string =>
  renderWorkerdConfig(config, { bundleFile: 'worker.js', versionId: 'v-1', builtAt: '2026-12-04T00:00:00.000Z', environmentBindings });

describe('renderWorkerdConfig', () => {
  it("keys each object class as Miniflare does, so wrangler dev's SQLite files open unchanged", () => {
    const config = render(aWranglerConfig());

    expect(config).toContain('(className = "PluginScheduler", uniqueKey = "edge-scheduler-PluginScheduler", enableSql = true)');
    expect(config).toContain('(className = "PluginIndex", uniqueKey = "edge-scheduler-PluginIndex", enableSql = true)');
    expect(config).toContain('(name = "PLUGIN_SCHEDULER", durableObjectNamespace = "PluginScheduler")');
    expect(config).toContain('durableObjectStorage = (localDisk = "state")');
  });

  it('gives a class without a SQLite migration key-value storage', () => {
    const config = render(aWranglerConfig({ migrations: [{ tag: 'v1', new_classes: ['PluginScheduler'] }] }));

    expect(config).toContain('uniqueKey = "edge-scheduler-PluginScheduler", enableSql = false');
  });

  it('binds string vars as text and others as JSON, escaped', () => {
    const config = render(aWranglerConfig({ vars: { GREETING: 'say "hi"', LIMITS: { max: 3 } } }));

    expect(config).toContain('(name = "GREETING", text = "say \\"hi\\"")');
    expect(config).toContain('(name = "LIMITS", json = "{\\"max\\":3}")');
  });

  it('reads the secrets from the environment, once each, and never a var from there', () => {
    const config = render(aWranglerConfig({ vars: { SCHEDULER_ALLOWED_HOSTS: 'api.example.com' } }), ['PING_URL', 'SCHEDULER_API_TOKENS']);

    expect(config.match(/fromEnvironment = "SCHEDULER_API_TOKENS"/g)).toHaveLength(1);
    expect(config).toContain('(name = "SCHEDULER_SIGNING_SECRET", fromEnvironment = "SCHEDULER_SIGNING_SECRET")');
    expect(config).toContain('(name = "PING_URL", fromEnvironment = "PING_URL")');
    expect(config).not.toContain('fromEnvironment = "SCHEDULER_ALLOWED_HOSTS"');
    expect(config).toContain('(name = "SCHEDULER_ALLOWED_HOSTS", text = "api.example.com")');
  });

  it('gives the version metadata binding the build\'s version id', () => {
    const config = render(aWranglerConfig());

    expect(config).toContain('(name = "SCHEDULER_VERSION", json = "{\\"id\\":\\"v-1\\",\\"tag\\":\\"\\",\\"timestamp\\":\\"2026-12-04T00:00:00.000Z\\"}")');
  });

  it('refuses bindings it cannot serve, naming each', () => {
    const config = aWranglerConfig({ kv_namespaces: [{ binding: 'CACHE', id: 'x' }], queues: { producers: [{ binding: 'Q', queue: 'q' }], consumers: [] } });

    expect(() => render(config)).toThrow(/cannot serve: kv_namespaces, queues\. Use `npm run dev`/);
  });

  it("refuses a Durable Object binding to another Worker's class", () => {
    const config = aWranglerConfig({ durable_objects: { bindings: [{ name: 'OTHER', class_name: 'Other', script_name: 'elsewhere' }] } });

    expect(() => render(config)).toThrow(/durable_objects 'OTHER' of another Worker \(elsewhere\)/);
  });
});

describe('nextCronFireAt', () => {
  it('reads the expression in UTC, as Cloudflare cron triggers do', () => {
    const now = Date.parse('2026-12-04T10:15:30.000Z');

    expect(nextCronFireAt('* * * * *', now)).toBe(Date.parse('2026-12-04T10:16:00.000Z'));
    expect(nextCronFireAt('0 3 * * *', now)).toBe(Date.parse('2026-12-05T03:00:00.000Z'));
  });
});
