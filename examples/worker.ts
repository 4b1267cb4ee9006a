import { createScheduler } from '../src/index.ts';
import { catalogPlugin } from './plugins/catalog.ts';
import { examplePlugin } from './plugins/example.ts';

const scheduler = createScheduler({ plugins: [examplePlugin, catalogPlugin] });

// The route the example plugin pings, in place of google.com.
scheduler.app.get('/ping', (c) => c.text('pong'));

export const PluginScheduler = scheduler.PluginScheduler;
export const PluginIndex = scheduler.PluginIndex;
export default scheduler.worker;
