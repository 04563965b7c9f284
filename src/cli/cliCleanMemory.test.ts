/**
 * `--option clean-pixel-data` on a large multi-frame file through the built CLI: the worker
 * blacks out the text where the pixels lie in the bytes it read, and the output's image data
 * moves to the main thread in those bytes (DeidContext.consumeInput), so the file is held about
 * once. It was held three times (the input, the cleaned copy and the written output): 475 MB of
 * peak for a 105 MB cine where the same run on one slice took 138 MB.
 *
 * Peak memory is measured from outside by /usr/bin/time (%M: the kernel's high-water mark of
 * the resident set, worker threads included), against the same CLI's peak on a small image
 * with the same option, so that Node, the bundle, the codecs and the OCR cancel out.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSyntheticCtMultiFrame,
  makeSyntheticCtSeries,
} from '../../scripts/makeSyntheticCtSeries';
import { readDicom } from '../core/dicom/readDicom';
import { findElement, valueBytes } from '../core/dicom/dataset';
import { PIXEL_DATA } from '../core/pixels/imageInfo';
import { buildCli, readReportJson, removeBuiltCli } from './testing/cliHarness';
import { BURNED_AT, BURNED_WHITE, burnDigits } from '../../scripts/synthetic/burnDigits';

const TIME = '/usr/bin/time';
/** Peak above the small image's run, over the file's size: measured 1.4 (was 3.2). */
const MAX_ADDED_PER_BYTE = 2;
// The generated CT draws no text: burnDigits burns a date into every frame.

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-clean-memory-'));
  mkdirSync(path.join(work, 'large'));
  mkdirSync(path.join(work, 'small'));
  writeFileSync(
    path.join(work, 'large', 'cine.dcm'),
    burnDigits(makeSyntheticCtMultiFrame({ frames: 200, seed: 1600 }).bytes),
  );
  const [slice] = makeSyntheticCtSeries({ slices: 1, seed: 1600 });
  writeFileSync(path.join(work, 'small', 'slice.dcm'), slice!.bytes);
  writeFileSync(path.join(work, 'key.txt'), 'clean memory passphrase\n');
}, 300_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

function cleanWithPeak(input: string, output: string): number {
  const peakFile = path.join(work, `${output}.peak`);
  const result = spawnSync(
    TIME,
    [
      ...['-f', '%M', '-o', peakFile, process.execPath, cli],
      ...[path.join(work, input), path.join(work, output), '--dicom', '--jobs', '1'],
      ...['--key-file', path.join(work, 'key.txt'), '--option', 'clean-pixel-data'],
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (result.error) throw result.error;
  expect(result.status, result.stderr).toBe(0);
  const kilobytes = Number(readFileSync(peakFile, 'utf8').trim().split('\n').pop());
  expect(kilobytes, 'peak RSS from /usr/bin/time').toBeGreaterThan(10_000);
  return kilobytes * 1024;
}

describe('dicomanon --option clean-pixel-data on a large cine', () => {
  it('holds the file about once while it cleans it, and cleans every frame', () => {
    const small = cleanWithPeak('small', 'out-small');
    const large = cleanWithPeak('large', 'out-large');
    const size = statSync(path.join(work, 'large', 'cine.dcm')).size;
    const report = readReportJson(path.join(work, 'out-large'));
    const row = report.files[0]!;
    expect(row.status).toBe('written');
    const output = readDicom(
      new Uint8Array(readFileSync(path.join(work, 'out-large', row.output!))),
    );
    const input = readDicom(new Uint8Array(readFileSync(path.join(work, 'large', 'cine.dcm'))));
    const pixels = (file: typeof input) => {
      const element = findElement(file.dataset, PIXEL_DATA)!;
      return valueBytes(file.dataset, element);
    };
    // The date is gone from every frame (else the file is only copied: that proves nothing here).
    const out = pixels(output);
    expect(out.length).toBe(pixels(input).length);
    const frame = 512 * 512 * 2;
    let inked = 0;
    const { x: left, y: top, step, height } = BURNED_AT;
    for (let f = 0; f < out.length / frame; f++)
      for (let y = top; y < top + height; y++)
        for (let x = left; x < left + 8 * step; x++) {
          const at = f * frame + (y * 512 + x) * 2;
          if ((out[at]! | (out[at + 1]! << 8)) === BURNED_WHITE) inked++;
        }
    expect(inked).toBe(0);
    expect(Buffer.compare(out, pixels(input))).not.toBe(0);
    const added = (large - small) / size;
    console.log(
      `peak ${(large / 2 ** 20).toFixed(0)} MB for ${(size / 2 ** 20).toFixed(0)} MB, ` +
        `${(small / 2 ** 20).toFixed(0)} MB for one slice: ${added.toFixed(2)} × the file added`,
    );
    expect(added).toBeLessThan(MAX_ADDED_PER_BYTE);
  }, 600_000);
});
