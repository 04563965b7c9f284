/**
 * The fallback for browsers without the File System Access pickers (Firefox, Safari): the
 * output is downloaded as standalone .zip parts of at most 250 MB. Opened from the local
 * preview server this time. The folder: 50 files picked across the corpus (DICOM and not)
 * and a generated 500-slice CT series (≈ 263 MB), so that the output needs two parts.
 */
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import { makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import { DOWNLOAD_PART_BYTES } from '../src/app/runOptions';
import { NOT_DICOM_NAME } from '../src/core/testing/corpus';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from './support/app';
import { watchNetwork } from './support/network';
import { sha256, unzipInto, zipEntries, zipProblem } from './support/oracle';
import { CORPUS, PREVIEW_URL, tempDir, walkFiles } from './support/paths';
import { readReport, runCli } from './support/reports';
import { withoutPickers } from './support/saveStubs';

const PASSPHRASE = 'parts e2e passphrase';
const CORPUS_FILES = 50;
const SLICES = 500;

test('without the pickers, the output is downloaded as standalone .zip parts', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const work = tempDir('e2e-parts');
  try {
    // The folder: every n-th corpus file, under its own relative path, and the CT series.
    const study = path.join(work.dir, 'study');
    const corpus = walkFiles(CORPUS);
    const step = Math.floor(corpus.length / CORPUS_FILES);
    for (let i = 0; i < CORPUS_FILES; i++) {
      const relative = corpus[i * step]!;
      mkdirSync(path.dirname(path.join(study, 'corpus', relative)), { recursive: true });
      copyFileSync(path.join(CORPUS, relative), path.join(study, 'corpus', relative));
    }
    mkdirSync(path.join(study, 'ct'));
    for (const file of makeSyntheticCtSeries({ slices: SLICES, seed: 4 })) {
      writeFileSync(path.join(study, 'ct', file.name), file.bytes);
    }
    const inputs = walkFiles(study);

    const network = watchNetwork(context, [PREVIEW_URL]);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await withoutPickers(page);
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));

    await page.goto(PREVIEW_URL);
    await chooseFolder(page, study);
    // Without the pickers, downloading is the only way, and already chosen.
    await expect(page.getByLabel('Save as one .zip file')).toBeDisabled();
    await expect(page.getByLabel('Save into a folder')).toBeDisabled();
    await expect(page.getByLabel('Download in parts')).toBeChecked();
    await makeChoices(page, { passphrase: PASSPHRASE, save: 'Download in parts', selectAll: true });
    await start(page);
    await waitForDone(page, 120_000);
    await expect(page.getByText(/downloaded as \.zip parts/)).toBeVisible();
    const counts = await doneCounts(page);

    // Each part as it was downloaded; the reports come last, in the last part.
    const parts: Array<{ name: string; file: string; entries: string[] }> = [];
    const saved = new Set<Download>();
    await expect
      .poll(
        async () => {
          for (const download of downloads.filter((d) => !saved.has(d))) {
            saved.add(download);
            const file = path.join(work.dir, 'parts', download.suggestedFilename());
            await download.saveAs(file);
            parts.push({ name: download.suggestedFilename(), file, entries: zipEntries(file) });
          }
          return parts.some((part) => part.entries.includes('report.json'));
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    console.log(
      `download parts: ${parts.map((p) => `${p.name} ${(statSync(p.file).size / 1e6).toFixed(1)} MB`).join(', ')}`,
    );
    const base = /^(dicomanon-\d{8}-\d{4})-part1\.zip$/.exec(parts[0]!.name)?.[1];
    expect(base, parts[0]!.name).toBeDefined();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((part) => part.name)).toEqual(parts.map((_, i) => `${base}-part${i + 1}.zip`));
    for (const part of parts) {
      // Standalone: each part opens and checks on its own, and keeps to the size.
      expect(zipProblem(part.file), part.name).toBeUndefined();
      expect(part.entries.length, part.name).toBeGreaterThan(0);
      expect(statSync(part.file).size, part.name).toBeLessThanOrEqual(DOWNLOAD_PART_BYTES);
    }

    const extracted = path.join(work.dir, 'extracted');
    for (const part of parts) unzipInto(part.file, extracted);
    const report = readReport(path.join(extracted, 'report.json'));
    expect(report.files).toHaveLength(inputs.length);
    const written = report.files.filter((row) => row.status === 'written');
    expect(counts).toEqual({
      Written: written.length,
      Skipped: report.totals.skipped,
      Failed: report.totals.failed,
      'Left out by you': 0,
    });

    // Every output exactly once across the parts, and nothing else but the two reports.
    const all = parts.flatMap((part) => part.entries);
    expect(all.length).toBe(new Set(all).size);
    expect([...all].sort()).toEqual(
      [...written.map((row) => row.output), 'report.json', 'report.csv'].sort(),
    );
    expect(parts.at(-1)!.entries.slice(-2)).toEqual(['report.json', 'report.csv']);

    // The same statuses, names and bytes as the CLI with the same passphrase.
    const cliOut = runCli(study, work.dir, PASSPHRASE);
    const cli = readReport(path.join(cliOut, 'report.json'));
    expect(report.files.map((r) => [r.input, r.status, r.output])).toEqual(
      cli.files.map((r) => [r.input, r.status, r.output]),
    );
    const differ = written.filter(
      (row) => sha256(path.join(extracted, row.output)) !== sha256(path.join(cliOut, row.output)),
    );
    expect(differ.map((row) => row.input)).toEqual([]);

    // The CT series is written whole; the corpus's non-DICOM files are skipped with a reason.
    inputs.forEach((input, i) => {
      const row = report.files[i]!;
      if (input.startsWith('ct/')) expect([input, row.status]).toEqual([input, 'written']);
      if (NOT_DICOM_NAME.test(`/${input}`)) {
        expect([input, row.status, row.reason]).toEqual([
          input,
          'skipped',
          expect.stringMatching(/not DICOM/),
        ]);
      }
    });
    expect(inputs.filter((input) => NOT_DICOM_NAME.test(`/${input}`)).length).toBeGreaterThan(2);

    // The log is not blind: it saw the workers' scripts load (blob: URLs).
    expect(network.all.some((url) => url.startsWith('blob:'))).toBe(true);
    expect(network.remote()).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    work.remove();
  }
});
