/**
 * NIfTI output in the page: dcm_qa_nih/In (two scanners, eight image series, two text files)
 * chosen with "Choose folder" in the single-file page from file://, NIfTI chosen, the zip
 * captured and unzipped. Each .nii.gz is compared by nibabel with the reference made by native
 * dcm2niix (Ref/<protocol>_<series>.nii): same shape, data type and voxels, affine within
 * 1e-3 mm. Every input has its row, and no name, ID, UID or folder name of the input appears in
 * any output byte (the .nii.gz decompressed) or name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { compareNifti, type NiftiComparison } from '../src/core/testing/nibabel';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from './support/app';
import { watchNetwork } from './support/network';
import { identifyingNeedles, pydicomOracle, unzipInto, zipEntries } from './support/oracle';
import { BUILT_PAGE, BUILT_PAGE_URL, requireBuilt, tempDir, walkFiles } from './support/paths';
import { NIFTI_IN as IN, NIFTI_REF as REF, referenceName } from './support/niftiReference';
import { readReport, type Report } from './support/reports';
import { captureZipFiles } from './support/saveStubs';

let work: ReturnType<typeof tempDir>;
let inputs: string[];
let report: Report;
let entries: string[];
let extracted: string;
let counts: Record<string, number>;
let remote: string[];
let pageErrors: string[];

test.describe('NIfTI output in the page', () => {
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(240_000);
    requireBuilt(BUILT_PAGE, 'npx vite build');
    work = tempDir('e2e-nifti');
    const context = await browser.newContext();
    const page = await context.newPage();
    const network = watchNetwork(context);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, IN);
    await page.getByRole('radio', { name: /^NIfTI/ }).check();
    await makeChoices(page, {
      passphrase: 'nifti e2e passphrase',
      save: 'Save as one .zip file',
      selectAll: true,
    });
    await start(page);
    await waitForDone(page, 200_000);
    const captured = await capture.archive(1);
    await captured.closed;
    counts = await doneCounts(page);
    remote = network.remote();
    await context.close();
    entries = zipEntries(captured.file);
    extracted = path.join(work.dir, 'extracted');
    unzipInto(captured.file, extracted);
    report = readReport(path.join(extracted, 'report.json'));
    inputs = walkFiles(IN);
  });

  test.afterAll(() => work?.remove());

  test('every input is accounted for: images written as NIfTI, the text files skipped', () => {
    expect(pageErrors).toEqual([]);
    expect(remote).toEqual([]);
    expect(report.files).toHaveLength(inputs.length);
    expect(report.totals.inputs).toBe(inputs.length);
    inputs.forEach((input, i) => {
      const row = report.files[i]!;
      expect(row.input).toBe(`input-${String(i + 1).padStart(6, '0')}`);
      if (input.endsWith('.txt')) expect(row.status, input).toBe('skipped');
      else {
        expect(row.status, `${input}: ${row.reason}`).toBe('written');
        expect(row.output, input).toMatch(/\.nii\.gz$/);
      }
    });
    expect(counts['Written']).toBe(report.totals.written);
    expect(report.totals.written + report.totals.skipped).toBe(inputs.length);
  });

  test('one .nii.gz and one .json per series, under pseudonymous names', () => {
    const images = entries.filter((e) => e.endsWith('.nii.gz'));
    const sidecars = entries.filter((e) => e.endsWith('.json') && e !== 'report.json');
    expect(images).toHaveLength(8);
    expect(sidecars).toHaveLength(8);
    for (const entry of [...images, ...sidecars])
      expect(entry).toMatch(
        /^ANON[0-9A-Z]{10}\/study-[0-9A-Z]+\/series-\d{4}-MR-[0-9A-Z]+\.(nii\.gz|json)$/,
      );
    expect(entries).toContain('report.csv');
  });

  test('each image matches its reference (nibabel: shape, type, voxels, affine ≤ 1e-3 mm)', () => {
    const pairs = new Map<string, string>();
    inputs.forEach((input, i) => {
      const row = report.files[i]!;
      if (row.status !== 'written') return;
      const ref = path.join(REF, `${referenceName(path.join(IN, input))}.nii`);
      const ours = path.join(extracted, row.output);
      const known = pairs.get(ref);
      if (known !== undefined) expect(known, 'one output per reference').toBe(ours);
      pairs.set(ref, ours);
    });
    expect(pairs.size).toBe(8);
    const results: NiftiComparison[] = compareNifti([...pairs.entries()]);
    for (const result of results) {
      const name = path.basename(result.ref);
      expect(result.ourShape, name).toEqual(result.refShape);
      expect(result.sameDtype, name).toBe(true);
      expect(result.sameVoxels, name).toBe(true);
      expect(result.affineDiff, name).toBeLessThanOrEqual(1e-3);
    }
  });

  test('no name, ID, UID or folder name of the input in any output byte or name', () => {
    const dicoms = inputs.filter((f) => !f.endsWith('.txt')).map((f) => path.join(IN, f));
    const views = Object.values(pydicomOracle({ inputs: dicoms }));
    const needles = new Set([
      ...identifyingNeedles(views.flatMap((v) => v.ids ?? [])),
      ...views.flatMap((v) => v.uids ?? []).filter((uid) => uid.length >= 10),
      ...new Set(inputs.flatMap((f) => f.split('/').slice(0, -1))),
      '20180918',
    ]);
    expect(needles.size).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const entry of entries) {
      let bytes: Buffer = readFileSync(path.join(extracted, entry));
      if (entry.endsWith('.gz')) bytes = gunzipSync(bytes);
      const text = `${entry}\n${bytes.toString('latin1')}`;
      for (const needle of needles) if (text.includes(needle)) hits.push(`${needle} in ${entry}`);
    }
    expect(hits).toEqual([]);
  });
});
