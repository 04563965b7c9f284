/**
 * End-to-end: the built CLI killed (SIGKILL) while it finishes a run (testHooks.ts,
 * DICOMANON_TEST_KILL_AT: right after the zip got its final name, after the reports, after the
 * mapping tables), and --resume with --mapping, over a real GE MR series (151 files). Each
 * resume must end with the uninterrupted run's zip, reports and mapping tables, byte for byte;
 * a zip or a mapping table that is not the run's own is refused, never taken or written over.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { JOURNAL_FILE } from './journal';
import { buildCli, removeBuiltCli, runCli } from './testing/cliHarness';
import { contentDigest, journaledInputs, runAndSignal } from './testing/interrupted';

const INPUT = corpusFile('dcm_qa_nih/In/20180918GE/mr_0004');

let cli: string;
let work: string;
let key: string;
let runs = 0;

interface Target {
  readonly output: string;
  readonly zip: string | undefined;
  readonly mapping: string;
}

interface Result {
  readonly output: Map<string, string>;
  readonly zip: Buffer | undefined;
  readonly mapping: Map<string, string>;
}

function newTarget(zip: boolean): Target {
  const dir = path.join(work, `run-${++runs}`);
  mkdirSync(dir);
  return {
    output: path.join(dir, 'out'),
    zip: zip ? path.join(dir, 'study.zip') : undefined,
    mapping: path.join(dir, 'mapping'),
  };
}

const argsFor = (target: Target, ...more: string[]): string[] => [
  ...[INPUT, target.output, '--dicom', '--key-file', key, '--jobs', '1'],
  ...['--mapping', target.mapping],
  ...(target.zip ? ['--zip', target.zip] : []),
  ...more,
];

function resultOf(target: Target): Result {
  if (target.zip) expect(existsSync(`${target.zip}.partial`)).toBe(false);
  return {
    output: contentDigest(target.output),
    zip: target.zip ? readFileSync(target.zip) : undefined,
    mapping: contentDigest(target.mapping),
  };
}

function expectSame(found: Result, expected: Result): void {
  expect(found.output).toEqual(expected.output);
  expect(found.mapping).toEqual(expected.mapping);
  expect(found.zip?.equals(expected.zip!) ?? expected.zip === undefined, 'the zip bytes').toBe(
    true,
  );
}

/** Runs to the end, or to the kill point given. */
function run(target: Target, killAt?: string, ...more: string[]) {
  return runCli(cli, argsFor(target, ...more), {
    env: killAt ? { DICOMANON_TEST_KILL_AT: killAt } : {},
  });
}

let zipReference: Result;
let folderReference: Result;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-resume-finish-'));
  key = path.join(work, 'passphrase.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  for (const zip of [true, false]) {
    const target = newTarget(zip);
    const done = run(target);
    expect(done.code, done.stderr).toBe(0);
    if (zip) zipReference = resultOf(target);
    else folderReference = resultOf(target);
  }
  expect(zipReference.output.has(JOURNAL_FILE)).toBe(false);
  expect([...zipReference.mapping.keys()]).toEqual([
    'file_mapping.csv',
    'patid_mapping.csv',
    'uid_mapping.csv',
  ]);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('a run killed while it finishes, resumed', () => {
  it('recognises a zip finished just before the kill, checks it, and finishes the rest', () => {
    const target = newTarget(true);
    const killed = run(target, 'zip-finished');
    expect(killed.code, killed.stderr).toBeNull();
    // The zip has its final name, but no report nor mapping table is written yet.
    expect(existsSync(target.zip!)).toBe(true);
    expect(existsSync(path.join(target.output, 'report.json'))).toBe(false);
    expect(existsSync(target.mapping)).toBe(false);
    const again = run(target);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds an interrupted run: add --resume/);

    const zipBefore = readFileSync(target.zip!);
    const resumed = run(target, undefined, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^resuming: 151 of 151 inputs were done/m);
    expect(resumed.stderr).toMatch(/the zip file was finished already .* checked byte for byte/);
    expect(readFileSync(target.zip!).equals(zipBefore)).toBe(true);
    expectSame(resultOf(target), zipReference);
  }, 60_000);

  it('ends as an uninterrupted run when killed after the reports or the mapping tables', () => {
    for (const [zip, point] of [
      [true, 'reports-written'],
      [true, 'mapping-written'],
      [false, 'reports-written'],
      [false, 'mapping-written'],
    ] as const) {
      const target = newTarget(zip);
      expect(run(target, point).code).toBeNull();
      expect(existsSync(path.join(target.output, JOURNAL_FILE))).toBe(true);
      const resumed = run(target, undefined, '--resume');
      expect(resumed.code, `${point}: ${resumed.stderr}`).toBe(0);
      expectSame(resultOf(target), zip ? zipReference : folderReference);
    }
  }, 60_000);

  it('refuses a finished zip that is not byte for byte the run’s, and leaves it', () => {
    const target = newTarget(true);
    expect(run(target, 'zip-finished').code).toBeNull();
    const zip = readFileSync(target.zip!);
    // One byte of report.json's entry, near the end: entries and directory still look right.
    const at = zip.lastIndexOf(Buffer.from('"totals"'));
    expect(at).toBeGreaterThan(0);
    zip[at + 1] = 'T'.charCodeAt(0);
    writeFileSync(target.zip!, zip);
    const resumed = run(target, undefined, '--resume');
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/the zip file is not this run's: its bytes differ/);
    expect(readFileSync(target.zip!).equals(zip)).toBe(true);
    expect(existsSync(target.mapping)).toBe(false);
    expect(existsSync(path.join(target.output, JOURNAL_FILE))).toBe(true);
  }, 60_000);

  it('never writes over a mapping table that is not the run’s', () => {
    const target = newTarget(false);
    expect(run(target, 'mapping-written').code).toBeNull();
    const uids = path.join(target.mapping, 'uid_mapping.csv');
    writeFileSync(uids, 'id_old,id_new\nsomeone else,s\n');
    const resumed = run(target, undefined, '--resume');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/has uid_mapping\.csv, which is not this run's/);
    expect(readFileSync(uids, 'utf8')).toBe('id_old,id_new\nsomeone else,s\n');
    // Moved away, the resume finishes.
    rmSync(uids);
    expect(run(target, undefined, '--resume').code).toBe(0);
    expectSame(resultOf(target), folderReference);
  }, 60_000);
});

describe('--resume with --mapping', () => {
  it('refuses mapping tables there before the interrupted run got to write its own', async () => {
    const target = newTarget(false);
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 20,
      signal: 'SIGKILL',
    });
    mkdirSync(target.mapping);
    writeFileSync(path.join(target.mapping, 'patid_mapping.csv'), 'id_old,id_new\n');
    const resumed = run(target, undefined, '--resume');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/already has patid_mapping\.csv; dicomanon never overwrites/);
    rmSync(path.join(target.mapping, 'patid_mapping.csv'));
    expect(run(target, undefined, '--resume').code).toBe(0);
    expectSame(resultOf(target), folderReference);
  }, 60_000);

  it('stops when an input done before comes out otherwise for the tables, then finishes', async () => {
    const target = newTarget(true);
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 60,
      signal: 'SIGKILL',
    });
    // A worker crashes on an input the interrupted run wrote: its mapping rows cannot be had.
    const crashed = runCli(cli, argsFor(target, '--resume'), {
      env: { DICOMANON_TEST_CRASH_ON: 'i_to_s-00010.dcm' },
    });
    expect(crashed.code, crashed.stderr).toBe(2);
    expect(crashed.stderr).toMatch(
      /--resume stopped: input-\d+ was written by the interrupted run, but is failed when de-identified again for the mapping tables/,
    );
    expect(existsSync(target.mapping)).toBe(false);
    expectSame(resumeOf(target), zipReference);
  }, 60_000);
});

function resumeOf(target: Target): Result {
  const resumed = run(target, undefined, '--resume');
  expect(resumed.code, resumed.stderr).toBe(0);
  return resultOf(target);
}
