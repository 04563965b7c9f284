/**
 * End-to-end: the built CLI survives a worker that really runs out of JavaScript heap, and a
 * buffer that really cannot be allocated. Test hooks (testHooks.ts) make the worker do either
 * on one file; the workers' heap limit is lowered to 64 MB so that the heap fills in well
 * under a second. One worker only: the files after the one that killed it can only be written
 * if the pool replaced it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURNED_IN_NOTE } from '../core/deid/burnedIn';
import { corpusFile } from '../core/testing/corpus';
import { buildCli, filesUnder, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';

const corpus = (name: string) => corpusFile(`pydicom/src/pydicom/data/test_files/${name}`);

/** In walk order, with what each becomes. */
const INPUTS: ReadonlyArray<readonly [string, string]> = [
  ['a.dcm', 'CT_small.dcm'],
  ['b-oom-me.dcm', 'MR_small.dcm'],
  ['c.dcm', 'JPEG2000.dcm'],
  ['d-no-buffer.dcm', 'MR_small.dcm'],
  ['e.dcm', 'rtplan.dcm'],
  ['f.dcm', 'MR_small.dcm'],
];
const HOOKS = {
  DICOMANON_TEST_OOM_ON: 'oom-me',
  DICOMANON_TEST_BUFFER_FAIL_ON: 'no-buffer',
  DICOMANON_TEST_WORKER_HEAP_MB: '64',
};

let cli: string;
let work: string;
let input: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-oom-'));
  input = path.join(work, 'in');
  mkdirSync(input);
  for (const [name, source] of INPUTS) copyFileSync(corpus(source), path.join(input, name));
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('dicomanon CLI out of memory', () => {
  it('fails only the file that exhausted its worker, replaces the worker and writes the rest', () => {
    const out = path.join(work, 'out');
    const run = runCli(cli, [input, out, '--dicom', '--jobs', '1'], { env: HOOKS });
    // 1: some files failed. A crash of the whole process would be 134 (abort) or a signal.
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/FATAL|heap out of memory|unexpected error/i);
    const report = readReportJson(out);
    // (Written files that may show burned-in text say so; that is not what this test is about.)
    const reasonOf = (reason: string) => (reason.startsWith(BURNED_IN_NOTE) ? '' : reason);
    expect(report.files.map((file) => [file.status, reasonOf(file.reason)])).toEqual([
      ['written', ''],
      [
        'failed',
        'ran out of memory while being processed (over the 64 MB of JavaScript heap a worker thread may use)',
      ],
      ['written', ''],
      [
        'failed',
        'ran out of memory while being processed (a buffer of the size it needed could not be allocated)',
      ],
      ['written', ''],
      ['written', ''],
    ]);
    expect(report.totals).toMatchObject({ inputs: 6, written: 4, failed: 2 });
    const written = report.files.filter((file) => file.status === 'written');
    expect(filesUnder(out).sort()).toEqual(
      [...written.map((file) => file.output), 'report.csv', 'report.json'].sort(),
    );
    expect(run.stderr).toMatch(/input-000002 failed: ran out of memory while being processed/);
    expect(run.stderr).toMatch(/6 inputs: 4 written, 0 skipped, 2 failed/);
  });

  it('writes every file with the same low heap limit when no hook fires (the control)', () => {
    const out = path.join(work, 'control');
    const run = runCli(cli, [input, out, '--dicom', '--jobs', '1'], {
      env: { DICOMANON_TEST_WORKER_HEAP_MB: '64' },
    });
    expect(run.code, run.stderr).toBe(0);
    const report = readReportJson(out);
    expect(report.totals).toMatchObject({ inputs: 6, written: 6, failed: 0 });
  });
});
