// The example plugins in one Node process, with the REST API on http://127.0.0.1:8787 (PORT
// overrides) and the development token `dev-token`:  npx tsx examples/node.ts
import { serve } from '@hono/node-server';
import { createEmbeddedScheduler } from '../src/embedded.ts';
import { catalogPlugin } from './plugins/catalog.ts';
import { examplePlugin } from './plugins/example.ts';

const port = Number(process.env.PORT ?? 8787);
const scheduler = createEmbeddedScheduler({
  plugins: [examplePlugin, catalogPlugin],
  env: { SCHEDULER_API_TOKENS: process.env.SCHEDULER_API_TOKENS ?? 'dev-token', PING_URL: `http://127.0.0.1:${port}/ping` },
});
scheduler.app.get('/ping', (c) => c.text('pong'));

await scheduler.start();
serve({ fetch: scheduler.fetch, hostname: '127.0.0.1', port }, () => console.log(`Scheduler ready on http://127.0.0.1:${port}`));
