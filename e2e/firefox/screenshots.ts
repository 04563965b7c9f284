/**
 * Screenshots of the screens at 1280×720 for review by eye, into FIREFOX_SHOTS (default
 * test-results/firefox): the layout is Firefox's own, not Chromium's.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { PROJECT_ROOT } from '../support/paths';

const DIR = process.env.FIREFOX_SHOTS ?? path.join(PROJECT_ROOT, 'test-results', 'firefox');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: path.join(DIR, `firefox-${name}.png`) as `${string}.png` });
}
