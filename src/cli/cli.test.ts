/**
 * End-to-end: the built CLI run as a child process on copies of real corpus files, its outputs
 * checked with dcmdump (DCMTK), an independent parser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRow } from '../core/report/report';
import { corpusFile } from '../core/testing/corpus';
import { makeSyntheticCtSeries } from '../../scripts/makeSyntheticCtSeries';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  treeDigest,
} from './testing/cliHarness';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const corpus = (name: string): string => corpusFile(`${TEST_FILES}/${name}`);

/** Input layout: folder names that look like patient names, as real exports often have. */
const INPUT_FILES: ReadonlyArray<readonly [string, string]> = [
  ['Doe^John 1970/CT_small.dcm', 'CT_small.dcm'],
  ['Doe^John 1970/MR_small.dcm', 'MR_small.dcm'],
  ['Doe^John 1970/again/MR_small.dcm', 'MR_small.dcm'], // the same instance twice
  ['Doe^John 1970/rtplan.dcm', 'rtplan.dcm'],
  ['Smith Jane/JPEG2000.dcm', 'JPEG2000.dcm'],
  ['Smith Jane/image_dfl.dcm', 'image_dfl.dcm'],
  ['Smith Jane/MR_truncated.dcm', 'MR_truncated.dcm'],
  ['Smith Jane/README.txt', 'README.txt'],
  ['Smith Jane/crayons.icc', 'crayons.icc'],
  ['top-level-crash-me.dcm', 'CT_small.dcm'],
  ['zz-hang-me.dcm', 'MR_small.dcm'],
];

let cli: string;
let work: string;
let input: string;
let before: Map<string, string>;
/** Original PatientName / PatientID values (and input path fragments) that must not leak. */
let secrets: string[];

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-'));
  input = path.join(work, 'Doe^John 1970 export');
  for (const [target, source] of INPUT_FILES) {
    mkdirSync(path.dirname(path.join(input, target)), { recursive: true });
    copyFileSync(corpus(source), path.join(input, target));
  }
  before = treeDigest(input);
  const identifiers = new Set<string>();
  for (const source of new Set(INPUT_FILES.map(([, s]) => s))) {
    if (!source.endsWith('.dcm') || source.includes('truncated')) continue;
    const dump = execFileSync('dcmdump', [
      '-q',
      '+P',
      '0010,0010',
      '+P',
      '0010,0020',
      corpus(source),
    ]);
    for (const match of dump.toString().matchAll(/\[([^\]]+)\]/g)) {
      if (match[1]!.replaceAll('^', '').length >= 4) identifiers.add(match[1]!);
    }
  }
  secrets = [
    ...identifiers,
    'Doe^John',
    'Smith Jane',
    'CT_small',
    'MR_small',
    'rtplan',
    'crash-me',
  ];
  expect(identifiers.size).toBeGreaterThanOrEqual(6);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

function expectNoSecrets(text: string, where: string): void {
  for (const secret of secrets) expect(text, `${where} leaks ${secret}`).not.toContain(secret);
}

function expectDcmdumpReads(file: string): void {
  const result = spawnSync('dcmdump', ['-q', file], { encoding: 'utf8' });
  expect(result.status, `dcmdump on ${file}: ${result.stderr}`).toBe(0);
  expect(result.stderr).not.toMatch(/^E:/m);
}

describe('dicomanon CLI', () => {
  const CRASH_HOOK = { DICOMANON_TEST_CRASH_ON: 'crash-me' };
  let output: string;
  let mapping: string;
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    output = path.join(work, 'out');
    mapping = path.join(work, 'mapping');
    const keyFile = path.join(work, 'key.txt');
    writeFileSync(keyFile, 'correct horse battery staple\n');
    run = runCli(
      cli,
      [input, output, '--dicom', '--key-file', keyFile, '--mapping', mapping, '--jobs', '2'],
      { env: CRASH_HOOK },
    );
  }, 60_000);

  it('accounts for every input exactly once, with totals that reconcile, and exits 1 on failures', () => {
    expect(run.code, run.stderr).toBe(1);
    const report = readReportJson(output);
    expect(report.files.map((f) => f.input)).toEqual(
      INPUT_FILES.map((_, i) => `input-${String(i + 1).padStart(6, '0')}`),
    );
    const { totals } = report;
    expect(totals.inputs).toBe(INPUT_FILES.length);
    expect(totals.written + totals.skipped + totals.failed).toBe(totals.inputs);
  });

  it('gives each kind of input its status and a reason without paths', () => {
    // Sorted walk order: "Doe^John 1970/" (again/ first), "Smith Jane/", then the top files.
    const byName = new Map<string, ReportRow>();
    const sortedNames = INPUT_FILES.map(([name]) => name).sort((a, b) =>
      a.split('/').join('\0') < b.split('/').join('\0') ? -1 : 1,
    );
    readReportJson(output).files.forEach((file, i) => byName.set(sortedNames[i]!, file));
    const status = (name: string) => byName.get(name)!.status;
    expect(status('Doe^John 1970/CT_small.dcm')).toBe('written');
    expect(status('Smith Jane/image_dfl.dcm')).toBe('written');
    expect(status('Smith Jane/README.txt')).toBe('skipped');
    expect(status('Smith Jane/crayons.icc')).toBe('skipped');
    expect(status('Smith Jane/MR_truncated.dcm')).toBe('failed');
    expect(byName.get('top-level-crash-me.dcm')).toMatchObject({
      status: 'failed',
      reason: 'the worker crashed (exit code 70)',
    });
    expect(byName.get('zz-hang-me.dcm')!.status).toBe('written'); // no hang hook in this run
  });

  it('writes outputs that dcmdump reads, under unique names (_2 for the repeated instance)', () => {
    const report = readReportJson(output);
    const written = report.files.filter((f) => f.status === 'written');
    expect(written.length).toBe(7);
    const outputs = written.map((f) => f.output);
    expect(new Set(outputs).size).toBe(outputs.length);
    // MR_small.dcm three times: by input order the base name, then _2 (again/), then _3.
    const mr = outputs.filter((o) => o.startsWith(outputs[1]!.replace(/\.dcm$/, '')));
    expect(mr).toEqual([
      outputs[1],
      outputs[1]!.replace(/\.dcm$/, '_2.dcm'),
      outputs[1]!.replace(/\.dcm$/, '_3.dcm'),
    ]);
    expect(filesUnder(output).sort()).toEqual([...outputs, 'report.csv', 'report.json'].sort());
    for (const file of outputs) expectDcmdumpReads(path.join(output, file));
  });

  it('leaves the input tree exactly as it was', () => {
    expect(treeDigest(input)).toEqual(before);
  });

  it('puts no original identifier or input path fragment in reports or on stderr', () => {
    expectNoSecrets(readFileSync(path.join(output, 'report.json'), 'utf8'), 'report.json');
    expectNoSecrets(readFileSync(path.join(output, 'report.csv'), 'utf8'), 'report.csv');
    expectNoSecrets(run.stderr, 'stderr');
    expect(run.stderr).toMatch(/input-0000\d\d failed: the worker crashed/);
    expect(run.stderr).toMatch(/11 inputs: 7 written, 2 skipped, 2 failed/);
  });

  it('writes the mapping tables, outside the output, with their headers', () => {
    const read = (name: string) => readFileSync(path.join(mapping, name), 'utf8').split('\r\n');
    expect(read('uid_mapping.csv')[0]).toBe('id_old,id_new');
    expect(read('patid_mapping.csv')[0]).toBe('id_old,id_new');
    expect(read('patid_mapping.csv').some((line) => line.startsWith('1CT1,'))).toBe(true);
    const files = read('file_mapping.csv');
    expect(files[0]).toBe('input,input_path,output_path,status');
    expect(files.filter((line) => line !== '')).toHaveLength(INPUT_FILES.length + 1);
    expect(files.some((line) => line.includes('MR_truncated.dcm,,failed'))).toBe(true);
  });

  it('gives byte-identical outputs for the same key, whatever the number of jobs', () => {
    const again = path.join(work, 'again');
    const keyFile = path.join(work, 'key2.txt');
    writeFileSync(keyFile, 'correct horse battery staple\r\n'); // same passphrase, CRLF ending
    const second = runCli(cli, [input, again, '--dicom', '--key-file', keyFile, '--jobs', '1'], {
      env: CRASH_HOOK,
    });
    expect(second.code, second.stderr).toBe(1);
    // And with the default workers grown by one at once, as a long run is (dicomRun.ts).
    const grown = path.join(work, 'grown');
    const third = runCli(cli, [input, grown, '--dicom', '--key-file', keyFile], {
      env: { ...CRASH_HOOK, DICOMANON_TEST_GROW_AFTER_MS: '0' },
    });
    expect(third.code, third.stderr).toBe(1);
    for (const run of [again, grown]) {
      expect(readFileSync(path.join(run, 'report.json'), 'utf8')).toBe(
        readFileSync(path.join(output, 'report.json'), 'utf8'),
      );
      for (const file of filesUnder(output)) {
        expect(
          readFileSync(path.join(run, file)).equals(readFileSync(path.join(output, file))),
          file,
        ).toBe(true);
      }
    }
  });
});

describe('dicomanon CLI --zip', () => {
  it('writes the outputs and reports into the zip, and the reports into the output directory', () => {
    const zipOut = path.join(work, 'zip-out');
    const zipFile = path.join(work, 'archive', 'deid.zip');
    const keyFile = path.join(work, 'key3.txt');
    writeFileSync(keyFile, 'correct horse battery staple');
    const result = runCli(
      cli,
      [input, zipOut, '--dicom', '--key-file', keyFile, '--zip', zipFile],
      {
        env: { DICOMANON_TEST_CRASH_ON: 'crash-me' },
      },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(filesUnder(zipOut)).toEqual(['report.csv', 'report.json']);
    expect(spawnSync('unzip', ['-tq', zipFile]).status).toBe(0);
    const entries = execFileSync('unzip', ['-Z1', zipFile], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const written = readReportJson(zipOut).files.filter((f) => f.status === 'written');
    // Entries in input order, then the reports.
    expect(entries).toEqual([...written.map((f) => f.output), 'report.json', 'report.csv']);
    const fromZip = (name: string) => execFileSync('unzip', ['-p', zipFile, name]);
    expect(fromZip('report.json').toString()).toBe(
      readFileSync(path.join(zipOut, 'report.json'), 'utf8'),
    );
    // Same key as the directory run: the same bytes.
    for (const { output: name } of written) {
      expect(fromZip(name).equals(readFileSync(path.join(work, 'out', name))), name).toBe(true);
    }
    expectNoSecrets(entries.join('\n'), 'zip entry names');
  });

  it('holds the bytes of the folder run when output buffers go round (slices of 0.5 MB)', () => {
    // Outputs of 64 KiB and more travel back to the worker once written (outputBuffers.ts),
    // into a zip as into a folder: an entry written from a buffer already reused would differ.
    const slices = path.join(work, 'slices');
    mkdirSync(slices);
    for (const slice of makeSyntheticCtSeries({ slices: 12, seed: 1700 }))
      writeFileSync(path.join(slices, slice.name), slice.bytes);
    const keyFile = path.join(work, 'key-slices.txt');
    writeFileSync(keyFile, 'correct horse battery staple');
    const folder = path.join(work, 'slices-folder');
    const zipFile = path.join(work, 'slices.zip');
    for (const args of [[folder], [path.join(work, 'slices-zip'), '--zip', zipFile]]) {
      const result = runCli(cli, [slices, ...args, '--dicom', '--key-file', keyFile]);
      expect(result.code, result.stderr).toBe(0);
    }
    const written = readReportJson(folder).files.map((f) => f.output);
    expect(written).toHaveLength(12);
    for (const name of written) {
      const entry = execFileSync('unzip', ['-p', zipFile, name], { maxBuffer: 4 << 20 });
      expect(entry.length, name).toBeGreaterThan(512 * 1024);
      expect(entry.equals(readFileSync(path.join(folder, name))), name).toBe(true);
    }
  });
});

describe('dicomanon CLI per-file timeout', () => {
  it('stops a worker stuck on one file, fails that file and writes the rest', () => {
    const small = path.join(work, 'small-in');
    mkdirSync(small);
    for (const name of ['a.dcm', 'hang-me.dcm', 'b.dcm']) {
      copyFileSync(
        corpus(name === 'b.dcm' ? 'CT_small.dcm' : 'MR_small.dcm'),
        path.join(small, name),
      );
    }
    const out = path.join(work, 'small-out');
    const result = runCli(
      cli,
      [small, out, '--dicom', '--jobs', '1', '--file-timeout-ms', '1500'],
      {
        env: { DICOMANON_TEST_HANG_ON: 'hang-me' },
      },
    );
    expect(result.code, result.stderr).toBe(1);
    const files = readReportJson(out).files;
    expect(files.map((f) => f.status)).toEqual(['written', 'written', 'failed']);
    expect(files[2]!.reason).toBe('took longer than 1.5 s and was stopped');
    expect(result.stderr).toContain('input-000003 failed: took longer than 1.5 s and was stopped');
  });
});
