/**
 * The product as a hospital user meets it: the single-file page opened from file://, the
 * corpus (../shared/data) chosen with "Choose folder", the basic profile, a passphrase, every
 * series ticked, "Save as one .zip file" (showSaveFilePicker stubbed to stream the archive into
 * Node), and the mapping tables downloaded apart. The archive is then unzipped and checked
 * with tools that share no code with dicomanon: Info-ZIP's unzip and pydicom.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { NOT_DICOM_NAME } from '../src/core/testing/corpus';
import {
  chooseFolder,
  doneCounts,
  makeChoices,
  notWrittenRows,
  start,
  waitForDone,
} from './support/app';
import { watchNetwork } from './support/network';
import {
  identifyingNeedles,
  parseCsv,
  pydicomOracle,
  sha256,
  unzipInto,
  zipEntries,
  zipProblem,
  type OracleView,
} from './support/oracle';
import {
  BUILT_PAGE_URL,
  CORPUS,
  requireBuilt,
  BUILT_PAGE,
  tempDir,
  walkFiles,
} from './support/paths';
import { readReport, runCli, type Report } from './support/reports';
import { captureZipFiles } from './support/saveStubs';

const PASSPHRASE = 'correct horse battery staple e2e';
const REPORT_FILES = ['report.json', 'report.csv'];

interface FolderRun {
  /** Corpus files, relative to ../shared/data, in input order. */
  inputs: string[];
  /** The folder's name as the browser reports paths ("data/..."). */
  top: string;
  archive: string;
  entries: string[];
  extracted: string;
  report: Report;
  mappingZip: string;
  mappingEntries: string[];
  mapping: string;
  /** file_mapping.csv from the mapping download, header first. */
  fileMapping: string[][];
  counts: Record<string, number>;
  accountedText: string;
  notWritten: Array<{ file: string; result: string; why: string }>;
  suggestedName: string | undefined;
  defaultLeftOut: number;
  remote: string[];
  pageErrors: string[];
  cliOut: string;
  seconds: number;
  /** pydicom's view of every corpus file and of every written output (by absolute path). */
  views: Record<string, OracleView>;
  needles: string[];
}

let run: FolderRun;
let work: ReturnType<typeof tempDir>;

test.describe('the corpus from file:// into one streamed .zip', () => {
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(180_000);
    requireBuilt(BUILT_PAGE, 'npx vite build');
    work = tempDir('e2e-folder');
    const context = await browser.newContext();
    const page = await context.newPage();
    const network = watchNetwork(context);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);

    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, CORPUS);
    const defaultLeftOut = await leftOutCount(page);
    await makeChoices(page, {
      passphrase: PASSPHRASE,
      save: 'Save as one .zip file',
      selectAll: true,
      mapping: true,
    });
    expect(await leftOutCount(page)).toBe(0);
    const started = Date.now();
    await start(page);
    await waitForDone(page, 150_000);
    const captured = await capture.archive(1);
    await captured.closed;
    const archive = captured.file;
    const seconds = (Date.now() - started) / 1000;

    const counts = await doneCounts(page);
    const accountedText = (await page.getByText(/accounted for/).textContent()) ?? '';
    const notWritten = await notWrittenRows(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download mapping tables' }).click(),
    ]);
    const mappingZip = path.join(work.dir, download.suggestedFilename());
    await download.saveAs(mappingZip);
    await expect(page.getByText('The mapping tables were saved.')).toBeVisible();
    await context.close();

    const extracted = path.join(work.dir, 'extracted');
    unzipInto(archive, extracted);
    const mapping = path.join(work.dir, 'mapping');
    unzipInto(mappingZip, mapping);
    const inputs = walkFiles(CORPUS);
    const report = readReport(path.join(extracted, 'report.json'));
    const inputViews = pydicomOracle({ inputs: inputs.map((f) => path.join(CORPUS, f)) });
    const needles = identifyingNeedles(Object.values(inputViews).flatMap((v) => v.ids ?? []));
    const outputs = report.files.filter((r) => r.status === 'written');
    const outputViews = pydicomOracle({
      outputs: outputs.map((row) => path.join(extracted, row.output)),
      needles,
    });
    run = {
      inputs,
      top: path.basename(CORPUS),
      archive,
      entries: zipEntries(archive),
      extracted,
      report,
      mappingZip,
      mappingEntries: zipEntries(mappingZip),
      mapping,
      fileMapping: parseCsv(readFileSync(path.join(mapping, 'file_mapping.csv'), 'utf8')),
      counts,
      accountedText,
      notWritten,
      suggestedName: captured.suggestedName,
      defaultLeftOut,
      remote: network.remote(),
      pageErrors,
      cliOut: runCli(CORPUS, work.dir, PASSPHRASE),
      seconds,
      views: { ...inputViews, ...outputViews },
      needles,
    };
    console.log(
      `corpus: ${run.inputs.length} files, run in ${seconds.toFixed(1)} s, archive ` +
        `${(captured.bytes() / 1e6).toFixed(1)} MB`,
    );
  });

  test.afterAll(() => work?.remove());

  test('every input is accounted for exactly once, as the CLI decides with the same key', () => {
    const { report, inputs, entries } = run;
    expect(zipProblem(run.archive)).toBeUndefined();
    expect(run.suggestedName).toMatch(/^dicomanon-\d{8}-\d{4}\.zip$/);
    // Every series is ticked at first, those flagged for burned-in text too (issue 16: Clean
    // Pixel Data removes their text; this spec chooses "Do not change the images" to compare
    // with the CLI run without it).
    expect(run.defaultLeftOut).toBe(0);

    // One report row per input, in input order; the totals add up.
    expect(report.files.map((row) => row.input)).toEqual(
      inputs.map((_, i) => `input-${String(i + 1).padStart(6, '0')}`),
    );
    const { totals } = report;
    expect(totals.inputs).toBe(inputs.length);
    expect(totals.written + totals.skipped + totals.failed + totals.quarantined).toBe(
      totals.inputs,
    );
    for (const status of ['written', 'skipped', 'failed', 'quarantined'] as const) {
      expect(report.files.filter((row) => row.status === status)).toHaveLength(totals[status]);
    }

    // The done screen says the same, and that nothing is missing.
    expect(run.counts).toEqual({
      Written: totals.written,
      Skipped: totals.skipped,
      Failed: totals.failed,
      'Left out by you': 0,
    });
    // The final leak check finds nothing to hold back in the corpus under the basic profile:
    // every DICOM file that can be written correctly is written.
    expect(report.files.filter((row) => row.status === 'quarantined')).toEqual([]);
    expect(run.accountedText).toContain(
      `Every one of the ${inputs.length.toLocaleString('en-GB')}`,
    );

    // The archive holds exactly one entry per written input, and the two reports.
    const outputs = report.files.filter((row) => row.status === 'written').map((r) => r.output);
    expect(new Set(outputs).size).toBe(outputs.length);
    expect([...entries].sort()).toEqual([...outputs, ...REPORT_FILES].sort());
    expect(entries.slice(-2)).toEqual(REPORT_FILES);

    // The CLI with the same passphrase: same statuses and names, byte-identical files.
    const cli = readReport(path.join(run.cliOut, 'report.json'));
    expect(report.totals).toEqual(cli.totals);
    expect(report.files.map((r) => [r.input, r.status, r.output])).toEqual(
      cli.files.map((r) => [r.input, r.status, r.output]),
    );
    const differ = outputs.filter(
      (output) =>
        sha256(path.join(run.extracted, output)) !== sha256(path.join(run.cliOut, output)),
    );
    expect(differ).toEqual([]);
  });

  test('pydicom reads every output, and its pixel data equals its input’s', () => {
    const pairs = writtenPairs();
    expect(pairs).toHaveLength(run.report.totals.written);
    const { views } = run;
    const problems: string[] = [];
    let compared = 0;
    for (const { input, output, relative } of pairs) {
      const before = views[input]!;
      const after = views[output]!;
      if (after.error) problems.push(`${relative}: pydicom cannot read the output: ${after.error}`);
      else if (!before.error && before.pixels) {
        compared++;
        if (before.pixels !== after.pixels) problems.push(`${relative}: pixel data differ`);
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(800);
  });

  test('no output, file name or report carries a patient name or ID of the corpus', () => {
    const { needles } = run;
    expect(needles.length).toBeGreaterThan(50);
    const leaks = writtenPairs().flatMap(({ output, relative }) => {
      const view = run.views[output]!;
      if (view.error) return [`${relative}: pydicom cannot read the output`];
      return [...view.raw_hits!, ...view.text_hits!].map((value) => `${relative}: ${value}`);
    });
    expect(leaks).toEqual([]);

    // Names inside the archive, and the reports in it: no value, no input path or folder name.
    const segments = new Set(
      run.inputs.flatMap((f) => f.split('/')).filter((segment) => segment.length >= 6),
    );
    const entryNames = run.entries.map((entry) => entry.toLowerCase());
    const inNames = [...needles, ...segments].filter((value) =>
      entryNames.some((entry) => entry.includes(value.toLowerCase())),
    );
    expect(inNames).toEqual([]);
    // The reports name files by number: no value, no path, no file or folder name, except
    // plain words that reasons use too ("DICOMDIR", a folder named "encapsulated").
    const reports = REPORT_FILES.map((name) =>
      readFileSync(path.join(run.extracted, name), 'utf8').toLowerCase(),
    ).join('\n');
    const inReports = [...needles, ...run.inputs, ...segments]
      .filter((value) => !/^[A-Za-z]+$/.test(value))
      .filter((value) => reports.includes(value.toLowerCase()));
    expect(inReports).toEqual([]);
  });

  test('files that are not DICOM are skipped, and every file not written has a reason', () => {
    const { report, inputs } = run;
    const rows = report.files.map((row, i) => ({ ...row, file: inputs[i]! }));
    for (const row of rows) {
      if (row.status !== 'written') expect(row.reason, row.file).not.toBe('');
      if (NOT_DICOM_NAME.test(`/${row.file}`)) {
        expect([row.file, row.status, row.reason]).toEqual([
          row.file,
          'skipped',
          expect.stringMatching(/not DICOM/),
        ]);
      }
      if (/(^|\/)DICOMDIR$/.test(row.file)) {
        expect([row.file, row.status, row.reason]).toEqual([
          row.file,
          'skipped',
          expect.stringMatching(/DICOMDIR/),
        ]);
      }
    }
    expect(rows.filter((r) => NOT_DICOM_NAME.test(`/${r.file}`)).length).toBeGreaterThan(50);

    // The done screen lists each of them by its path, with the reason.
    const notWritten = rows.filter((row) => row.status !== 'written');
    expect(run.notWritten.map((r) => r.file).sort()).toEqual(
      notWritten.map((row) => `${run.top}/${row.file}`).sort(),
    );
    for (const shown of run.notWritten) {
      expect(shown.result).toMatch(/^(Skipped|Failed|Quarantined)$/);
      expect(shown.why).not.toBe('');
    }
  });

  test('the mapping tables are a separate download, never inside the archive', () => {
    expect(path.basename(run.mappingZip)).toMatch(/^dicomanon-\d{8}-\d{4}-mapping\.zip$/);
    expect(zipProblem(run.mappingZip)).toBeUndefined();
    expect([...run.mappingEntries].sort()).toEqual([
      'file_mapping.csv',
      'patid_mapping.csv',
      'uid_mapping.csv',
    ]);
    expect(run.entries.filter((entry) => /mapping/i.test(entry))).toEqual([]);

    // file_mapping.csv: every input, by its path, to its output: the one way back.
    const [header, ...files] = run.fileMapping;
    expect(header).toEqual(['input', 'input_path', 'output_path', 'status']);
    expect(files.map(([input, inputPath]) => [input, inputPath])).toEqual(
      run.report.files.map((row, i) => [row.input, `${run.top}/${run.inputs[i]}`]),
    );
    expect(files.map(([, , output, status]) => [output, status])).toEqual(
      run.report.files.map((row) => [row.output, row.status]),
    );

    // patid_mapping.csv: original IDs to pseudonyms, which are what the outputs' folders use.
    const [patHeader, ...patients] = parseCsv(
      readFileSync(path.join(run.mapping, 'patid_mapping.csv'), 'utf8'),
    );
    expect(patHeader).toEqual(['id_old', 'id_new']);
    expect(patients.length).toBeGreaterThan(20);
    const pseudonyms = new Set(patients.map(([, pseudonym]) => pseudonym));
    for (const pseudonym of pseudonyms) expect(pseudonym).toMatch(/^ANON[0-9A-Z]{10}$/);
    const folders = new Set(
      run.report.files.filter((r) => r.status === 'written').map((r) => r.output.split('/')[0]),
    );
    expect([...folders].filter((folder) => pseudonyms.has(folder!)).length).toBeGreaterThan(20);

    // Each output's PatientID is the pseudonym the table gives its input's PatientID.
    const pseudonymOf = new Map(patients.map(([id, pseudonym]) => [id!, pseudonym!]));
    const wrong = writtenPairs().filter(({ input, output }) => {
      const before = run.views[input]!.patient_id;
      return before && pseudonymOf.get(before) !== run.views[output]!.patient_id;
    });
    expect(wrong.map((p) => p.relative)).toEqual([]);

    // uid_mapping.csv: no original UID it lists is left in any output.
    const [uidHeader, ...uids] = parseCsv(
      readFileSync(path.join(run.mapping, 'uid_mapping.csv'), 'utf8'),
    );
    expect(uidHeader).toEqual(['id_old', 'id_new']);
    expect(uids.length).toBeGreaterThan(1000);
    // Only real UIDs: a test file uses "0" both as an instance UID (replaced) and as a SOP
    // class UID (kept, as class UIDs are).
    const oldUids = new Set(uids.map(([old]) => old!).filter((old) => /^\d+(\.\d+)+$/.test(old)));
    expect(oldUids.size).toBeGreaterThan(1000);
    const outputUids = new Set(writtenPairs().flatMap(({ output }) => run.views[output]!.uids!));
    expect([...outputUids].filter((uid) => oldUids.has(uid))).toEqual([]);
  });

  test('nothing left the machine, and the page raised no error', () => {
    expect(run.remote).toEqual([]);
    expect(run.pageErrors).toEqual([]);
  });
});

/**
 * The written files, paired by file_mapping.csv from the mapping download (input_path →
 * output_path): the corpus input and the extracted output of each.
 */
function writtenPairs(): Array<{ input: string; output: string; relative: string }> {
  const [, ...rows] = run.fileMapping;
  return rows.flatMap(([, inputPath, outputPath, status]) => {
    if (status !== 'written') return [];
    const relative = inputPath!.slice(run.top.length + 1);
    if (!inputPath!.startsWith(`${run.top}/`)) throw new Error(`unexpected path ${inputPath}`);
    return [
      {
        input: path.join(CORPUS, relative),
        output: path.join(run.extracted, outputPath!),
        relative,
      },
    ];
  });
}

/** "· 12 left out" in the start bar: DICOM files not ticked. */
async function leftOutCount(page: Page): Promise<number> {
  const text = (await page.locator('.action-bar').textContent()) ?? '';
  const match = /([\d,]+) left out/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : 0;
}
