import { describe, expect, it } from 'vitest';
import { handlerPolicyOf } from '../../src/core/task-handler.ts';

const fetcher = { fetch: async () => new Response('ok') };

describe('handlerPolicyOf', () => {
  it('allows the hosts SCHEDULER_ALLOWED_HOSTS lists', () => {
    const policy = handlerPolicyOf({ SCHEDULER_ALLOWED_HOSTS: 'Hooks.Example.com, *.internal.test' });

    expect(policy.allowedHosts).toEqual(['hooks.example.com', '*.internal.test']);
  });

  it('allows no host when SCHEDULER_ALLOWED_HOSTS is missing or not a string', () => {
    const policies = [handlerPolicyOf({}), handlerPolicyOf({ SCHEDULER_ALLOWED_HOSTS: ['hooks.example.com'] })];

    expect(policies.map((policy) => policy.allowedHosts)).toEqual([[], []]);
  });

  it('knows a binding that can fetch as a service', () => {
    const policy = handlerPolicyOf({ HANDLER_SERVICE: fetcher });

    expect(policy.hasService('HANDLER_SERVICE')).toBe(true);
  });

  it("refuses the scheduler's own PLUGIN_ bindings, though they can fetch", () => {
    const policy = handlerPolicyOf({ PLUGIN_SCHEDULER: fetcher, PLUGIN_INDEX: fetcher });

    expect([policy.hasService('PLUGIN_SCHEDULER'), policy.hasService('PLUGIN_INDEX')]).toEqual([false, false]);
  });

  it('refuses a binding that cannot fetch, such as a secret, and one that does not exist', () => {
    const policy = handlerPolicyOf({ SCHEDULER_API_TOKENS: 'token-a', SCHEDULER_VERSION: { id: 'v1' } });

    expect(['SCHEDULER_API_TOKENS', 'SCHEDULER_VERSION', 'NOPE'].map((name) => policy.hasService(name))).toEqual([false, false, false]);
  });
});
