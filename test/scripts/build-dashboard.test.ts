import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the scripts are plain JavaScript, without type declarations.
import { bundleDashboardScript, DASHBOARD_BUNDLE_PATH, renderDashboardModule } from '../../scripts/build-dashboard.mjs';

describe('bundleDashboardScript', () => {
  it('makes exactly the committed src/http/dashboard/dashboard-script.generated.ts (else run `npm run build:dashboard`)', async () => {
    const fresh = renderDashboardModule(await bundleDashboardScript());

    expect(readFileSync(DASHBOARD_BUNDLE_PATH, 'utf8')).toBe(fresh);
  });

  it('minifies the script: no comments, no indentation, under 20 KB', async () => {
    const script = await bundleDashboardScript();

    expect(script).not.toMatch(/\/\*\*|^\s+\S/m);
    expect(script.length).toBeLessThan(20_000);
  });

  it('bundles no runtime code of the API schemas, which the script imports for types only', async () => {
    const script = await bundleDashboardScript();

    expect(script).not.toMatch(/zod|ZodError|luxon/i);
  });
});
