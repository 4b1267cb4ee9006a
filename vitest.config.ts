import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/core/**/*.test.ts', 'test/http/**/*.test.ts', 'test/backstage/**/*.test.ts', 'test/architecture/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './test/integration/wrangler.toml' },
            remoteBindings: false,
            miniflare: { bindings: { SCHEDULER_API_TOKENS: 'test-token-1,test-token-2' } },
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
    ],
  },
});
