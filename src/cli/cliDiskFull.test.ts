/**
 * End-to-end: the built CLI writing onto a disk that fills up. The disk is a 6 MB tmpfs when
 * this test may mount one (as root, as in CI); otherwise the CLI's test hook makes its writes
 * fail with ENOSPC past 6 MB (testHooks.ts). Either way: exit 1, the cause said in words with
 * what was done and how to go on, nothing incomplete under a final name (a zip stays
 * NAME.zip.partial), the report naming exactly the files there are (the run kept room for
 * it), and after space is freed, --resume ends as an uninterrupted run (the zip too, byte for
 * byte). A disk full before the first output says so in the same words.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { JOURNAL_FILE } from './journal';
import { TEMP_SUFFIX } from './outputSink';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';
import { contentDigest } from './testing/interrupted';

const INPUT = corpusFile('dcm_qa_nih/In');
const SMALL_DISK_BYTES = 6 * 1024 * 1024;

let cli: string;
let work: string;
let key: string;
let reference: Map<string, string>;
let referenceZip: Buffer;
/** The small disk, when one could be mounted; else the test hook's limit is used. */
let smallDisk: string | undefined;
let diskEnv: Record<string, string> = {};

function mountSmallDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SMALL_DISK_BYTES}`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false; // not root, or no right to mount (a container): the hook stands in
  }
}

/** Frees space: the tmpfs grows, or the hook's limit goes. */
function freeSpace(): void {
  if (smallDisk) execFileSync('mount', ['-o', 'remount,size=256m', smallDisk]);
  diskEnv = {};
}

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-full-'));
  key = path.join(work, 'passphrase.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  const output = path.join(work, 'reference');
  const run = runCli(cli, [INPUT, output, '--dicom', '--key-file', key, '--jobs', '1']);
  expect(run.code, run.stderr).toBe(0);
  reference = contentDigest(output);
  const zip = path.join(work, 'reference.zip');
  const zipped = runCli(cli, [INPUT, `${output}-zip`, '--dicom', '--key-file', key, '--zip', zip]);
  expect(zipped.code, zipped.stderr).toBe(0);
  referenceZip = readFileSync(zip);
}, 120_000);

afterAll(() => {
  if (smallDisk) execFileSync('umount', [smallDisk]);
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

function prepareDisk(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  if (smallDisk) execFileSync('umount', [smallDisk]);
  smallDisk = mountSmallDisk(dir) ? dir : undefined;
  diskEnv = smallDisk ? {} : { DICOMANON_TEST_OUTPUT_LIMIT_BYTES: String(SMALL_DISK_BYTES) };
  return dir;
}

const FULL =
  /^error: the output disk is full \(no space left on the device \(ENOSPC\)\): ([\d,]+) of 618 inputs were done \((\d+) files? written\); free space and run the same command again with --resume$/m;

describe('a full output disk', () => {
  it('stops a run into a folder plainly, leaves only complete files, and resumes', () => {
    const output = path.join(prepareDisk('disk-folder'), 'out');
    const args = [INPUT, output, '--dicom', '--key-file', key, '--jobs', '1'];
    const full = runCli(cli, args, { env: diskEnv });
    expect(full.code, full.stderr).toBe(1);
    const [, done, written] = FULL.exec(full.stderr) ?? [];
    expect(done, full.stderr).toBeDefined();
    expect(full.stderr).not.toMatch(/unexpected error/);

    const files = [...contentDigest(output)].filter(
      ([name]) => !['report.json', 'report.csv', JOURNAL_FILE].includes(name),
    );
    expect(files.filter(([name]) => name.endsWith(TEMP_SUFFIX))).toEqual([]);
    // Complete: each file has the bytes the uninterrupted run gave it.
    for (const [name, digest] of files) expect(digest, name).toBe(reference.get(name));
    expect(files.length).toBe(Number(written));
    // The run kept room for it (reportReserve.ts): the report says exactly what is there.
    const report = readReportJson(output);
    expect(report.files.length).toBe(Number(done!.replace(/,/g, '')));
    const outputs = report.files.filter((row) => row.status === 'written').map((r) => r.output);
    expect(outputs.sort()).toEqual(files.map(([name]) => name));

    freeSpace();
    const resumed = runCli(cli, [...args, '--resume'], { env: diskEnv });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);

  it('leaves a zip that cannot be completed as NAME.zip.partial, never NAME.zip, and resumes', () => {
    const zip = path.join(prepareDisk('disk-zip'), 'study.zip');
    const output = path.join(work, 'zip-reports');
    const args = [INPUT, output, '--dicom', '--key-file', key, '--jobs', '1', '--zip', zip];
    const full = runCli(cli, args, { env: diskEnv });
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(
      /^error: the output disk is full \(no space left on the device \(ENOSPC\)\): [\d,]+ of 618 inputs were done \(\d+ files? written\); free space and run the same command again with --resume$/m,
    );
    expect(full.stderr).toMatch(/unfinished zip file is left with \.partial/);
    expect(existsSync(zip)).toBe(false);
    expect(existsSync(`${zip}.partial`)).toBe(true);
    const report = readReportJson(output) as ReturnType<typeof readReportJson> & {
      unfinished?: { cause: string };
    };
    expect(report.unfinished?.cause).toMatch(/^output disk full: .*ENOSPC/);
    const written = report.files.filter((row) => row.status === 'written').length;
    expect(full.stderr).toContain(`(${written} files written)`);
    // The partial zip is refused as a new run's target: only --resume goes on with it.
    const again = runCli(cli, [INPUT, path.join(work, 'zip-again'), '--dicom', '--zip', zip]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/an unfinished zip file of that name is there/);

    freeSpace();
    const resumed = runCli(cli, [...args, '--resume'], { env: diskEnv });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(`${zip}.partial`)).toBe(false);
    expect(readFileSync(zip).equals(referenceZip), 'the zip bytes').toBe(true);
  }, 120_000);

  it('says a disk full before the first output in words, and leaves nothing behind', () => {
    const output = path.join(work, 'full-at-start');
    // Less than the room kept for the report: the run fails while it keeps it.
    const args = [INPUT, output, '--dicom', '--key-file', key, '--jobs', '1'];
    const full = runCli(cli, args, { env: { DICOMANON_TEST_OUTPUT_LIMIT_BYTES: '1000' } });
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(
      /^error: the output disk is full \(no space left on the device \(ENOSPC\)\): the run could not start; free space and run the same command again$/m,
    );
    expect(full.stderr).not.toMatch(/unexpected error/);
    // Neither a journal nor the room kept: the same command simply runs.
    expect([...contentDigest(output).keys()]).toEqual([]);
    const again = runCli(cli, args);
    expect(again.code, again.stderr).toBe(0);
    expect(contentDigest(output)).toEqual(reference);
  }, 120_000);
});
