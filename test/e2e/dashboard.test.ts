import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHeadlessChromium } from '../support/headless-chromium.ts';
import { buildExampleWorker, startLeanServer, type LeanServer } from '../support/lean-server.ts';

const API_TOKEN = 'e2e-dashboard-token';
const RESULTS = join(import.meta.dirname, '../../test-results');
const SCREENSHOT = join(RESULTS, 'dashboard.png');
// Evaluated in the page, whose globals this Node program's types do not know.
const READ_STORED_TOKEN = "sessionStorage.getItem('edge-scheduler.api-token')";

// One Worker and one browser for the file: starting them is most of the test's time.
let server: LeanServer;
let stateDir: string;
let browser: Browser;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'scheduler-e2e-'));
  const startServer = async () => {
    server = await startLeanServer(await buildExampleWorker(), stateDir, API_TOKEN);
    // The first request wakes every plugin, so their tasks register, as `npm start` does.
    await fetch(`${server.baseUrl}/ping`);
  };
  // Both settle before either failure is thrown, so afterAll stops whichever did start.
  const [started, launched] = await Promise.allSettled([startServer(), launchHeadlessChromium()]);
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
  rmSync(stateDir, { recursive: true, force: true });
});

/** A fresh tab that records every console error and uncaught exception, CSP violations included. */
async function openDashboard(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${server.baseUrl}/`);
  return { page, problems };
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('API token').fill(API_TOKEN);
  await page.getByRole('button', { name: 'Show tasks' }).click();
}

/** Waits until the locator's element shows text matching `pattern`. */
function waitForText(locator: Locator, pattern: RegExp, timeout = 20_000): Promise<void> {
  return locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

/** Runs a browser journey; if it fails, saves what the page showed beside the screenshot and says it in the error. */
async function withFailureEvidence(page: Page, journey: () => Promise<void>): Promise<void> {
  try {
    await journey();
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'dashboard-failure.png'), fullPage: true }).catch(() => undefined);
    const shown = await page.locator('main').innerText().catch(() => '(page unreadable)');
    throw new Error(`${(error as Error).message}\n\nThe page showed:\n${shown}\n\nworkerd printed:\n${server.output().slice(-4_000)}`);
  }
}

/** Confirms the action in the modal dialog that every action button opens. */
async function confirm(page: Page, action: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action, exact: true }).click();
}

describe('the dashboard in headless Chromium against the Worker on workerd', () => {
  it('serves a shell with no task data, under a CSP that allows no inline script and no framing', async () => {
    const response = await fetch(`${server.baseUrl}/`);

    const html = await response.text();
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(response.status).toBe(200);
    expect(html).not.toMatch(/reindex-search|refresh-entities|ping-google/);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('asks for the token, lists the example tasks, triggers one and shows it run and finish', async () => {
    const { page, problems } = await openDashboard();
    const reindex = page.getByRole('article', { name: 'reindex-search' });

    await withFailureEvidence(page, async () => {
      await signIn(page);
      await reindex.waitFor();
      await waitForText(page.getByRole('article', { name: 'refresh-entities' }), /every 15 seconds/);
      await waitForText(page.getByRole('article', { name: 'ping-google' }), /every 10 minutes/);
      await waitForText(reindex, /only when triggered/);

      await reindex.getByRole('button', { name: 'Trigger reindex-search' }).click();
      await confirm(page, 'Trigger');
      await waitForText(reindex.locator('[data-field="answer"]'), /: Triggered: the run has started\. \(200\)$/);
      await waitForText(reindex.locator('[data-field="status"]'), /^running$/);
      await waitForText(reindex.locator('[data-field="current"]'), /Running for .* of its 1 min timeout/);

      // Again by keyboard while it runs (5 s): the API answers 409, shown as "already running".
      await reindex.getByRole('button', { name: 'Trigger reindex-search' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await waitForText(reindex.locator('[data-field="answer"]'), /: Already running \(409\): Task reindex-search is currently running$/);

      await waitForText(reindex.locator('[data-field="status"]'), /^(idle|initial wait)$/);
      await waitForText(reindex.locator('[data-field="last"]'), /^Succeeded .* took \d+(\.\d)? s/);
      await reindex.locator('.strip .run-succeeded').first().waitFor();
    });
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    expect(await reindex.locator('.strip .run').count()).toBe(1);
    expect(await page.evaluate(READ_STORED_TOKEN)).toBe(API_TOKEN);
    expect(page.url()).not.toContain(API_TOKEN);
    // The browser logs every refused request; the one 409 is the deliberate second trigger.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await page.close();
  });

  it('asks for the token again when the API refuses it', async () => {
    const { page, problems } = await openDashboard();

    await page.getByLabel('API token').fill('not-the-token');
    await page.getByRole('button', { name: 'Show tasks' }).click();

    await waitForText(page.getByRole('alert').first(), /refused that token/);
    expect(await page.evaluate(READ_STORED_TOKEN)).toBeNull();
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await page.close();
  });

  it("shows a task's policies, its stale and overridden badges, and skipped runs and retries in its history", async () => {
    const { page, problems } = await openDashboard();
    const card = page.getByRole('article', { name: 'refresh-entities' });
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
    // Issue 13's policies land apart from the dashboard, so their fields are added to the API's
    // real answers in the browser: the served script meets what it will meet.
    await page.route(
      (url) => url.pathname === '/api/catalog/.backstage/scheduler/v1/tasks',
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { tasks: Array<Record<string, Record<string, unknown>>> };
        for (const task of body.tasks.filter((each) => each.taskId === ('refresh-entities' as never))) {
          task.settings = { ...task.settings, jitter: 'PT10S', retry: { maxAttempts: 3 } };
          task.taskState = { ...task.taskState, stale: true };
          task.override = { setAt: at(0), settings: { timeoutAfterDuration: 'PT5M' }, codeSettings: task.settings };
        }
        await route.fulfill({ response, json: body });
      },
    );
    await page.route(
      (url) => url.pathname.endsWith('/tasks/refresh-entities/runs'),
      (route) =>
        route.fulfill({
          json: {
            runs: [
              { ticket: 'run-2', trigger: 'retry', outcome: 'succeeded', scheduledFor: at(10), startedAt: at(10), endedAt: at(12) },
              { ticket: 'run-1', trigger: 'schedule', outcome: 'skipped', scheduledFor: at(0), startedAt: at(0), endedAt: at(0) },
            ],
          },
        }),
    );

    await withFailureEvidence(page, async () => {
      await signIn(page);
      await waitForText(card.locator('[data-field="policies"]'), /jitter: 10 s/);
    });

    expect(await card.locator('[data-field="policies"] li').allInnerTexts()).toEqual(['jitter: 10 s', 'retry: {"maxAttempts":3}']);
    expect(await card.locator('[data-field="stale"]').isVisible()).toBe(true);
    expect(await card.locator('[data-field="overridden"]').isVisible()).toBe(true);
    expect(await card.locator('[data-field="overridden"]').getAttribute('title')).toBe(
      'Overridden at Thu 1 Jan, 00:00:00 UTC: timeoutAfterDuration (the code says timeoutAfterDuration "PT10S")',
    );
    expect(await card.locator('.strip .run').evaluateAll((bars) => bars.map((bar) => [bar.className, bar.getAttribute('title')?.split(',')[0]]))).toEqual([
      ['run run-skipped', 'Skipped on schedule'],
      ['run run-succeeded', 'Succeeded as a retry'],
    ]);
    expect(await card.locator('[data-field="history-summary"]').innerText()).toMatch(/^2 runs: 1 succeeded, 1 skipped\./);
    const other = page.getByRole('article', { name: 'reindex-search' });
    expect(await other.locator('[data-field="stale"]').isVisible()).toBe(false);
    expect(await other.locator('[data-field="policies-row"]').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
