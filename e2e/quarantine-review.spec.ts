/**
 * A quarantined file, reviewed from the done screen, on the built page (file://) at 1280×720.
 * The folder holds five clean CT files of the corpus and one copy of CT_small whose
 * Manufacturer's Model Name (kept by the basic profile) names the patient the other way round:
 * the engine's final check quarantines it. The done screen counts it, its "Review" button opens
 * the preview on the bytes that were held back, with a banner that names the element and the
 * kind of identifier and the row marked; the archive holds the five others and not it.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { findElement } from '../src/core/dicom/dataset';
import { readDicom } from '../src/core/dicom/readDicom';
import { setText } from '../src/core/dicom/values';
import { writeDicom } from '../src/core/dicom/writer';
import {
  chooseFolder,
  doneCounts,
  makeChoices,
  notWrittenRows,
  start,
  waitForDone,
} from './support/app';
import { readReport } from './support/reports';
import { unzipInto, zipEntries, zipProblem } from './support/oracle';
import {
  BUILT_PAGE,
  BUILT_PAGE_URL,
  CORPUS,
  requireBuilt,
  tempDir,
  walkFiles,
} from './support/paths';
import { captureZipFiles } from './support/saveStubs';

const CT_SMALL = path.join(CORPUS, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');
/** Five files of one CT series, nothing planted: they are written. */
const CT5N = path.join(CORPUS, 'pydicom/src/pydicom/data/test_files/dicomdirtests/98892001/CT5N');
/** CT_small's patient is CompressedSamples^CT1. */
const PLANTED = 'RHAPSODE for ct1 compressedsamples';
const PLANTED_NAME = 'planted.dcm';
const PASSPHRASE = 'quarantine review e2e';

test.use({ viewport: { width: 1280, height: 720 } });

test('a quarantined file is not saved, and its Review button shows why', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  const work = tempDir('e2e-quarantine');
  try {
    const folder = path.join(work.dir, 'study');
    mkdirSync(path.join(folder, 'series'), { recursive: true });
    for (const name of readdirSync(CT5N)) {
      copyFileSync(path.join(CT5N, name), path.join(folder, 'series', name));
    }
    const file = readDicom(new Uint8Array(readFileSync(CT_SMALL)));
    setText(file.dataset, findElement(file.dataset, 0x00081090)!, PLANTED);
    writeFileSync(path.join(folder, PLANTED_NAME), writeDicom(file));
    const inputs = walkFiles(folder);
    expect(inputs).toHaveLength(6);

    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, folder);
    await makeChoices(page, {
      passphrase: PASSPHRASE,
      save: 'Save as one .zip file',
      selectAll: true,
    });
    await start(page);
    await waitForDone(page, 60_000);
    const archive = await capture.archive(1);
    await archive.closed;

    // The done screen: five written, one quarantined, and why (no value quoted).
    expect(await doneCounts(page)).toEqual({
      Written: 5,
      Skipped: 0,
      Failed: 0,
      Quarantined: 1,
      'Left out by you': 0,
    });
    const notWritten = await notWrittenRows(page);
    expect(notWritten).toHaveLength(1);
    expect(notWritten[0]!.file.endsWith(PLANTED_NAME)).toBe(true);
    expect(notWritten[0]!.result).toBe('Quarantined');
    expect(notWritten[0]!.why).toContain('(0008,1090) held a patient name (from PatientName)');
    expect(notWritten[0]!.why.toLowerCase()).not.toContain('compressedsamples');

    // The archive: the five others and the reports, and nothing of the planted file.
    expect(zipProblem(archive.file)).toBeUndefined();
    const extracted = path.join(work.dir, 'extracted');
    unzipInto(archive.file, extracted);
    const report = readReport(path.join(extracted, 'report.json'));
    const written = report.files.filter((row) => row.status === 'written').map((r) => r.output);
    expect(written).toHaveLength(5);
    expect(report.files.filter((row) => row.status === 'quarantined')).toEqual([
      expect.objectContaining({ output: '' }),
    ]);
    expect(zipEntries(archive.file).sort()).toEqual(
      [...written, 'report.csv', 'report.json'].sort(),
    );
    for (const entry of walkFiles(extracted)) {
      const text = readFileSync(path.join(extracted, entry)).toString('latin1').toLowerCase();
      expect(text, entry).not.toContain('rhapsode for ct1');
    }

    // Review opens the preview on the file that was held back.
    await screenshot(page, testInfo, 'quarantine-done-screen');
    const review = page.getByRole('button', { name: /^Review quarantined file .*planted\.dcm$/ });
    await review.click();
    const dialog = page.getByRole('dialog', { name: /quarantined file/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('status')).toContainText('This file is not saved', {
      timeout: 30_000,
    });
    const banner = dialog.getByRole('region', { name: 'Why this file was not saved' });
    await expect(banner).toContainText('Quarantined: this file was not saved.');
    await expect(banner).toContainText(
      '(0008,1090) Manufacturer Model Name holds a patient name (from Patient Name)',
    );
    await screenshot(page, testInfo, 'quarantine-review-leaks-only');

    // "Leaks only" is on: the header and the one marked row, chosen, its value in full view.
    await expect(dialog.getByLabel('Leaks only')).toBeChecked();
    const rows = dialog.getByRole('row');
    await expect(rows).toHaveCount(2);
    const leak = rows.nth(1);
    await expect(leak).toHaveClass(/\bleak\b/);
    await expect(leak).toHaveAttribute('aria-selected', 'true');
    const cells = leak.getByRole('gridcell');
    await expect(cells.nth(0)).toHaveText('(0008,1090)');
    await expect(cells.nth(1)).toHaveText('ManufacturerModelName');
    await expect(cells.nth(3)).toHaveText(PLANTED);
    await expect(cells.nth(4)).toHaveText(PLANTED);
    await expect(cells.nth(5)).toHaveText('KeptLeak: holds a patient name (from Patient Name)');
    await expect(dialog.getByRole('region', { name: 'Chosen element' })).toContainText(
      'Holds a patient name (from Patient Name)',
    );

    // The whole table is there too: the name itself was replaced, and is no leak.
    await dialog.getByLabel('Leaks only').uncheck();
    await dialog.getByLabel('Filter').fill('0010,0010');
    const name = dialog.getByRole('row').filter({ hasText: 'PatientName' });
    await expect(name).toHaveCount(1);
    await expect(name).not.toHaveClass(/\bleak\b/);
    await expect(name.getByRole('gridcell').nth(4)).toHaveText(/^ANON[0-9A-Z]{10}$/);

    // The image tab shows the original and the held bytes side by side.
    await dialog.getByRole('tab', { name: 'Image' }).click();
    await expect(page.locator('figure.image-view-pane[data-state="shown"]')).toHaveCount(2, {
      timeout: 30_000,
    });
    await screenshot(page, testInfo, 'quarantine-review-image');

    await dialog.getByRole('button', { name: 'Close preview' }).click();
    await expect(dialog).toBeHidden();
    await expect(review).toBeFocused();
    expect(pageErrors).toEqual([]);
  } finally {
    work.remove();
  }
});

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
