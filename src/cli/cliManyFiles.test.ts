/**
 * End-to-end: the built CLI on 100,000 small real files, and on 10,000 for comparison. Every
 * input must be written and accounted for, and the CLI's peak resident memory must stay small
 * and grow only by a small, fixed amount per file (its report rows), not with what it read.
 *
 * Peak memory is measured from outside, by /usr/bin/time (Debian's `time`): its %M is the
 * kernel's high-water mark of the process's resident set, which covers the worker threads too
 * (threads share the process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, readReportJson, removeBuiltCli, type ReportJson } from './testing/cliHarness';
import { writeCopies } from './testing/manyFiles';

const TIME = '/usr/bin/time';
const MANY = 100_000;
const FEWER = 10_000;
/**
 * Peak resident memory of a 100,000-file run with one worker. Measured on the 2-core, 24 GB
 * test VM: 370-520 MB (about 190 MB of it is Node, the bundle and one worker; most of the rest
 * is the report rows and the report text made at the end). 768 MB leaves room for garbage
 * collection timing and still fails long before memory grows with the bytes read (144 MB of
 * input, 140 MB of output) or anything per file that is not small.
 */
const MAX_PEAK_MB = 768;
/**
 * Growth of the peak from 10,000 to 100,000 files, per extra file: a report row, its output
 * name, the walk's entry. Measured 2.3 to 2.5 KB on this 2-core machine under load, since the
 * reports are made a block of rows at a time (before, the whole report text and its bytes at
 * the end of the run added up to 1.5 KB more, and one CI run measured 3.7 KB). Keeping each
 * output's bytes (1.4 KB) or each file's parsed header would still show above this.
 */
const MAX_GROWTH_BYTES_PER_FILE = 3.5 * 1024;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly peakMb: number;
}

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-many-'));
}, 60_000);

// Deleting 200,000 files took over two minutes in one CI run on a loaded machine.
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
}, 600_000);

/** One worker on every machine: it sees every file, so its caches reach their bounds. */
function runMeasured(input: string, output: string): Run {
  const peakFile = path.join(work, `${path.basename(output)}.peak`);
  const result = spawnSync(
    TIME,
    ['-f', '%M', '-o', peakFile, process.execPath, cli, input, output, '--dicom', '--jobs', '1'],
    { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' }, timeout: 150_000 },
  );
  if (result.error) throw result.error;
  const kilobytes = Number(readFileSync(peakFile, 'utf8').trim().split('\n').pop());
  expect(kilobytes, 'peak RSS from /usr/bin/time').toBeGreaterThan(10_000);
  return { code: result.status, stderr: result.stderr, peakMb: kilobytes / 1024 };
}

function dicomFilesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name.endsWith('.dcm'),
  ).length;
}

describe('dicomanon CLI on 100,000 files', () => {
  let fewer: Run;
  let many: Run;
  let report: ReportJson;

  beforeAll(() => {
    // Not skipped when missing: .ci/run installs it, and a silent skip would hide a regression.
    if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install Debian's "time" package`);
    const smallIn = path.join(work, 'in-10k');
    writeCopies(smallIn, FEWER);
    fewer = runMeasured(smallIn, path.join(work, 'out-10k'));
    rmSync(smallIn, { recursive: true });
    rmSync(path.join(work, 'out-10k'), { recursive: true });

    const input = path.join(work, 'in');
    writeCopies(input, MANY);
    many = runMeasured(input, path.join(work, 'out'));
    report = readReportJson(path.join(work, 'out'));
    // The measurements, for whoever revisits the bounds below.
    console.info(
      `peak RSS: ${FEWER} files ${fewer.peakMb.toFixed(0)} MB, ${MANY} files ${many.peakMb.toFixed(0)} MB`,
    );
  }, 170_000);

  it('writes every one of them, and the report accounts for each exactly once', () => {
    const failures = report.files.filter((file) => file.status !== 'written');
    expect(failures.slice(0, 5), many.stderr.slice(-2000)).toEqual([]);
    expect(many.code).toBe(0);
    expect(report.totals).toMatchObject({
      inputs: MANY,
      written: MANY,
      skipped: 0,
      failed: 0,
      quarantined: 0,
    });
    expect(report.files).toHaveLength(MANY);
    expect(report.files[MANY - 1]!.input).toBe(`input-${MANY}`);
    expect(new Set(report.files.map((file) => file.output)).size).toBe(MANY);
    expect(dicomFilesUnder(path.join(work, 'out'))).toBe(MANY);
    expect(many.stderr).toMatch(/100000 inputs: 100000 written, 0 skipped, 0 failed/);
  });

  it(`keeps the peak resident memory under ${MAX_PEAK_MB} MB`, () => {
    expect(fewer.code, fewer.stderr.slice(-2000)).toBe(0);
    expect(many.peakMb).toBeLessThan(MAX_PEAK_MB);
  });

  it('grows the peak by only a small, fixed amount per file', () => {
    const growthPerFile = ((many.peakMb - fewer.peakMb) * 2 ** 20) / (MANY - FEWER);
    expect(growthPerFile).toBeLessThan(MAX_GROWTH_BYTES_PER_FILE);
  });
});
