/**
 * The single file as a locked-down hospital workstation meets it: dist/dicomanon.html opened
 * from file://, "Try with sample data" (the study built into the page), scan, review, a run
 * into one streamed .zip (showSaveFilePicker stubbed) and the done screen, once online and once
 * with the browser context offline. Every request of the page and its workers is recorded at
 * the context: none may use a scheme other than file:, blob: or data:. A negative control in
 * the same context shows that the recorder does see a request that tries to leave.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext } from '@playwright/test';
import path from 'node:path';
import {
  chooseFolder,
  doneCounts,
  makeChoices,
  start,
  waitForDone,
  waitForSampling,
} from './support/app';
import { watchNetwork, type NetworkLog } from './support/network';
import { zipEntries, zipProblem } from './support/oracle';
import { CORPUS, requireBuilt, SINGLE_FILE, SINGLE_FILE_URL, tempDir } from './support/paths';
import { captureZipFiles } from './support/saveStubs';

const LOCAL = /^(file|blob|data):/;
const SAMPLE_FILES = 8;

test.describe('dist/dicomanon.html from file:// with the built-in sample', () => {
  test('the build wrote the single file and its checksum', () => {
    requireBuilt(SINGLE_FILE, 'npx vite build');
    const [hex, name] = readFileSync(`${SINGLE_FILE}.sha256`, 'utf8').trim().split(/\s+/);
    expect(name).toBe('dicomanon.html');
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
  });

  for (const offline of [false, true]) {
    test(`runs the sample end to end ${offline ? 'offline' : 'online'} with no request leaving file:, blob: or data:`, async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      requireBuilt(SINGLE_FILE, 'npx vite build');
      const work = tempDir('e2e-offline');
      const context = await browser.newContext();
      try {
        if (offline) await context.setOffline(true);
        const network = watchNetwork(context);
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        const capture = await captureZipFiles(page, work.dir);

        await page.goto(SINGLE_FILE_URL);
        await expect(page.getByText(/dcm_qa_nih project \(BSD 2-Clause licence\)/)).toBeVisible();
        await page.getByRole('button', { name: 'Try with sample data' }).click();
        await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible({
          timeout: 60_000,
        });
        await makeChoices(page, {
          passphrase: 'sample passphrase e2e',
          save: 'Save as one .zip file',
          selectAll: true,
          mapping: false,
        });
        await start(page);
        await waitForDone(page, 90_000);
        const captured = await capture.archive(1);
        await captured.closed;

        expect(await doneCounts(page)).toEqual({
          Written: SAMPLE_FILES,
          Skipped: 0,
          Failed: 0,
          'Left out by you': 0,
        });
        expect(zipProblem(captured.file)).toBeUndefined();
        const entries = zipEntries(captured.file);
        expect(entries.filter((entry) => entry.endsWith('.dcm'))).toHaveLength(SAMPLE_FILES);
        expect(entries.slice(-2)).toEqual(['report.json', 'report.csv']);
        expect(pageErrors).toEqual([]);

        // The page itself was requested, and the workers as they started.
        expect(network.all[0]).toBe(SINGLE_FILE_URL);
        // The workers' scripts (blob: URLs) reach the recorder too: it sees worker requests.
        expect(network.all.filter((url) => url.startsWith('blob:')).length).toBeGreaterThan(0);
        expect(network.all.filter((url) => !LOCAL.test(url))).toEqual([]);
        expect(network.remote()).toEqual([]);

        await expectRecorderCatches(context, network);
      } finally {
        await context.close();
        work.remove();
      }
    });
  }
});

test('a folder from the corpus goes through the single file offline: scan, preview, export', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  requireBuilt(SINGLE_FILE, 'npx vite build');
  // A GE and a Siemens MR series and their upstream READMEs (not DICOM: skipped).
  const folder = path.join(CORPUS, 'dcm_qa_nih/In');
  const work = tempDir('e2e-offline-folder');
  const context = await browser.newContext();
  try {
    await context.setOffline(true);
    const network = watchNetwork(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(SINGLE_FILE_URL);
    await chooseFolder(page, folder, 120_000);
    await waitForSampling(page);

    // The preview runs the engine in a worker, offline like everything else.
    await page
      .getByRole('button', { name: /^Preview series/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('status')).toContainText('elements change', { timeout: 60_000 });
    await dialog.getByLabel('Filter').fill('PatientName');
    await expect(dialog.getByRole('gridcell', { name: 'PatientName', exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close preview' }).click();

    await makeChoices(page, {
      passphrase: 'offline folder e2e',
      save: 'Save as one .zip file',
      selectAll: true,
      mapping: false,
    });
    await start(page);
    await waitForDone(page, 150_000);
    const captured = await capture.archive(1);
    await captured.closed;
    const counts = await doneCounts(page);
    expect(counts.Failed).toBe(0);
    expect(counts.Written).toBeGreaterThan(600);
    expect(counts.Skipped).toBeGreaterThan(0);
    expect(zipProblem(captured.file)).toBeUndefined();
    expect(zipEntries(captured.file).filter((e) => e.endsWith('.dcm'))).toHaveLength(
      counts.Written!,
    );
    expect(pageErrors).toEqual([]);
    expect(network.all.filter((url) => !LOCAL.test(url))).toEqual([]);
    await expectRecorderCatches(context, network);
  } finally {
    await context.close();
    work.remove();
  }
});

/**
 * Negative control: a page in the same context without our policy (about:blank) asks for an
 * image from outside; the recorder must list that request. The app's own page cannot serve as
 * the control, because its Content-Security-Policy stops a request before it is made.
 */
async function expectRecorderCatches(context: BrowserContext, network: NetworkLog): Promise<void> {
  const outside = 'http://example.invalid/dicomanon-negative-control.png';
  const control = await context.newPage();
  await control.goto('about:blank');
  const seen = control.waitForEvent('request', (request) => request.url() === outside);
  await control.setContent(`<img src="${outside}" alt="">`);
  await seen;
  expect(network.remote()).toEqual([outside]);
  await control.close();
}
