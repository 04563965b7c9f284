/**
 * Large inputs through the built CLI: a single file of 2.5 GiB (more than a worker could read
 * into one buffer) is de-identified with the memory of its header, its image data copied
 * byte for byte; and reading around the image data gives the same outputs as reading whole,
 * into a folder and into a zip, on the whole corpus.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomHeader } from '../core/dicom/readHeader';
import { SHARED_DATA } from '../core/testing/corpus';
import { makeLargeDicom, markOf } from '../core/testing/largeFiles';
import { buildCli, filesUnder, removeBuiltCli, runCli } from './testing/cliHarness';

const IMAGE_BYTES = 2.5 * 2 ** 30;
/** Where recognisable bytes go in the image, to check that it was copied in place. */
const MARKS = [0, 12_345_678, 2 ** 31 + 7, IMAGE_BYTES - 16];

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-large-'));
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

/** Runs the CLI, sampling its peak resident memory (VmHWM covers its worker threads). */
function runMeasured(args: string[]): Promise<{ code: number | null; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited between samples
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({ code, peakMb: peakKb / 1024 });
    });
  });
}

describe('dicomanon CLI and large inputs', () => {
  it('de-identifies a 2.5 GiB file with the memory of its header', async () => {
    const input = path.join(work, 'in');
    mkdirSync(input);
    const big = path.join(input, 'big.dcm');
    makeLargeDicom(big, IMAGE_BYTES, MARKS);
    const output = path.join(work, 'out');
    const run = await runMeasured([input, output, '--dicom']);
    expect(run.code).toBe(0);
    // Node alone with its workers takes about 100 MB; reading the file whole would take 2.5 GB.
    expect(run.peakMb).toBeLessThan(400);

    // (Listed, not hashed: the harness's tree digest would read the output whole.)
    const [name] = (readdirSync(output, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.dcm'),
    );
    const outFile = path.join(output, name!);
    const fd = openSync(outFile, 'r');
    try {
      const prefix = Buffer.alloc(64 * 1024);
      readSync(fd, prefix, 0, prefix.length, 0);
      const header = readDicomHeader(prefix, statSync(outFile).size)!;
      const pixelStart = header.dataset.end;
      expect(statSync(outFile).size).toBe(pixelStart + 12 + IMAGE_BYTES);
      MARKS.forEach((at, i) => {
        const got = Buffer.alloc(16);
        readSync(fd, got, 0, 16, pixelStart + 12 + at);
        expect(got.equals(markOf(i))).toBe(true);
      });
    } finally {
      closeSync(fd);
    }
    // dcmdump (not our reader) agrees the file is whole and de-identified.
    const dump = execFileSync('dcmdump', ['-M', '+P', '0010,0010', '+P', '7fe0,0010', outFile], {
      encoding: 'utf8',
    });
    expect(dump).toMatch(/PatientName/);
    expect(dump).not.toMatch(/CompressedSamples/);
    expect(dump).toMatch(new RegExp(`OW.*${IMAGE_BYTES}|${IMAGE_BYTES}`));
  }, 180_000);

  it('gives the same outputs read around the image data as read whole', () => {
    const outputsOf = (label: string, env: Record<string, string>) => {
      const out = path.join(work, `corpus-${label}`);
      const zip = path.join(work, `corpus-${label}.zip`);
      const key = path.join(work, 'key');
      if (label === 'whole') writeFileSync(key, randomBytes(32));
      const folder = runCli(cli, [SHARED_DATA, out, '--dicom', '--key-file', key], { env });
      expect(folder.code, folder.stderr).toBe(1); // the corpus has broken files
      const zipped = runCli(
        cli,
        [SHARED_DATA, `${out}-z`, '--dicom', '--key-file', key, '--zip', zip],
        { env },
      );
      expect(zipped.code, zipped.stderr).toBe(1);
      const entries = execFileSync('unzip', ['-v', zip], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.endsWith('.dcm'));
      const files = filesUnder(out)
        .filter((f) => f.endsWith('.dcm'))
        .map((f) => `${f} ${readFileSync(path.join(out, f)).toString('base64')}`);
      return { entries, files };
    };
    const whole = outputsOf('whole', {});
    const around = outputsOf('around', { DICOMANON_TEST_STREAM_ABOVE: '0' });
    expect(whole.files.length).toBeGreaterThan(1000);
    expect(around.files).toEqual(whole.files);
    expect(around.entries).toEqual(whole.entries); // names, sizes and CRCs
  }, 180_000);
});
