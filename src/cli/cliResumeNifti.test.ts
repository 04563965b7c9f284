/**
 * End-to-end --nifti --resume: the built CLI over real series (Siemens and GE MR from
 * dcm_qa_nih, two multiband mosaics from dcm_qa, an SR twice that stays DICOM, text files it
 * skips),
 * killed (SIGKILL) or stopped (Ctrl-C) at several points, then resumed, must leave exactly the
 * files, names, bytes and report of an uninterrupted run with the same key; into a folder, and
 * into a zip with mapping tables. A series is the unit of work: one killed half-written is made
 * again, whole.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { JOURNAL_FILE } from './journal';
import { TEMP_SUFFIX } from './outputSink';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';
import { contentDigest, journaledInputs, runAndSignal } from './testing/interrupted';

let cli: string;
let work: string;
let input: string;
let key: string;
let runs = 0;

interface Target {
  readonly output: string;
  readonly zip?: string;
  readonly mapping?: string;
}

/** What a finished run leaves: its output directory, and its zip and mapping tables if any. */
interface Result {
  readonly output: Map<string, string>;
  readonly zip?: Buffer;
  readonly mapping?: Map<string, string>;
}

const folderTarget = (): Target => ({ output: path.join(work, `run-${++runs}`) });
const zipTarget = (): Target => {
  const dir = path.join(work, `run-${++runs}`);
  mkdirSync(dir);
  const output = path.join(dir, 'reports');
  return { output, zip: path.join(dir, 'series.zip'), mapping: path.join(dir, 'mapping') };
};

/** One worker: the order of work is the same each time, and slow enough to be caught. */
function argsFor(target: Target, ...more: string[]): string[] {
  return [
    ...[input, target.output, '--nifti', '--key-file', key, '--jobs', '1'],
    ...(target.zip ? ['--zip', target.zip] : []),
    ...(target.mapping ? ['--mapping', target.mapping] : []),
    ...more,
  ];
}

function resultOf(target: Target): Result {
  if (target.zip) expect(existsSync(`${target.zip}.partial`)).toBe(false);
  return {
    output: contentDigest(target.output),
    ...(target.zip ? { zip: readFileSync(target.zip) } : {}),
    ...(target.mapping ? { mapping: contentDigest(target.mapping) } : {}),
  };
}

function uninterrupted(target: Target): Result {
  const run = runCli(cli, argsFor(target));
  expect(run.code, run.stderr).toBe(0);
  return resultOf(target);
}

function resume(target: Target): Result {
  const run = runCli(cli, argsFor(target, '--resume'));
  expect(run.code, run.stderr).toBe(0);
  // Something was done before, and is not done again.
  const [, done] = /^resuming: (\d+) of \d+ inputs were done/m.exec(run.stderr) ?? [];
  expect(Number(done)).toBeGreaterThan(0);
  return resultOf(target);
}

/** Compared whole: toEqual on two zips that differ prints megabytes. */
function expectSame(found: Result, expected: Result): void {
  expect(found.output).toEqual(expected.output);
  expect(found.mapping).toEqual(expected.mapping);
  expect(found.zip?.equals(expected.zip!) ?? expected.zip === undefined, 'the zip bytes').toBe(
    true,
  );
}

let folderReference: Result;
let zipReference: Result;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-resume-nifti-'));
  input = path.join(work, 'input');
  mkdirSync(input);
  // Links: the walk follows them, and the corpus is not copied for each run.
  symlinkSync(corpusFile('dcm_qa_nih/In/20180918Si'), path.join(input, 'siemens'));
  symlinkSync(corpusFile('dcm_qa_nih/In/20180918GE/mr_0004'), path.join(input, 'ge'));
  symlinkSync(corpusFile('dcm_qa/In/Orientation/axmb'), path.join(input, 'mosaics'));
  // Twice: the second copy's output is named `_2`, also when the first was done before.
  for (const name of ['report.dcm', 'report-copy.dcm']) {
    copyFileSync(
      corpusFile('pydicom/src/pydicom/data/test_files/test-SR.dcm'),
      path.join(input, name),
    );
  }
  key = path.join(work, 'passphrase.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  folderReference = uninterrupted(folderTarget());
  zipReference = uninterrupted(zipTarget());
  const names = [...folderReference.output.keys()];
  expect(names.filter((name) => name.endsWith('.nii.gz')).length).toBeGreaterThanOrEqual(6);
  expect(names.filter((name) => name.endsWith('_2.dcm')).length).toBe(1);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('an interrupted --nifti run, resumed', () => {
  it('ends byte for byte as an uninterrupted run after SIGKILLs at three points', async () => {
    const target = folderTarget();
    const points = [
      () => existsSync(path.join(target.output, JOURNAL_FILE)),
      () => journaledInputs(target.output) >= 3,
      () => journaledInputs(target.output) >= 7,
    ];
    for (const [n, when] of points.entries()) {
      const args = argsFor(target, ...(n === 0 ? [] : ['--resume']));
      const killed = await runAndSignal(cli, args, { when, signal: 'SIGKILL' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(path.join(target.output, 'report.json'))).toBe(false);
    }
    expectSame(resume(target), folderReference);
  }, 120_000);

  it('makes a series killed half-written again, whole', async () => {
    const target = folderTarget();
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 5,
      signal: 'SIGKILL',
    });
    // The last series whose files are all there loses its line, as if the kill came after
    // they were renamed and before the line was written.
    const journal = path.join(target.output, JOURNAL_FILE);
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    const last = lines.map((line) => line.startsWith('{"series":')).lastIndexOf(true);
    expect(last).toBeGreaterThan(0);
    const series = JSON.parse(lines[last]!) as { files: Array<{ name: string }> };
    expect(series.files.length).toBeGreaterThanOrEqual(2);
    writeFileSync(journal, `${lines.filter((_line, n) => n !== last).join('\n')}\n`);
    // And one of its files was still being written.
    const first = path.join(target.output, series.files[0]!.name);
    rmSync(first);
    writeFileSync(`${first}${TEMP_SUFFIX}`, 'cut short');

    const run = runCli(cli, argsFor(target, '--resume'));
    expect(run.code, run.stderr).toBe(0);
    const removed = /; (\d+) file\(s\) it had not recorded as done were removed/m.exec(run.stderr);
    expect(Number(removed?.[1])).toBeGreaterThanOrEqual(series.files.length - 1);
    expectSame(resultOf(target), folderReference);
  }, 120_000);

  it('stops cleanly on Ctrl-C with a report of the series done, and resumes', async () => {
    const target = folderTarget();
    const stopped = await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 4,
      signal: 'SIGINT',
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/run the same command again with --resume to do the rest/);
    const report = readReportJson(target.output) as ReturnType<typeof readReportJson> & {
      unfinished?: { inputs: number; cause: string };
    };
    expect(report.unfinished?.cause).toBe('interrupted');
    // Every file there is one an uninterrupted run makes, and no series is there in part.
    const there = contentDigest(target.output);
    const outputs = [...there].filter(
      ([name]) => !['report.json', 'report.csv', JOURNAL_FILE].includes(name),
    );
    for (const [name, digest] of outputs) expect(folderReference.output.get(name)).toBe(digest);
    const images = outputs.filter(([name]) => name.endsWith('.nii.gz'));
    expect(outputs.filter(([name]) => name.endsWith('.json')).length).toBe(images.length);
    expectSame(resume(target), folderReference);
  }, 120_000);

  it('into a zip with mapping tables: killed, stopped, resumed, the same zip and tables', async () => {
    const target = zipTarget();
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 2,
      signal: 'SIGKILL',
    });
    const stopped = await runAndSignal(cli, argsFor(target, '--resume'), {
      when: () => journaledInputs(target.output) >= 6,
      signal: 'SIGINT',
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/^interrupted: /m);
    expect(existsSync(`${target.zip}.partial`)).toBe(true);
    expect(existsSync(target.mapping!)).toBe(false);
    expectSame(resume(target), zipReference);
  }, 120_000);
});
