import { DurableObject } from 'cloudflare:workers';

/**
 * Which plugins hold tasks defined over the API. Plugins defined in code are known from the
 * Worker's code; API-only plugins are known only here. A plugin's object tells it when the plugin
 * gains its first API task or loses its last (the count stored is the one at that moment), not at
 * every change: all plugins share this one instance, named `index`.
 */
export class PluginIndex extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS api_plugins (plugin_id TEXT PRIMARY KEY, api_task_count INTEGER NOT NULL)');
  }

  /** Records a plugin's count of API tasks; a count of zero removes the plugin. */
  async recordApiTaskCount(pluginId: string, count: number): Promise<void> {
    if (count > 0) {
      this.ctx.storage.sql.exec('INSERT OR REPLACE INTO api_plugins (plugin_id, api_task_count) VALUES (?, ?)', pluginId, count);
    } else {
      this.ctx.storage.sql.exec('DELETE FROM api_plugins WHERE plugin_id = ?', pluginId);
    }
  }

  /**
   * Admits a plugin about to define its first API task, unless `maxPlugins` already hold some: it
   * is listed at once, so two plugins cannot both take the last place. Its object records its
   * real count afterwards, which removes it again if the definition failed.
   */
  async admitPlugin(pluginId: string, maxPlugins: number): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    if (sql.exec('SELECT 1 FROM api_plugins WHERE plugin_id = ?', pluginId).toArray().length > 0) return true;
    if (sql.exec<{ count: number }>('SELECT COUNT(*) AS count FROM api_plugins').one().count >= maxPlugins) return false;
    sql.exec('INSERT INTO api_plugins (plugin_id, api_task_count) VALUES (?, 0)', pluginId);
    return true;
  }

  /** Tells whether a plugin has tasks defined over the API. */
  async hasPlugin(pluginId: string): Promise<boolean> {
    return this.ctx.storage.sql.exec('SELECT 1 FROM api_plugins WHERE plugin_id = ?', pluginId).toArray().length > 0;
  }

  /** Every plugin with API tasks, by id. */
  async listPlugins(): Promise<string[]> {
    return this.ctx.storage.sql
      .exec<{ plugin_id: string }>('SELECT plugin_id FROM api_plugins ORDER BY plugin_id')
      .toArray()
      .map((row) => row.plugin_id);
  }
}

/** The name of the one PluginIndex object. */
export const PLUGIN_INDEX_NAME = 'index';
