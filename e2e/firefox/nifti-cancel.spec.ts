/**
 * Two more of the user's paths in Firefox ESR from file://, saved by downloading:
 *   - NIfTI output (dcm2niix compiled to wasm, in a worker): dcm_qa_nih/In chosen, each image
 *     compared by nibabel with the reference native dcm2niix made, no identifier in any byte;
 *   - Cancel in the middle of a run: back on the review screen within a second, nothing
 *     downloaded, and a new run then goes through.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeSyntheticCtSeries } from '../../scripts/makeSyntheticCtSeries';
import { CANCELLED_RUN_NOTICE } from '../../src/app/state';
import { compareNifti } from '../../src/core/testing/nibabel';
import { NIFTI_IN, NIFTI_REF, referenceName } from '../support/niftiReference';
import { identifyingNeedles, pydicomOracle, unzipInto } from '../support/oracle';
import { SINGLE_FILE, SINGLE_FILE_URL, requireBuilt, tempDir, walkFiles } from '../support/paths';
import { readReport } from '../support/reports';
import { downloadedParts, launchFirefox, type Firefox } from './firefox';
import {
  byName,
  chooseFolder,
  click,
  doneCounts,
  fieldByLabel,
  filesProgress,
  makeChoices,
  start,
  waitForDone,
  waitForText,
} from './ui';

let work: ReturnType<typeof tempDir>;
let ff: Firefox;

describe('Firefox ESR: NIfTI output, and Cancel', () => {
  beforeAll(async () => {
    requireBuilt(SINGLE_FILE, 'npx vite build');
    work = tempDir('firefox-nifti-cancel');
  });

  afterAll(() => work?.remove());

  test('NIfTI: every series as .nii.gz equal to native dcm2niix, no identifier left', async () => {
    ff = await launchFirefox(path.join(work.dir, 'nifti-downloads'));
    try {
      await ff.page.goto(SINGLE_FILE_URL);
      await chooseFolder(ff, NIFTI_IN);
      await makeChoices(ff.page, { passphrase: 'firefox nifti', selectAll: true, nifti: true });
      await start(ff.page);
      await waitForDone(ff.page, 200_000);
      const [archive, ...more] = await downloadedParts(ff.downloads, 60_000);
      expect(more).toEqual([]);
      expect(archive!.name).toMatch(/^dicomanon-\d{8}-\d{4}\.zip$/);
      const extracted = path.join(work.dir, 'nifti');
      unzipInto(archive!.file, extracted);
      const report = readReport(path.join(extracted, 'report.json'));

      const inputs = walkFiles(NIFTI_IN);
      expect(report.files).toHaveLength(inputs.length);
      const pairs = new Map<string, string>();
      inputs.forEach((input, i) => {
        const row = report.files[i]!;
        if (input.endsWith('.txt'))
          return void expect([input, row.status]).toEqual([input, 'skipped']);
        expect([input, row.status, row.output]).toEqual([
          input,
          'written',
          expect.stringMatching(/\.nii\.gz$/),
        ]);
        pairs.set(
          path.join(NIFTI_REF, `${referenceName(path.join(NIFTI_IN, input))}.nii`),
          path.join(extracted, row.output),
        );
      });
      expect((await doneCounts(ff.page)).Written).toBe(report.totals.written);
      expect(pairs.size).toBe(8);
      for (const result of compareNifti([...pairs.entries()])) {
        const name = path.basename(result.ref);
        expect([name, result.ourShape, result.sameDtype, result.sameVoxels]).toEqual([
          name,
          result.refShape,
          true,
          true,
        ]);
        expect(result.affineDiff, name).toBeLessThanOrEqual(1e-3);
      }

      const views = Object.values(
        pydicomOracle({
          inputs: inputs.filter((f) => !f.endsWith('.txt')).map((f) => path.join(NIFTI_IN, f)),
        }),
      );
      const needles = [
        ...identifyingNeedles(views.flatMap((v) => v.ids ?? [])),
        ...views.flatMap((v) => v.uids ?? []).filter((uid) => uid.length >= 10),
      ];
      expect(needles.length).toBeGreaterThan(10);
      const hits = archive!.entries.flatMap((entry) => {
        let bytes: Buffer = readFileSync(path.join(extracted, entry));
        if (entry.endsWith('.gz')) bytes = gunzipSync(bytes);
        const text = `${entry}\n${bytes.toString('latin1')}`;
        return needles.filter((needle) => text.includes(needle)).map((n) => `${n} in ${entry}`);
      });
      expect(hits).toEqual([]);
      expect(ff.pageErrors).toEqual([]);
      expect(ff.remote()).toEqual([]);
    } finally {
      await ff.close();
    }
  });

  test('Cancel mid-run: back within a second, nothing downloaded, then a run completes', async () => {
    const SLICES = 300; // ≈ 158 MB, one part: nothing is downloaded before the run ends
    const folder = path.join(work.dir, 'cancel');
    mkdirSync(folder);
    for (const file of makeSyntheticCtSeries({ slices: SLICES, seed: 7 })) {
      writeFileSync(path.join(folder, file.name), file.bytes);
    }
    ff = await launchFirefox(path.join(work.dir, 'cancel-downloads'));
    try {
      const { page } = ff;
      await page.goto(SINGLE_FILE_URL);
      await chooseFolder(ff, folder);
      await makeChoices(page, { passphrase: 'firefox cancel' });
      await start(page);
      await page.waitForFunction(
        () =>
          /^([\d,]+) of/.exec(document.querySelector('dl.stats dd')?.textContent ?? '') !== null,
        { polling: 50 },
      );
      for (;;) {
        const progress = await filesProgress(page);
        if ((progress?.done ?? 0) >= 10) {
          expect(progress!.done).toBeLessThan(SLICES / 2);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // Timed in the page: from the click on Cancel to the notice on the review screen.
      await page.evaluate((notice) => {
        const marks: Record<string, number> = {};
        Reflect.set(globalThis, '__cancelMarks', marks);
        document.addEventListener('click', () => (marks.clicked ??= performance.now()), {
          capture: true,
        });
        new MutationObserver(() => {
          if (marks.clicked !== undefined && document.body.textContent?.includes(notice))
            marks.notice ??= performance.now();
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      }, CANCELLED_RUN_NOTICE);
      await click(page, 'Cancel');
      await page.waitForSelector(byName('What was found', 'heading'));
      await waitForText(page, /^De-identification was cancelled\./);
      const marks = (await page.evaluate(() => Reflect.get(globalThis, '__cancelMarks'))) as {
        clicked: number;
        notice: number;
      };
      console.log(
        `Firefox: cancel to the review screen in ${(marks.notice - marks.clicked).toFixed(0)} ms`,
      );
      expect(marks.notice - marks.clicked).toBeLessThan(1000);

      // Nothing was downloaded, and nothing is after a while either: the part was dropped.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(walkFiles(ff.downloads)).toEqual([]);

      // The choices are kept; a new run goes to the end, in one archive.
      const field = await fieldByLabel(page, 'Passphrase');
      const passphrase = await field.evaluate((input) => input.value);
      expect(passphrase).toBe('firefox cancel');
      await start(page);
      await waitForDone(page, 180_000);
      expect(await doneCounts(page)).toEqual({
        Written: SLICES,
        Skipped: 0,
        Failed: 0,
        'Left out by you': 0,
      });
      const parts = await downloadedParts(ff.downloads, 60_000);
      expect(parts.map((part) => part.entries.length)).toEqual([SLICES + 2]);
      expect(ff.pageErrors).toEqual([]);
      expect(ff.remote()).toEqual([]);
    } finally {
      await ff.close();
    }
  });
});
