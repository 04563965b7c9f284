/**
 * End-to-end: input folders and files whose names are not valid UTF-8 (Latin-1 "Müller", as
 * old exports and mounted Windows shares make them), beside a valid non-ASCII name, through
 * the built CLI in --dicom, --zip and --nifti runs and a resume after a kill. Each input must
 * get exactly one row and be written (or skipped with its reason), never be lost as "not found";
 * the file mapping must tell every name apart; the inputs must stay unchanged; and no byte of an
 * input's name may reach an output's name.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { JOURNAL_FILE } from './journal';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  type CliRun,
} from './testing/cliHarness';
import { contentDigest, journaledInputs, runAndSignal } from './testing/interrupted';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const GE_SERIES = 'dcm_qa_nih/In/20180918GE/mr_0004';
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/**
 * Input name (bytes, "/"-separated) → corpus file, and how the file mapping must show the name.
 * "Mül" and "Mïl" differ in one invalid byte: a lossy decode would show both as "M�l".
 */
const INPUTS: ReadonlyArray<readonly [Buffer, string, string]> = [
  [latin1('M\xfcller/CT.dcm'), `${TEST_FILES}/CT_small.dcm`, 'M\\xFCller/CT.dcm'],
  [latin1('M\xfcller/\xc9tude.dcm'), `${TEST_FILES}/MR_small.dcm`, 'M\\xFCller/\\xC9tude.dcm'],
  [latin1('M\xfcl.dcm'), `${TEST_FILES}/JPEG2000.dcm`, 'M\\xFCl.dcm'],
  [latin1('M\xefl.dcm'), `${TEST_FILES}/rtplan.dcm`, 'M\\xEFl.dcm'],
  [Buffer.from('Zoë.dcm'), `${TEST_FILES}/MR_small_RLE.dcm`, 'Zoë.dcm'],
  [latin1('back\\sl\xe4sh.txt'), `${TEST_FILES}/README.txt`, 'back\\\\sl\\xE4sh.txt'],
];
/** Sorts last: the file a worker hangs on (DICOMANON_TEST_HANG_ON) when the run is killed. */
const LAST: readonly [Buffer, string, string] = [
  latin1('~hang\xfc.dcm'),
  `${TEST_FILES}/CT_small.dcm`,
  '~hang\\xFC.dcm',
];
const BROKEN_LINK = latin1('li\xe9n');

let cli: string;
let work: string;
let input: string;
let key: string;
let inputBefore: Map<string, string>;

/** `relative` (bytes) under `dir`, as a path fs opens. */
const under = (dir: string, relative: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`${dir}/`), relative]);

/**
 * Every entry under `dir`, read with byte names (the harness's treeDigest reads names as text,
 * which loses exactly these files): name in latin1, one char per byte → hash, mode and mtime.
 */
function byteTree(dir: Buffer, prefix = ''): Map<string, string> {
  const tree = new Map<string, string>();
  for (const name of readdirSync(dir, { encoding: 'buffer' })) {
    const full = Buffer.concat([dir, Buffer.from('/'), name]);
    const rel = `${prefix}${name.toString('latin1')}`;
    const info = lstatSync(full);
    if (info.isDirectory()) {
      tree.set(`${rel}/`, `dir ${info.mode.toString(8)} ${info.mtimeMs}`);
      for (const [k, v] of byteTree(full, `${rel}/`)) tree.set(k, v);
    } else if (info.isFile()) {
      const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
      tree.set(rel, `${hash} ${info.mode.toString(8)} ${info.mtimeMs}`);
    } else {
      tree.set(rel, `other ${info.mode.toString(8)}`);
    }
  }
  return tree;
}

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-non-utf8-'));
  input = path.join(work, 'in');
  mkdirSync(under(input, latin1('M\xfcller')), { recursive: true });
  mkdirSync(under(input, latin1('S\xe9rie')));
  for (const [name, source] of [...INPUTS, LAST])
    copyFileSync(corpusFile(source), under(input, name));
  // Three slices of one GE series, for --nifti: a series in a folder with an invalid name.
  const slices = readdirSync(corpusFile(GE_SERIES))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 3);
  for (const slice of slices) {
    const name = Buffer.concat([latin1('S\xe9rie/'), Buffer.from(slice)]);
    copyFileSync(corpusFile(`${GE_SERIES}/${slice}`), under(input, name));
  }
  symlinkSync(path.join(work, 'missing'), under(input, BROKEN_LINK));
  key = path.join(work, 'key');
  writeFileSync(key, 'non-utf8 names test key\n');
  inputBefore = byteTree(Buffer.from(input));
}, 120_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

/** The inputs found by walking the tree with byte names: every one must have its row. */
const INPUT_COUNT = INPUTS.length + 1 + 3 + 1;

function run(out: string, ...more: string[]): CliRun {
  return runCli(cli, [input, out, '--key-file', key, '-j', '1', ...more]);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The rows of file_mapping.csv: input id → input_path. */
function mappingPaths(mapping: string): Map<string, string> {
  const text = strictUtf8.decode(readFileSync(path.join(mapping, 'file_mapping.csv')));
  const rows = text.trim().split(/\r?\n/).slice(1);
  return new Map(rows.map((row) => [row.split(',')[0]!, row.split(',')[1]!]));
}

/** Output names are made of pseudonyms: no byte of an input's name may show in one. */
function expectNamesFromPseudonymsOnly(names: readonly string[]): void {
  for (const name of names) {
    expect(name).toMatch(/^[A-Za-z0-9_./-]+$/);
    expect(name).not.toMatch(/ller|tude|hang|Zo|back|axial|epi/);
  }
}

describe('input names that are not valid UTF-8', () => {
  it('are read, written and each shown apart (--dicom, --mapping); inputs unchanged', () => {
    const out = path.join(work, 'out-dicom');
    const mapping = path.join(work, 'mapping');
    const result = run(out, '--dicom', '--mapping', mapping);
    expect(result.stderr).not.toMatch(/ENOENT|not found/);
    const report = readReportJson(out);
    expect(report.files.length).toBe(INPUT_COUNT);
    const paths = mappingPaths(mapping);
    expect(paths.size).toBe(INPUT_COUNT);
    for (const [, source, shown] of [...INPUTS, LAST]) {
      const id = [...paths].find(([, p]) => p === shown)?.[0];
      expect(id, `${shown} in file_mapping.csv`).toBeDefined();
      const row = report.files.find((r) => r.input === id)!;
      if (source.endsWith('.txt')) {
        expect(row.status).toBe('skipped');
        expect(row.reason).toMatch(/^not DICOM/);
      } else {
        expect(row.status, `${shown}: ${row.reason}`).toBe('written');
      }
    }
    const link = report.files.find(
      (r) => r.input === [...paths].find(([, p]) => p === 'li\\xE9n')?.[0],
    );
    expect(link?.reason).toBe('broken symbolic link');
    expect(report.files.filter((r) => r.status === 'failed')).toEqual([]);
    // The series' slices: under the folder, in name order.
    const slices = [...paths.values()].filter((p) => p.startsWith('S\\xE9rie/'));
    expect(slices).toEqual([...slices].sort());
    expect(slices.length).toBe(3);

    const written = report.files.filter((r) => r.status === 'written').map((r) => r.output);
    expect(
      filesUnder(out)
        .filter((f) => !f.startsWith('report.'))
        .sort(),
    ).toEqual([...written].sort());
    expectNamesFromPseudonymsOnly(written);
    for (const file of written) {
      const dump = spawnSync('dcmdump', ['-q', path.join(out, file)], { encoding: 'utf8' });
      expect(dump.status, `dcmdump on ${file}: ${dump.stderr}`).toBe(0);
    }
    for (const file of ['report.json', 'report.csv']) {
      expect(() => strictUtf8.decode(readFileSync(path.join(out, file)))).not.toThrow();
    }
    expect(result.code, result.stderr).toBe(0);
    expect(byteTree(Buffer.from(input))).toEqual(inputBefore);
  }, 60_000);

  it('gives the same ids, names and bytes again, also with inputs streamed (a stable order)', () => {
    const first = path.join(work, 'out-dicom');
    const again = path.join(work, 'out-again');
    expect(run(again, '--dicom').code).toBe(0);
    expect(contentDigest(again)).toEqual(contentDigest(first));
    // Every file as a large input: its image data copied from the input's path by the sink.
    const streamed = path.join(work, 'out-streamed');
    const args = [input, streamed, '--dicom', '--key-file', key, '-j', '1'];
    expect(runCli(cli, args, { env: { DICOMANON_TEST_STREAM_ABOVE: '0' } }).code).toBe(0);
    expect(contentDigest(streamed)).toEqual(contentDigest(first));
  }, 60_000);

  it('are written into a zip under pseudonymous names (--zip)', () => {
    const out = path.join(work, 'out-zip');
    const zip = path.join(work, 'out.zip');
    const result = run(out, '--dicom', '--zip', zip);
    expect(result.code, result.stderr).toBe(0);
    const report = readReportJson(out);
    expect(report.files.length).toBe(INPUT_COUNT);
    const entries = Object.keys(unzipSync(readFileSync(zip)));
    const written = report.files.filter((r) => r.status === 'written').map((r) => r.output);
    expect(entries.filter((e) => !e.startsWith('report.')).sort()).toEqual([...written].sort());
    expectNamesFromPseudonymsOnly(entries);
  }, 60_000);

  it('are converted as a series in a folder with an invalid name (--nifti)', () => {
    const out = path.join(work, 'out-nifti');
    const mapping = path.join(work, 'mapping-nifti');
    const result = run(out, '--nifti', '--mapping', mapping);
    expect(result.code, result.stderr).toBe(0);
    const report = readReportJson(out);
    expect(report.files.length).toBe(INPUT_COUNT);
    expect(report.files.filter((r) => r.status === 'failed')).toEqual([]);
    const slices = [...mappingPaths(mapping)].filter(([, p]) => p.startsWith('S\\xE9rie/'));
    expect(slices.length).toBe(3);
    for (const [id] of slices) {
      const row = report.files.find((r) => r.input === id)!;
      expect(row.status, row.reason).toBe('written');
      expect(row.output).toMatch(/\.nii\.gz$/);
    }
    const images = filesUnder(out).filter((f) => f.endsWith('.nii.gz'));
    expect(images.length).toBeGreaterThan(0);
    expectNamesFromPseudonymsOnly(filesUnder(out));
    expect(byteTree(Buffer.from(input))).toEqual(inputBefore);
  }, 120_000);

  it('are read under an input directory whose real path is not valid UTF-8', () => {
    // Given through a link with a valid name: its real path, which the run works from, is not.
    const real = under(work, latin1('D\xe9p\xf4t'));
    mkdirSync(real);
    const file = Buffer.concat([real, latin1('/\xe9.dcm')]);
    copyFileSync(corpusFile(`${TEST_FILES}/CT_small.dcm`), file);
    const link = path.join(work, 'depot-link');
    symlinkSync(real, link);
    const out = path.join(work, 'out-link');
    const result = runCli(cli, [link, out, '--dicom', '--key-file', key]);
    expect(result.code, result.stderr).toBe(0);
    expect(readReportJson(out).files.map((r) => r.status)).toEqual(['written']);
    const inside = runCli(cli, [link, path.join(link, 'out'), '--dicom', '--key-file', key]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/the output directory is inside the input directory/);
  }, 60_000);

  it('are recognised as done when a killed run is resumed', async () => {
    const reference = path.join(work, 'out-reference');
    expect(run(reference, '--dicom').code).toBe(0);
    const out = path.join(work, 'out-resumed');
    const args = [input, out, '--dicom', '--key-file', key, '-j', '1'];
    // Every input but the last is journaled while the worker hangs on the last one.
    const killed = await runAndSignal(
      cli,
      args,
      { when: () => journaledInputs(out) >= INPUT_COUNT - 1, signal: 'SIGKILL' },
      { DICOMANON_TEST_HANG_ON: 'hang' },
    );
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const resumed = runCli(cli, [...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `resuming: ${INPUT_COUNT - 1} of ${INPUT_COUNT} inputs were done by the interrupted run`,
    );
    expect(contentDigest(out)).toEqual(contentDigest(reference));

    // Killed after its reports, with every input journaled: a resume finds all of them done.
    const late = path.join(work, 'out-late');
    const lateArgs = [input, late, '--dicom', '--key-file', key, '-j', '1'];
    const lateKill = runCli(cli, lateArgs, { env: { DICOMANON_TEST_KILL_AT: 'reports-written' } });
    expect(lateKill.code).toBeNull();
    // A file put into the output meanwhile, named in Latin-1: removed like any the run did not
    // journal, by its own name (it once stopped the resume as "not found").
    writeFileSync(under(late, latin1('stray \xe9.dcm')), 'not an output of the run');
    const lateResume = runCli(cli, [...lateArgs, '--resume']);
    expect(lateResume.code, lateResume.stderr).toBe(0);
    expect(lateResume.stderr).toContain(
      `resuming: ${INPUT_COUNT} of ${INPUT_COUNT} inputs were done by the interrupted run; 1 file(s)`,
    );
    expect(readdirSync(late)).not.toContain(JOURNAL_FILE);
    expect(contentDigest(late)).toEqual(contentDigest(reference));
    expect(byteTree(Buffer.from(input))).toEqual(inputBefore);
  }, 120_000);
});
