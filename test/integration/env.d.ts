import type { SchedulerEnv } from '../../src/index.ts';

declare global {
  namespace Cloudflare {
    interface Env extends SchedulerEnv {}
  }
}
