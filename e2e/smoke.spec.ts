import { test, expect, type Page } from '@playwright/test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const builtPage = pathToFileURL(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.html'),
).href;

function watchRequests(page: Page): string[] {
  const remote: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(file|data|blob|about):/.test(url) && !url.startsWith('http://127.0.0.1:4173/')) {
      remote.push(url);
    }
  });
  return remote;
}

for (const [where, url] of [
  ['file://', builtPage],
  ['a local server', 'http://127.0.0.1:4173/'],
] as const) {
  test(`the built page loads from ${where} with no request leaving the machine`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const remote = watchRequests(page);

    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();

    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("default-src 'none'");

    // The policy is enforced, not only declared: a request from the page is refused.
    const fetchOutcome = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.1:4173/index.html');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(fetchOutcome).toBe('blocked');
    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
  });
}
