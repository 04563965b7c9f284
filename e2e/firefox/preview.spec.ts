/**
 * The preview in Firefox ESR, from the single file on file://: for one file of each codec
 * family (the decoders are wasm and JavaScript in a worker, under the page's policy), a folder
 * holding just that file is chosen, its series previewed, the tag table shows what changes, and
 * the Image tab draws the original and the de-identified image, equal and not blank. Which
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

/** The page on a folder holding only `file`, with its series' preview open. */
async function openPreview(page: Page, file: string): Promise<void> {
  const folder = path.join(work.dir, path.basename(file));
  mkdirSync(folder, { recursive: true });
  copyFileSync(path.join(CORPUS, file), path.join(folder, path.basename(file)));
  await page.goto(SINGLE_FILE_URL);
  await chooseFolder(ff, folder);
  const preview = await page.waitForSelector('button[aria-label^="Preview "]');
  await preview!.click();
  await waitForText(page, /elements change/);
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

  test('CT_small: PatientName before, its pseudonym after, and the action', async () => {
    const { page } = ff;
    await openPreview(page, CASES[0]!.file);
    await screenshot(page, 'preview-tags');
    const search = await page.waitForSelector('input[type="search"]');
    await search!.type('0010,0010');
    const cells = await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[role="treegrid"] [role="row"]')];
      const row = rows.find((r) => r.textContent?.includes('PatientName'));
      return row && [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent);
    });
    const [tag, , vr, before, after, action] = (await cells.jsonValue()) as string[];
    expect([tag, vr, before, action]).toEqual([
      '(0010,0010)',
      'PN',
      'CompressedSamples^CT1',
      'Replaced',
    ]);
    expect(after).toMatch(/^ANON[0-9A-Z]{10}$/);
  });

  for (const { family, file } of CASES) {
    test(`${family}: the Image tab draws both images, equal and not blank`, async () => {
      const { page } = ff;
      await openPreview(page, file);
      await click(page, 'Image', 'tab');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('figure.image-view-pane:not([data-state="loading"])').length ===
          2,
        { timeout: 60_000 },
      );
      const alerts = await page.$$eval('.image-view [role="alert"]', (all) =>
        all.map((a) => a.textContent),
      );
      expect(alerts).toEqual([]);
      const original = await canvasStats(page, 'Original');
      expect(original.width).toBeGreaterThan(100);
      expect(original.height).toBeGreaterThan(100);
      expect(original.sd).toBeGreaterThan(5);
      expect(original.levels).toBeGreaterThan(10);
      expect(await canvasStats(page, 'De-identified')).toEqual(original);
      await waitForText(page, /The pixel data are identical, byte for byte/);
      if (family === 'JPEG 2000') await screenshot(page, 'preview-image');
      expect(ff.pageErrors).toEqual([]);
      expect(ff.remote()).toEqual([]);
    });
  }
});
