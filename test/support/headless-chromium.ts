import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs with apt; playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with the flags this machine needs: no sandbox (tests run as root),
 * no GPU, and none of the background connections a closed network refuses. Playwright gives
 * each launch a fresh, empty profile (`--user-data-dir` in a temporary folder) by itself.
 */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
