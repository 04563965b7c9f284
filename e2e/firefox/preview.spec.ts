/**
 * The preview in Firefox ESR, from the single file on file://: a folder of one file of each
 * codec family (the decoders are wasm and JavaScript in a worker, under the page's policy) is
 * chosen and each file's series previewed: the tag table shows what changes, and the Image tab
 * draws the original and the de-identified image, not blank, and equal unless the page says it
 * cleaned burned-in text out of the pixels. Which
 * pixels each decoder must produce is checked against uncompressed references in Chromium
 * (e2e/preview-image.spec.ts); here the question is whether Firefox runs them at all.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORPUS, SINGLE_FILE, SINGLE_FILE_URL, requireBuilt, tempDir } from '../support/paths';
import { launchFirefox, type Firefox } from './firefox';
import { screenshot } from './screenshots';
import { byName, chooseFolder, click, waitForText } from './ui';

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';
const CT = 'dicomParser/testImages/encapsulated/multi-frame/';

const CASES: Array<{ family: string; file: string }> = [
  { family: 'uncompressed', file: `${P}CT_small.dcm` },
  { family: 'JPEG baseline', file: `${CT}IM00001.fragmented_no_bot_jpeg_baseline.50.dcm` },
  { family: 'JPEG extended 12-bit', file: `${P}JPGExtended.dcm` },
  { family: 'JPEG lossless', file: `${CT}CT0012.fragmented_no_bot_jpeg_lossless.57.dcm` },
  { family: 'JPEG-LS', file: `${P}MR_small_jpeg_ls_lossless.dcm` },
  { family: 'JPEG 2000', file: `${D}US1_J2KR.dcm` },
  { family: 'HTJ2K', file: `${D}HTJ2K_08_RGB.dcm` },
  { family: 'RLE', file: `${D}emri_small_RLE.dcm` },
  { family: 'deflate', file: 'dicomParser/testImages/deflate/image_dfl' },
];

interface CanvasStats {
  readonly width: number;
  readonly height: number;
  readonly sd: number;
  readonly levels: number;
  readonly sum: number;
}

let ff: Firefox;
let work: ReturnType<typeof tempDir>;

/** The page on a folder of one file of each family: one series each, so one Preview button. */
async function openFolder(page: Page): Promise<number> {
  const folder = path.join(work.dir, 'families');
  mkdirSync(folder, { recursive: true });
  for (const { file } of CASES)
    copyFileSync(path.join(CORPUS, file), path.join(folder, path.basename(file)));
  await page.goto(SINGLE_FILE_URL);
  await chooseFolder(ff, folder);
  // The end of the sampling for text re-renders the series rows: a Preview button found
  // before it can be gone when clicked (a CI run clicked a detached row and waited in vain).
  await waitForText(page, /every series were checked for text/, 120_000);
  // Several patients: their groups start closed; the user opens each to see its series.
  for (const group of await page.$$('details.patient:not([open]) > summary')) await group.click();
  return (await page.$$('button[aria-label^="Preview "]')).length;
}

/** Opens the n-th series' preview; returns the file name the pane shows. */
async function openPreview(page: Page, n: number): Promise<string> {
  const buttons = await page.$$('button[aria-label^="Preview "]');
  const started = Date.now();
  await buttons[n]!.click();
  await waitForText(page, /elements change/);
  console.info(
    `Firefox: preview ${n + 1} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return page.$eval('.preview-dialog', (dialog) => dialog.textContent ?? '');
}

async function closePreview(page: Page): Promise<void> {
  await click(page, 'Close preview');
  await page.waitForSelector('.preview-dialog', { hidden: true });
}

async function canvasStats(page: Page, side: 'Original' | 'De-identified'): Promise<CanvasStats> {
  return page.$eval(`${byName(`${side} image`)} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    let squares = 0;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      sum += v;
      squares += v * v;
      levels.add(Math.round(v));
    }
    const n = data.length / 4;
    const sd = Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2));
    return { width: c.width, height: c.height, sd, levels: levels.size, sum };
  });
}

/**
 * What is wrong with the Image tab of the open preview: empty when both images are drawn, equal
 * unless the page says it cleaned text out of the pixels.
 */
async function imageProblems(page: Page): Promise<string[]> {
  await click(page, 'Image', 'tab');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('figure.image-view-pane:not([data-state="loading"])').length === 2,
    { timeout: 60_000 },
  );
  const problems = await page.$$eval('.image-view [role="alert"]', (all) =>
    all.map((a) => a.textContent ?? ''),
  );
  if (problems.length > 0) return problems;
  const original = await canvasStats(page, 'Original');
  const deidentified = await canvasStats(page, 'De-identified');
  for (const [side, stats] of [
    ['original', original],
    ['de-identified', deidentified],
  ] as const) {
    if (stats.width <= 100 || stats.height <= 100)
      problems.push(`${side}: ${stats.width}×${stats.height}`);
    if (stats.sd <= 5 || stats.levels <= 10)
      problems.push(`${side} blank: sd ${stats.sd}, ${stats.levels} levels`);
  }
  // Pixel data the run keeps as they are draw the same; burned-in text cleaned away does not.
  const note = await page.$$eval('.image-view p', (all) =>
    all.map((p) => p.textContent ?? '').find((text) => text.startsWith('The pixel data')),
  );
  if (note?.startsWith('The pixel data are identical, byte for byte')) {
    if (JSON.stringify(deidentified) !== JSON.stringify(original))
      problems.push('the images differ');
  } else if (!note?.includes('(pixel cleaning applied)')) problems.push(`the note says ${note}`);
  return problems;
}

describe('Firefox ESR: the preview of each codec family', () => {
  beforeAll(async () => {
    requireBuilt(SINGLE_FILE, 'npx vite build');
    work = tempDir('firefox-preview');
    ff = await launchFirefox(path.join(work.dir, 'downloads'));
  });

  afterAll(async () => {
    await ff?.close();
    work?.remove();
  });

  test('each file: its tags, and both images drawn, not blank, equal unless cleaned', async () => {
    const { page } = ff;
    expect(await openFolder(page)).toBe(CASES.length);
    const problems: string[] = [];
    const shown: string[] = [];
    for (let n = 0; n < CASES.length; n++) {
      const text = await openPreview(page, n);
      const file =
        CASES.find((c) => text.includes(path.basename(c.file)))?.file ?? `series ${n + 1}`;
      shown.push(file);
      if (file.endsWith('CT_small.dcm')) {
        await screenshot(page, 'preview-tags');
        const row = await patientNameRow(page);
        const [tag, , vr, before, after, action] = row;
        expect([tag, vr, before, action]).toEqual([
          '(0010,0010)',
          'PN',
          'CompressedSamples^CT1',
          'Replaced',
        ]);
        expect(after).toMatch(/^ANON[0-9A-Z]{10}$/);
      }
      problems.push(...(await imageProblems(page)).map((problem) => `${file}: ${problem}`));
      if (file.endsWith('US1_J2KR.dcm')) await screenshot(page, 'preview-image');
      await closePreview(page);
    }
    expect([...shown].sort()).toEqual(CASES.map((c) => c.file).sort());
    expect(problems).toEqual([]);
    expect(ff.pageErrors).toEqual([]);
    expect(ff.remote()).toEqual([]);
  });
});

/** The cells of PatientName's row in the tag table, found with the filter. */
async function patientNameRow(page: Page): Promise<string[]> {
  const search = await page.waitForSelector('.preview-dialog input[type="search"]');
  await search!.type('0010,0010');
  const cells = await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[role="treegrid"] [role="row"]')];
    const row = rows.find((r) => r.textContent?.includes('PatientName'));
    return row && [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent);
  });
  return (await cells.jsonValue()) as string[];
}
