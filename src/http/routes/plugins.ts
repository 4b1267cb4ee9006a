import { Hono } from 'hono';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import type { PluginsResponse } from '../schemas.ts';

/** `GET /.backstage/scheduler/v1/plugins`: the plugins that have tasks, with their counts. */
export function createPluginRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  routes.get('/.backstage/scheduler/v1/plugins', async (c) => {
    const env = c.env as Env;
    const pluginIds = await directory.listPluginIds(env);
    const plugins = await Promise.all(
      pluginIds.map(async (pluginId) => {
        const counts = (await (await directory.find(env, pluginId))?.countTasks()) ?? { code: 0, api: 0 };
        return { pluginId, taskCount: counts.code + counts.api, codeTaskCount: counts.code, apiTaskCount: counts.api };
      }),
    );
    const body: PluginsResponse = { plugins: plugins.filter((plugin) => plugin.taskCount > 0) };
    return c.json(body);
  });

  return routes;
}
