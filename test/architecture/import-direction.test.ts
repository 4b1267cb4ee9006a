import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(SRC, folder, file));
}

/** Every module a file imports, with whether the import is type-only. */
function importsOf(file: string): Array<{ specifier: string; typeOnly: boolean; target: string }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((match) => {
    const specifier = match[2]!;
    const target = specifier.startsWith('.') ? relative(SRC, join(file, '..', specifier)) : specifier;
    return { specifier, typeOnly: Boolean(match[1]), target };
  });
}

function folderOf(target: string): string {
  return target.split('/')[0]!;
}

describe('the import direction', () => {
  it('keeps core free of the runtime: only zod, cron-parser and luxon from outside', () => {
    const offenders = sourceFiles('core').flatMap((file) =>
      importsOf(file)
        .filter(({ specifier, target }) => (specifier.startsWith('.') ? folderOf(target) !== 'core' : !['zod', 'cron-parser', 'luxon'].includes(specifier)))
        .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
    );

    expect(offenders).toEqual([]);
  });

  it('keeps core free of clocks, timers, randomness and the console: they come in as ports', () => {
    const offenders = sourceFiles('core').flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/Date\.now\(\)/, /new Date\(\)/, /setTimeout|setInterval/, /Math\.random|randomUUID|crypto\./, /console\./]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${relative(SRC, file)} uses ${pattern}`);
    });

    expect(offenders).toEqual([]);
  });

  it("lets the runtime's own ports import only core", () => {
    const offenders = sourceFiles('runtime').flatMap((file) =>
      importsOf(file)
        .filter(({ specifier, target }) => !specifier.startsWith('.') || !['core', 'runtime'].includes(folderOf(target)))
        .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
    );

    expect(offenders).toEqual([]);
  });

  it("lets the Durable Object import only core and the runtime's ports", () => {
    const offenders = sourceFiles('durable').flatMap((file) =>
      importsOf(file)
        .filter(({ specifier, target }) => (specifier.startsWith('.') ? !['core', 'runtime', 'durable'].includes(folderOf(target)) : specifier !== 'cloudflare:workers'))
        .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
    );

    expect(offenders).toEqual([]);
  });

  it('lets the HTTP layer import core, and the Durable Object only for types', () => {
    const offenders = sourceFiles('http').flatMap((file) =>
      importsOf(file)
        .filter(({ specifier, target, typeOnly }) => {
          if (!specifier.startsWith('.')) return !/^(hono|hono\/.*|zod|luxon|@hono\/zod-validator)$/.test(specifier);
          const folder = folderOf(target);
          return !(folder === 'core' || folder === 'http' || (folder === 'durable' && typeOnly));
        })
        .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
    );

    expect(offenders).toEqual([]);
  });

  it("keeps the Node and Deno entry away from cloudflare:*, the Durable Object and the Worker's wiring, at any depth", () => {
    const reached = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const { specifier, target, typeOnly } of importsOf(join(SRC, file))) {
        if (typeOnly) continue;
        if (specifier.startsWith('cloudflare:') || ['durable', 'workers'].includes(folderOf(target))) offenders.push(`${file} imports ${specifier}`);
        else if (specifier.startsWith('.')) visit(target);
      }
    };

    visit('embedded.ts');

    expect(reached.size).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it("lets only the Worker's entry (src/index.ts) import the Worker's wiring", () => {
    const folders = ['core', 'runtime', 'durable', 'http', 'backstage', 'embedded'];
    const offenders = folders.flatMap((folder) =>
      sourceFiles(folder).flatMap((file) =>
        importsOf(file)
          .filter(({ specifier, target }) => specifier.startsWith('.') && folderOf(target) === 'workers')
          .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
      ),
    );

    expect(offenders).toEqual([]);
  });

  it('lets the Backstage plugin API import only core', () => {
    const offenders = sourceFiles('backstage').flatMap((file) =>
      importsOf(file)
        .filter(({ specifier, target }) => (specifier.startsWith('.') ? !['core', 'backstage'].includes(folderOf(target)) : true))
        .map(({ specifier }) => `${relative(SRC, file)} imports ${specifier}`),
    );

    expect(offenders).toEqual([]);
  });
});
