import type { SchedulerEnv } from '../../src/index.ts';

declare global {
  namespace Cloudflare {
    interface Env extends SchedulerEnv {
      /** The auxiliary Worker that plays task handlers (vitest.config.ts). */
      HANDLER_SERVICE: Fetcher;
    }
  }
}
