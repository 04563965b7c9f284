/**
 * End-to-end: a --zip run of the built CLI over 618 real files (dcm_qa_nih), killed (SIGKILL)
 * or stopped (Ctrl-C) at several points, or left with a .partial shorter than its journal says
 * (a power cut), then resumed with --resume, must end with the very bytes of an uninterrupted
 * run's zip, and the same reports. A failure is kept by a resume, not tried again (journal.ts).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';
import { contentDigest, journaledInputs, runAndSignal } from './testing/interrupted';

const INPUT = corpusFile('dcm_qa_nih/In');
/** One input the crash hook fails (testHooks.ts): a worker exits on it. */
const CRASHES = { DICOMANON_TEST_CRASH_ON: 'sequential_i_to_s-00150' };

let cli: string;
let work: string;
let key: string;
let runs = 0;

interface Target {
  readonly output: string;
  readonly zip: string;
}

const newTarget = (): Target => {
  const dir = path.join(work, `run-${++runs}`);
  mkdirSync(dir);
  return { output: path.join(dir, 'reports'), zip: path.join(dir, 'study.zip') };
};
const argsFor = ({ output, zip }: Target, ...more: string[]): string[] => [
  ...[INPUT, output, '--dicom', '--key-file', key, '--jobs', '1', '--zip', zip],
  ...more,
];

/** The bytes of an uninterrupted run: its zip and its report directory. */
interface Result {
  readonly zip: Buffer;
  readonly reports: Map<string, string>;
}
let reference: Result;
let referenceWithFailure: Result;

function uninterrupted(env: Record<string, string> = {}): Result {
  const target = newTarget();
  const run = runCli(cli, argsFor(target), { env });
  expect(run.code, run.stderr).toBe(Object.keys(env).length ? 1 : 0);
  return resultOf(target);
}

function resultOf({ output, zip }: Target): Result {
  expect(existsSync(`${zip}.partial`)).toBe(false);
  return { zip: readFileSync(zip), reports: contentDigest(output) };
}

function resume(target: Target, exitCode = 0): Result {
  const run = runCli(cli, argsFor(target, '--resume'));
  expect(run.code, run.stderr).toBe(exitCode);
  expect(run.stderr).toMatch(/^resuming: \d+ of 618 inputs were done/m);
  return resultOf(target);
}

/** Compared whole: a toEqual on two 7 MB buffers that differ prints them both. */
function expectSame(found: Result, expected: Result): void {
  expect(found.zip.equals(expected.zip), 'the zip bytes').toBe(true);
  expect(found.reports).toEqual(expected.reports);
}

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-resume-zip-'));
  key = path.join(work, 'passphrase.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  reference = uninterrupted();
  referenceWithFailure = uninterrupted(CRASHES);
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('an interrupted --zip run, resumed', () => {
  it('ends with the uninterrupted zip, byte for byte, after SIGKILLs at three points', async () => {
    const target = newTarget();
    const points = [
      () => existsSync(`${target.zip}.partial`),
      () => journaledInputs(target.output) >= 250,
      () => journaledInputs(target.output) >= 500,
    ];
    for (const [n, when] of points.entries()) {
      const args = argsFor(target, ...(n === 0 ? [] : ['--resume']));
      const killed = await runAndSignal(cli, args, { when, signal: 'SIGKILL' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(target.zip)).toBe(false);
      expect(existsSync(`${target.zip}.partial`)).toBe(true);
    }
    expectSame(resume(target), reference);
  }, 120_000);

  it('stops cleanly on Ctrl-C, leaving NAME.zip.partial, and resumes', async () => {
    const target = newTarget();
    const stopped = await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 200,
      signal: 'SIGINT',
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/unfinished zip file is left with \.partial/);
    expect(stopped.stderr).toMatch(/run the same command again with --resume to do the rest/);
    const report = readReportJson(target.output);
    expect(report.files.length).toBe(journaledInputs(target.output));
    // A new run must not take the unfinished zip over; the refusal points to --resume.
    const again = runCli(cli, argsFor(newTargetWithZip(target.zip)));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/an unfinished zip file of that name is there.*add --resume/);
    expectSame(resume(target), reference);
  }, 120_000);

  it('goes back to the last entry whole when the .partial lost its end (a power cut)', async () => {
    const target = newTarget();
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 400,
      signal: 'SIGKILL',
    });
    const partial = `${target.zip}.partial`;
    // Cut inside an entry the journal records as written: it and every later one are redone.
    truncateSync(partial, Math.floor(statSync(partial).size / 2));
    const resumed = runCli(cli, argsFor(target, '--resume'));
    expect(resumed.code, resumed.stderr).toBe(0);
    const [, done] = /^resuming: (\d+) of 618/m.exec(resumed.stderr) ?? [];
    expect(Number(done)).toBeGreaterThan(0);
    expect(Number(done)).toBeLessThan(400);
    expectSame(resultOf(target), reference);
  }, 120_000);

  it('keeps a failure instead of trying it again, as an uninterrupted run has it', async () => {
    const target = newTarget();
    await runAndSignal(
      cli,
      argsFor(target),
      { when: () => journaledInputs(target.output) >= 450, signal: 'SIGKILL' },
      CRASHES,
    );
    const journal = readFileSync(path.join(target.output, 'dicomanon-resume.jsonl'), 'utf8');
    expect(journal).toMatch(/"status":"failed"/);
    // The cause gone (no crash hook), the failed input still stays failed: its entry could not
    // go back before those written after it.
    const resumed = resume(target, 1);
    expectSame(resumed, referenceWithFailure);
    const failed = readReportJson(target.output).files.filter((row) => row.status === 'failed');
    expect(failed.length).toBe(1);
  }, 120_000);

  it('refuses a resume whose --zip points elsewhere, and changes nothing', async () => {
    const target = newTarget();
    await runAndSignal(cli, argsFor(target), {
      when: () => journaledInputs(target.output) >= 100,
      signal: 'SIGKILL',
    });
    const before = contentDigest(path.dirname(target.zip));
    const elsewhere = { ...target, zip: path.join(work, 'elsewhere.zip') };
    const run = runCli(cli, argsFor(elsewhere, '--resume'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not where --zip says: give the --zip it was run with/);
    expect(contentDigest(path.dirname(target.zip))).toEqual(before);
    expectSame(resume(target), reference);
  }, 120_000);
});

/** Another output directory, the same zip name. */
function newTargetWithZip(zip: string): Target {
  return { output: newTarget().output, zip };
}
