import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'examples', 'bench'].map((folder) => join(import.meta.dirname, '../..', folder));

describe("zod's imports", () => {
  // `import { z } from 'zod'` reaches a namespace object that carries every locale, so the bundler
  // keeps all 60 of them (about 350 KiB of the Worker); `import * as z` keeps only what is used.
  it('take zod as a namespace or by name, never its `z` object', () => {
    const offenders = ROOTS.flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .filter((file) => /^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/m.test(readFileSync(join(root, file), 'utf8')))
        .map((file) => relative(join(import.meta.dirname, '../..'), join(root, file))),
    );

    expect(offenders).toEqual([]);
  });
});
