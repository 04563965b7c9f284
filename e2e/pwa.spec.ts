/**
 * The build served from a server (an intranet) keeps working after the network goes: the page
 * registers public/sw.js, which caches the one-file page on install. After one load the test
 * waits until the service worker controls the page, sets the browser context offline, reloads,
 * and runs "Try with sample data" to the review screen. Every request of the page, its workers
 * and the service worker is recorded at the context: none may leave the preview server's
 * origin, and the offline page itself must come from the service worker's cache.
 */
import { expect, test } from '@playwright/test';
import { watchNetwork } from './support/network';
import { BUILT_PAGE, PREVIEW_URL, requireBuilt } from './support/paths';

test('the PWA build works offline after one load', async ({ browser }) => {
  test.setTimeout(120_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  const context = await browser.newContext();
  try {
    const network = watchNetwork(context, [PREVIEW_URL]);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(PREVIEW_URL);
    await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(PREVIEW_URL);
    // The worker claims the open page on activation; a reload makes certain it controls it.
    await page.reload();
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
      .toBe(`${PREVIEW_URL}sw.js`);

    await context.setOffline(true);
    // Offline, the preview server is out of reach: the page is refused a fetch either way.
    const offlineFetch = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.1:4173/index.html');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(offlineFetch).toBe('blocked');

    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(policy).toContain("connect-src 'none'");

    await page.getByRole('button', { name: 'Try with sample data' }).click();
    await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible({
      timeout: 60_000,
    });

    // The other names of the same page are served from the cache too.
    for (const name of ['index.html', 'dicomanon.html']) {
      const other = await page.goto(`${PREVIEW_URL}${name}`);
      expect(other?.fromServiceWorker()).toBe(true);
      await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();
    }

    expect(pageErrors).toEqual([]);
    expect(network.all.filter((url) => url.startsWith('blob:')).length).toBeGreaterThan(0);
    expect(network.remote()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('negative control: offline without the service worker, the page does not load', async ({
  browser,
}) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(PREVIEW_URL);
    await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  } finally {
    await context.close();
  }
});
