/**
 * The hospital user on Firefox ESR: the single-file page opened from file://, a folder chosen
 * with "Choose folder" (the whole corpus, ../shared/data, and a generated 500-slice CT series,
 * so that the output needs two parts), the basic profile and a passphrase, every series
 * ticked, and the output downloaded as .zip parts, the only way Firefox offers. The parts are
 * then unzipped and checked with tools that share no code with dicomanon (Info-ZIP's unzip,
 * pydicom) and against the CLI with the same passphrase.
 */
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeSyntheticCtSeries } from '../../scripts/makeSyntheticCtSeries';
import { DOWNLOAD_PART_BYTES } from '../../src/app/runOptions';
import { NOT_DICOM_NAME } from '../../src/core/testing/corpus';
import { watchMemory } from '../../bench/browserMemory';
import {
  identifyingNeedles,
  pydicomOracle,
  sha256,
  unzipInto,
  zipProblem,
  type OracleView,
} from '../support/oracle';
import {
  CORPUS,
  SINGLE_FILE,
  SINGLE_FILE_URL,
  requireBuilt,
  tempDir,
  walkFiles,
} from '../support/paths';
import { readReport, runCli, type Report } from '../support/reports';
import {
  downloadedParts,
  launchFirefox,
  recorderCanary,
  type BrowserPrompt,
  type DownloadedPart,
} from './firefox';
import {
  chooseFolder,
  doneCounts,
  isChecked,
  isDisabled,
  makeChoices,
  start,
  waitForDone,
  waitForText,
} from './ui';
import { screenshot } from './screenshots';

const PASSPHRASE = 'firefox corpus passphrase';
const SLICES = 500;
const REPORTS = ['report.json', 'report.csv'];

interface CorpusRun {
  inputs: string[];
  parts: DownloadedPart[];
  extracted: string;
  report: Report;
  counts: Record<string, number>;
  accounted: string;
  saveHints: { zip: boolean; folder: boolean; partsChecked: boolean; notHere: string };
  prompts: BrowserPrompt[];
  /** What the first screen says of Firefox's question. */
  uploadNote: string;
  canary: string[];
  requests: string[];
  remote: string[];
  pageErrors: string[];
  cliOut: string;
  views: Record<string, OracleView>;
  needles: string[];
}

let run: CorpusRun;
let work: ReturnType<typeof tempDir>;

describe('Firefox ESR: the corpus from file://, downloaded in parts', () => {
  beforeAll(async () => {
    requireBuilt(SINGLE_FILE, 'npx vite build');
    work = tempDir('firefox-corpus');
    const study = path.join(work.dir, 'study');
    cpSync(CORPUS, path.join(study, 'corpus'), { recursive: true });
    mkdirSync(path.join(study, 'ct'));
    for (const file of makeSyntheticCtSeries({ slices: SLICES, seed: 19 })) {
      writeFileSync(path.join(study, 'ct', file.name), file.bytes);
    }
    const inputs = walkFiles(study);

    const downloads = path.join(work.dir, 'downloads');
    const ff = await launchFirefox(downloads);
    try {
      const canary = await recorderCanary(ff);
      const appFrom = ff.requests.length;
      const { page } = ff;
      await page.goto(SINGLE_FILE_URL);
      const uploadNote = await waitForText(page, /confirm an “upload” when you choose a folder/);
      await chooseFolder(ff, study);
      const notHere = await page.$eval(
        '.choice:has(input:disabled) .hint',
        (hint) => hint.textContent ?? '',
      );
      const saveHints = {
        zip: await isDisabled(page, 'Save as one .zip file'),
        folder: await isDisabled(page, 'Save into a folder'),
        partsChecked: await isChecked(page, 'Download in parts'),
        notHere,
      };
      await screenshot(page, 'review');
      await makeChoices(page, { passphrase: PASSPHRASE, selectAll: true });

      const memory = watchMemory(ff.pid);
      const started = Date.now();
      await start(page);
      await waitForDone(page, 240_000);
      const seconds = (Date.now() - started) / 1000;
      await waitForText(page, /downloaded as \.zip parts/);
      const counts = await doneCounts(page);
      const accounted = await waitForText(page, /accounted for/);
      await screenshot(page, 'done');

      const parts = await downloadedParts(downloads, 120_000);
      const memoryReport = memory.stop();
      console.log(
        `Firefox ${ff.version}: ${inputs.length} files in ${seconds.toFixed(1)} s; parts ` +
          parts.map((p) => `${p.name} ${(statSync(p.file).size / 1e6).toFixed(0)} MB`).join(', ') +
          `; tab peak ${((memoryReport.peakByKind.renderer ?? 0) / 1e6).toFixed(0)} MB`,
      );
      const requests = ff.requests.slice(appFrom);
      const prompts = await ff.prompts();
      const pageErrors = [...ff.pageErrors];
      await ff.close();

      const extracted = path.join(work.dir, 'extracted');
      for (const part of parts) unzipInto(part.file, extracted);
      const report = readReport(path.join(extracted, 'report.json'));
      const inputViews = pydicomOracle({ inputs: inputs.map((f) => path.join(study, f)) });
      const needles = identifyingNeedles(Object.values(inputViews).flatMap((v) => v.ids ?? []));
      const outputViews = pydicomOracle({
        outputs: report.files
          .filter((row) => row.status === 'written')
          .map((row) => path.join(extracted, row.output)),
        needles,
      });
      run = {
        inputs: inputs.map((f) => path.join(study, f)),
        parts,
        extracted,
        report,
        counts,
        accounted,
        saveHints,
        prompts,
        uploadNote,
        canary,
        requests,
        remote: requests.filter((url) => !/^(file|blob|data|about):/.test(url)),
        pageErrors,
        cliOut: runCli(study, work.dir, PASSPHRASE),
        views: { ...inputViews, ...outputViews },
        needles,
      };
    } catch (error) {
      await ff.close();
      throw error;
    }
  }, 600_000);

  afterAll(() => work?.remove());

  test('without the pickers, the page says so and downloading in parts is chosen', () => {
    expect(run.saveHints).toEqual({
      zip: true,
      folder: true,
      partsChecked: true,
      notHere: expect.stringMatching(/Not available in this browser/),
    });
  });

  test('the output comes as standalone .zip parts, each within the size', () => {
    const { parts } = run;
    const base = /^(dicomanon-\d{8}-\d{4})-part1\.zip$/.exec(parts[0]!.name)?.[1];
    expect(base, parts[0]!.name).toBeDefined();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((part) => part.name)).toEqual(parts.map((_, i) => `${base}-part${i + 1}.zip`));
    for (const part of parts) {
      expect(zipProblem(part.file), part.name).toBeUndefined();
      expect(statSync(part.file).size, part.name).toBeLessThanOrEqual(DOWNLOAD_PART_BYTES);
    }
    // Each output exactly once across the parts, the reports last.
    const all = parts.flatMap((part) => part.entries);
    const written = run.report.files.filter((row) => row.status === 'written');
    expect(all.length).toBe(new Set(all).size);
    expect([...all].sort()).toEqual([...written.map((row) => row.output), ...REPORTS].sort());
    expect(parts.at(-1)!.entries.slice(-2)).toEqual(REPORTS);
  });

  test('every input is accounted for, as the CLI decides with the same passphrase', () => {
    const { report, inputs } = run;
    expect(report.files.map((row) => row.input)).toEqual(
      inputs.map((_, i) => `input-${String(i + 1).padStart(6, '0')}`),
    );
    const { totals } = report;
    expect(totals.inputs).toBe(inputs.length);
    expect(totals.written + totals.skipped + totals.failed + totals.quarantined).toBe(
      inputs.length,
    );
    expect(run.counts).toEqual({
      Written: totals.written,
      Skipped: totals.skipped,
      Failed: totals.failed,
      'Left out by you': 0,
    });
    expect(run.accounted).toContain(`Every one of the ${inputs.length.toLocaleString('en-GB')}`);

    const cli = readReport(path.join(run.cliOut, 'report.json'));
    expect(report.totals).toEqual(cli.totals);
    expect(report.files.map((r) => [r.input, r.status, r.output])).toEqual(
      cli.files.map((r) => [r.input, r.status, r.output]),
    );
    const differ = report.files
      .filter((row) => row.status === 'written')
      .filter(
        (row) =>
          sha256(path.join(run.extracted, row.output)) !==
          sha256(path.join(run.cliOut, row.output)),
      )
      .map((row) => row.input);
    expect(differ).toEqual([]);

    // The generated series is written whole; files that are not DICOM are skipped, saying so.
    run.inputs.forEach((input, i) => {
      const row = report.files[i]!;
      if (input.includes('/ct/CT')) expect([input, row.status]).toEqual([input, 'written']);
      if (NOT_DICOM_NAME.test(input)) {
        expect([input, row.status, row.reason]).toEqual([
          input,
          'skipped',
          expect.stringMatching(/not DICOM/),
        ]);
      }
    });
  });

  test('pydicom reads every output, and its pixel data equal its input’s', () => {
    const problems: string[] = [];
    let compared = 0;
    run.report.files.forEach((row, i) => {
      if (row.status !== 'written') return;
      const before = run.views[run.inputs[i]!]!;
      const after = run.views[path.join(run.extracted, row.output)]!;
      if (after.error) problems.push(`${row.output}: pydicom cannot read it: ${after.error}`);
      else if (!before.error && before.pixels) {
        compared++;
        if (before.pixels !== after.pixels) problems.push(`${run.inputs[i]}: pixel data differ`);
      }
    });
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(800 + SLICES);
  });

  test('no output byte, entry name or report carries a patient name or ID of the input', () => {
    expect(run.needles.length).toBeGreaterThan(50);
    const leaks = run.report.files.flatMap((row) => {
      if (row.status !== 'written') return [];
      const view = run.views[path.join(run.extracted, row.output)]!;
      return [...(view.raw_hits ?? []), ...(view.text_hits ?? [])].map(
        (hit) => `${row.output}: ${hit}`,
      );
    });
    expect(leaks).toEqual([]);
    const names = run.parts
      .flatMap((part) => part.entries)
      .join('\n')
      .toLowerCase();
    expect(run.needles.filter((needle) => names.includes(needle.toLowerCase()))).toEqual([]);
    const reports = REPORTS.map((name) => readFileSync(path.join(run.extracted, name), 'utf8'))
      .join('\n')
      .toLowerCase();
    expect(run.needles.filter((needle) => reports.includes(needle.toLowerCase()))).toEqual([]);
  });

  test('nothing left the machine, and the recorder would have seen it', () => {
    expect(run.canary).toEqual(expect.arrayContaining(['/', '/from-page', '/from-worker']));
    expect(run.requests.length).toBeGreaterThan(0); // the page's own data: URLs (its fonts)
    expect(run.remote).toEqual([]);
    expect(run.pageErrors).toEqual([]);
  });

  test('Firefox asked once, to confirm the folder, as the page said, and never about the downloads', () => {
    expect(run.uploadNote).toMatch(/Firefox among them.*only lets this page read the files/);
    expect(run.prompts).toEqual([
      {
        title: 'Confirm Upload',
        text: 'Are you sure you want to upload all files from “study”? Only do this if you trust the site.',
        button: 'Upload',
      },
    ]);
  });
});
