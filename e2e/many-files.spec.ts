/**
 * Many small files through the page: 10,000 DICOM files (100 studies) from file://, saved as one
 * .zip through the stubbed file picker. Every one is written and in the archive, and the tab's
 * memory stays bounded. Measured at 10,000 files: about 420 MB, while the page's own JavaScript
 * heap after the run is under 20 MB. What grows is native memory in Chromium: about 1 KB per
 * File each time it is posted to a worker or read, held until the File (which the session keeps)
 * is freed, and what a worker did with its Files, held until the worker ends, which is why the
 * pools replace their workers every 512 (scan) and 1,024 (run) files (src/worker/pool.ts).
 * The bound below would catch that growing again. (The CLI's test runs 100,000 files.)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { watchMemory } from '../bench/browserMemory';
import { writeCopies } from '../src/cli/testing/manyFiles';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from './support/app';
import { launchMeasuredBrowser } from './support/measuredBrowser';
import { zipEntries, zipProblem } from './support/oracle';
import { BUILT_PAGE, BUILT_PAGE_URL, requireBuilt, tempDir } from './support/paths';
import { captureZipFiles } from './support/saveStubs';

const FILES = 10_000;

test(`${FILES} small files are written with the memory of a small run`, async () => {
  test.setTimeout(300_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  const work = tempDir('e2e-many');
  const { browser, pid } = await launchMeasuredBrowser();
  try {
    const folder = path.join(work.dir, 'archive');
    mkdirSync(folder);
    writeCopies(folder, FILES);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    const memory = watchMemory(pid);
    await chooseFolder(page, folder, 180_000);
    await makeChoices(page, {
      passphrase: 'many files e2e',
      save: 'Save as one .zip file',
      selectAll: true,
    });
    await start(page);
    await waitForDone(page, 240_000);
    const archive = await capture.archive(1);
    await archive.closed;
    const tabPeak = memory.stop().peakByKind.renderer ?? NaN;
    console.log(`${FILES} files: tab (renderer) peak ${(tabPeak / 1e6).toFixed(0)} MB`);

    expect(pageErrors).toEqual([]);
    expect(await doneCounts(page)).toMatchObject({ Written: FILES, Failed: 0, Skipped: 0 });
    expect(zipProblem(archive.file)).toBeUndefined();
    const entries = zipEntries(archive.file);
    expect(entries.filter((entry) => entry.endsWith('.dcm'))).toHaveLength(FILES);
    expect(new Set(entries).size).toBe(entries.length);
    // A run of a few files peaks at about 250 MB (large-file.spec.ts, bench:browser).
    expect(tabPeak).toBeLessThan(600e6);
  } finally {
    await browser.close();
    work.remove();
  }
});
