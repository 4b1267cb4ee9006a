import { Hono } from 'hono';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { describeRoute } from '../openapi/route-description.ts';
import { pluginsResponseSchema, type PluginsResponse } from '../schemas.ts';

/** `GET /.backstage/scheduler/v1/plugins`: the plugins that have tasks, with their counts. */
export function createPluginRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  const listPlugins = describeRoute({
    operationId: 'listPlugins', tag: 'Management', summary: 'The plugins that have tasks, from code and from the API, with their counts',
    responses: { 200: { description: 'The plugins', schema: pluginsResponseSchema } },
  });
  routes.get('/.backstage/scheduler/v1/plugins', listPlugins, async (c) => {
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
