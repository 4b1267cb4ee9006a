import { describe, expect, it } from 'vitest';
import { createDurableDirectory, type DurableBindings } from '../../src/workers/durable-directory.ts';

/** Bindings whose index lists `apiPlugins` and counts the questions it is asked; objects are named stand-ins. */
function someBindings(apiPlugins: Set<string>) {
  const questions: string[] = [];
  const env = {
    PLUGIN_SCHEDULER: { getByName: (name: string) => ({ name }) },
    PLUGIN_INDEX: {
      getByName: () => ({
        hasPlugin: async (pluginId: string) => {
          questions.push(pluginId);
          return apiPlugins.has(pluginId);
        },
        listPlugins: async () => [...apiPlugins],
      }),
    },
  } as unknown as DurableBindings;
  return { env, questions };
}

describe('createDurableDirectory', () => {
  it('finds a plugin defined in code without asking the index', async () => {
    const { env, questions } = someBindings(new Set());
    const directory = createDurableDirectory(new Set(['catalog']));

    const found = await directory.find(env, 'catalog');

    expect(found).toEqual({ name: 'catalog' });
    expect(questions).toEqual([]);
  });

  it('asks the index once for an API plugin, then remembers it', async () => {
    const { env, questions } = someBindings(new Set(['hooks']));
    const directory = createDurableDirectory(new Set());

    const first = await directory.find(env, 'hooks');
    const second = await directory.find(env, 'hooks');

    expect([first, second]).toEqual([{ name: 'hooks' }, { name: 'hooks' }]);
    expect(questions).toEqual(['hooks']);
  });

  it('asks again for a plugin the index did not list, so one defined since is found', async () => {
    const apiPlugins = new Set<string>();
    const { env, questions } = someBindings(apiPlugins);
    const directory = createDurableDirectory(new Set());

    const before = await directory.find(env, 'hooks');
    apiPlugins.add('hooks');
    const after = await directory.find(env, 'hooks');

    expect(before).toBeUndefined();
    expect(after).toEqual({ name: 'hooks' });
    expect(questions).toEqual(['hooks', 'hooks']);
  });
});
