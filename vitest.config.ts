import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/core/**/*.test.ts', 'test/runtime/**/*.test.ts', 'test/http/**/*.test.ts', 'test/backstage/**/*.test.ts', 'test/durable/**/*.test.ts', 'test/embedded/**/*.test.ts', 'test/workers/**/*.test.ts', 'test/architecture/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './test/integration/wrangler.toml' },
            remoteBindings: false,
            miniflare: {
              bindings: {
                SCHEDULER_API_TOKENS: 'test-token-1,test-token-2',
                SCHEDULER_ALLOWED_HOSTS: 'handler.test,*.allowed.test',
                SCHEDULER_SIGNING_SECRET: 'test-signing-secret',
              },
              // Handler tasks reach a real auxiliary Worker: by service binding, and by URL,
              // since every outbound fetch of the Worker under test goes to it.
              serviceBindings: { HANDLER_SERVICE: 'handler-worker' },
              outboundService: 'handler-worker',
              workers: [{ name: 'handler-worker', modules: true, scriptPath: './test/integration/handler-worker.mjs' }],
            },
          }),
        ],
        test: {
          name: 'workerd',
          include: ['test/integration/**/*.test.ts'],
          // cron-parser is CommonJS and requires luxon; the pool's module loader hands it an
          // ESM namespace without `DateTime`. Pre-bundling it with esbuild, as wrangler does, fixes that.
          deps: { optimizer: { ssr: { enabled: true, include: ['cron-parser'] } } },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The core's unit tests again, inside workerd: core must run unchanged there too. (Deno
        // runs them a third time: `npm run test:deno`.)
        plugins: [cloudflareTest({ remoteBindings: false, miniflare: { compatibilityDate: '2026-04-20' } })],
        test: {
          name: 'core-workerd',
          include: ['test/core-workerd/**/*.test.ts'],
          deps: { optimizer: { ssr: { enabled: true, include: ['cron-parser'] } } },
          // The property tests take seconds in workerd; the bound keeps a busy machine from failing them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          // The dashboard end to end: wrangler dev serves the example Worker, Debian's Chromium loads it.
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
