import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (the `chromium` package; .ci/run installs it), never a browser a test tool downloads. */
export const CHROMIUM = process.env.CRM_CHROMIUM || '/usr/bin/chromium';
export const chromiumInstalled = () => existsSync(CHROMIUM);

/** Headless, and kept off the network this machine does not have (background fetches would be refused, many at a time). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
