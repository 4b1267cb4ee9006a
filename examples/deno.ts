// The example plugins in one Deno process, with the REST API on http://127.0.0.1:8787 (PORT
// overrides) and the development token `dev-token`:
//   npx deno run --allow-net --allow-env --allow-read examples/deno.ts
import { createEmbeddedScheduler } from '../src/embedded.ts';
import { catalogPlugin } from './plugins/catalog.ts';
import { examplePlugin } from './plugins/example.ts';

// Deno's own global, declared for the TypeScript compiler that checks this repository.
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { hostname: string; port: number }, handler: (request: Request) => Promise<Response>): unknown;
};

const port = Number(Deno.env.get('PORT') ?? 8787);
const scheduler = createEmbeddedScheduler({
  plugins: [examplePlugin, catalogPlugin],
  env: { SCHEDULER_API_TOKENS: Deno.env.get('SCHEDULER_API_TOKENS') ?? 'dev-token', PING_URL: `http://127.0.0.1:${port}/ping` },
});
scheduler.app.get('/ping', (c) => c.text('pong'));

await scheduler.start();
Deno.serve({ hostname: '127.0.0.1', port }, scheduler.fetch);
