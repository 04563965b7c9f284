/**
 * End-to-end: the built CLI over 618 real files (dcm_qa_nih), killed (SIGKILL) or stopped
 * (Ctrl-C) at several points, then resumed with --resume, must leave exactly the files, names,
 * bytes and report of an uninterrupted run with the same key. A resume with another key or
 * other settings is refused and changes nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { JOURNAL_FILE } from './journal';
import { TEMP_SUFFIX } from './outputSink';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';
import { contentDigest, journaledInputs, runAndSignal, type Finished } from './testing/interrupted';

const INPUT = corpusFile('dcm_qa_nih/In');
const INPUTS = 618;

let cli: string;
let work: string;
let key: string;
let reference: Map<string, string>;
let outputs = 0;

const newOutput = (): string => path.join(work, `out-${++outputs}`);
/** One worker: slow enough to be caught mid-run, and the order of work is the same each time. */
const argsFor = (output: string, ...more: string[]): string[] => [
  INPUT,
  output,
  '--dicom',
  '--key-file',
  key,
  '--jobs',
  '1',
  ...more,
];

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-resume-'));
  key = path.join(work, 'passphrase.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  const output = newOutput();
  const run = runCli(cli, argsFor(output));
  expect(run.code, run.stderr).toBe(0);
  reference = contentDigest(output);
  expect(reference.has(JOURNAL_FILE)).toBe(false);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

function resume(output: string): void {
  const run = runCli(cli, argsFor(output, '--resume'));
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/^resuming: \d+ of 618 inputs were done/m);
}

/** Files under final names, beside the reports and the journal. */
function outputFiles(output: string): string[] {
  return [...contentDigest(output).keys()].filter(
    (name) => !['report.json', 'report.csv', JOURNAL_FILE].includes(name),
  );
}

describe('an interrupted run, resumed', () => {
  it('ends byte for byte as an uninterrupted run after SIGKILLs at three points', async () => {
    const output = newOutput();
    const points = [
      () => existsSync(path.join(output, JOURNAL_FILE)),
      () => journaledInputs(output) >= 250,
      () => journaledInputs(output) >= 500,
    ];
    for (const [n, when] of points.entries()) {
      const args = argsFor(output, ...(n === 0 ? [] : ['--resume']));
      const killed = await runAndSignal(cli, args, { when, signal: 'SIGKILL' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      // No report yet, and whatever is under a final name is complete (checked at the end).
      expect(existsSync(path.join(output, 'report.json'))).toBe(false);
    }
    resume(output);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('removes complete files the journal does not vouch for, so no file outlives its row', async () => {
    const output = newOutput();
    await runAndSignal(cli, argsFor(output), {
      when: () => journaledInputs(output) >= 100,
      signal: 'SIGKILL',
    });
    // As a file renamed complete just before the kill, whose input then fails on resume.
    mkdirSync(path.join(output, 'unrecorded'));
    writeFileSync(path.join(output, 'unrecorded', 'IM1.dcm'), 'complete, but not journaled');
    const run = runCli(cli, argsFor(output, '--resume'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^resuming: \d+ of 618 inputs .*; \d+ file\(s\) it had not recorded/m,
    );
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('stops cleanly on Ctrl-C with a report of what was done, and resumes', async () => {
    const output = newOutput();
    const stopped = await runAndSignal(cli, argsFor(output), {
      when: () => journaledInputs(output) >= 200,
      signal: 'SIGINT',
    });
    expectInterrupted(stopped, output);
    expect(stopped.stderr).toMatch(/run the same command again with --resume to do the rest/);
    const report = readReportJson(output) as ReturnType<typeof readReportJson> & {
      unfinished?: { inputs: number; cause: string };
    };
    expect(report.unfinished).toEqual({ inputs: INPUTS, cause: 'interrupted' });
    // The report and the journal agree, and name exactly the complete files there are.
    expect(report.files.length).toBe(journaledInputs(output));
    const written = report.files.filter((row) => row.status === 'written');
    expect(outputFiles(output)).toEqual(written.map((row) => row.output).sort());
    for (const name of outputFiles(output)) {
      expect(contentDigest(output).get(name)).toBe(reference.get(name));
    }
    resume(output);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('exits at once on a second Ctrl-C, and still resumes', async () => {
    const output = newOutput();
    const stopped = await runAndSignal(cli, argsFor(output), {
      when: () => journaledInputs(output) >= 100,
      signal: 'SIGINT',
      again: 'SIGINT',
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    resume(output);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('refuses a resume with another key or other settings, and changes nothing', async () => {
    const output = newOutput();
    expectInterrupted(
      await runAndSignal(cli, argsFor(output), {
        when: () => journaledInputs(output) >= 50,
        signal: 'SIGINT',
      }),
      output,
    );
    const before = contentDigest(output);
    const otherKey = path.join(work, 'other.txt');
    writeFileSync(otherKey, 'another passphrase\n');
    const withOtherKey = runCli(cli, [
      ...argsFor(output, '--resume').slice(0, 3),
      '--key-file',
      otherKey,
      '--resume',
    ]);
    expect(withOtherKey.code).toBe(2);
    expect(withOtherKey.stderr).toMatch(/--resume refused: the key is not the interrupted run's/);
    const withOption = runCli(cli, argsFor(output, '--resume', '--option', 'retain-uids'));
    expect(withOption.code).toBe(2);
    expect(withOption.stderr).toMatch(/--resume refused: the settings are not/);
    const again = runCli(cli, argsFor(output));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds an interrupted run: add --resume/);
    expect(contentDigest(output)).toEqual(before);
    resume(output);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('says that a run with a random key cannot be resumed, and keeps no journal', async () => {
    const output = newOutput();
    const stopped = await runAndSignal(cli, [INPUT, output, '--dicom', '--jobs', '1'], {
      when: () => existsSync(output) && readdirSync(output).length > 0,
      signal: 'SIGINT',
    });
    expectInterrupted(stopped, output);
    expect(stopped.stderr).toMatch(/random key \(no --key-file\), so it cannot be resumed/);
    expect(existsSync(path.join(output, JOURNAL_FILE))).toBe(false);
  }, 120_000);
});

/** Stopped by the first Ctrl-C: said so, and nothing left under a temporary name. */
function expectInterrupted(run: Finished, output: string): void {
  expect(run.code, run.stderr).toBe(130);
  expect(run.stderr).toMatch(
    /^interrupted: [\d,]+ of 618 inputs were done \(\d+ files? written\)/m,
  );
  expect([...contentDigest(output).keys()].filter((name) => name.endsWith(TEMP_SUFFIX))).toEqual(
    [],
  );
}
