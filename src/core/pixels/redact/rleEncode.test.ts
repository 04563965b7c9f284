/**
 * Our RLE encoder against our decoder (../rle.ts) and pydicom's (an independent one), on the
 * corpus's RLE files and on edge cases of PackBits (runs of 128 and more, literals at row ends).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readDicom } from '../../dicom/readDicom';
import { corpusFile } from '../../testing/corpus';
import { encapsulatedFrames, joinFragments } from '../frames';
import { readImageInfo } from '../imageInfo';
import { decodeRle, type RleLayout } from '../rle';
import { encodeRle } from './rleEncode';

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-rle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Byte equality without vitest's slow deep comparison of large arrays. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** pydicom's own RLE segment decoder on a frame we encoded: the frame's bytes as it returns them. */
function pydicomDecode(frame: Uint8Array, layout: RleLayout): Uint8Array {
  const file = path.join(scratch, `frame-${Math.random().toString(36).slice(2)}.rle`);
  writeFileSync(file, frame);
  const script = String.raw`
import sys
from pydicom.pixel_data_handlers.rle_handler import _rle_decode_frame
data = open(sys.argv[1], 'rb').read()
rows, cols, spp, bits = map(int, sys.argv[2:6])
out = _rle_decode_frame(data, rows, cols, spp, bits)
sys.stdout.buffer.write(bytes(out))
`;
  const args = [layout.rows, layout.columns, layout.samplesPerPixel, layout.bitsAllocated];
  const out = execFileSync('/usr/bin/python3', ['-c', script, file, ...args.map(String)], {
    cwd: scratch,
    maxBuffer: 64 * 1024 * 1024,
  });
  // pydicom returns one plane per sample, each sample little endian; ours is interleaved.
  const bps = layout.bitsAllocated / 8;
  const spp = layout.samplesPerPixel;
  const pixels = layout.rows * layout.columns;
  const interleaved = new Uint8Array(out.length);
  for (let s = 0; s < spp; s++)
    for (let p = 0; p < pixels; p++)
      for (let b = 0; b < bps; b++)
        interleaved[(p * spp + s) * bps + b] = out[(s * pixels + p) * bps + b]!;
  return interleaved;
}

describe('RLE encoder', () => {
  test.each([
    `${P}MR_small_RLE.dcm`,
    `${D}emri_small_RLE.dcm`,
    `${P}SC_rgb_rle.dcm`,
    `${P}SC_rgb_rle_16bit_2frame.dcm`,
    `${P}SC_rgb_rle_32bit_2frame.dcm`,
    `${D}OBXXXX1A_rle_2frame.dcm`,
    `${P}rtdose_rle.dcm`,
  ])('%s: every frame round-trips through our decoder and pydicom', (file) => {
    const dicom = readDicom(readFileSync(corpusFile(file)));
    const info = readImageInfo(dicom);
    const frames = encapsulatedFrames(dicom, info);
    for (const fragments of frames) {
      const original = decodeRle(joinFragments(fragments), info);
      const encoded = encodeRle(original, info);
      expect(encoded.length % 2).toBe(0);
      expect(same(decodeRle(encoded, info), original)).toBe(true);
      expect(same(pydicomDecode(encoded, info), original)).toBe(true);
    }
  });

  test('long runs, row ends and literals of every length', () => {
    const layout = { rows: 3, columns: 300, samplesPerPixel: 3, bitsAllocated: 16 };
    const frame = new Uint8Array(3 * 300 * 3 * 2);
    let seed = 7;
    for (let i = 0; i < frame.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // Stretches of random bytes between constant stretches of 1 to 300 bytes.
      frame[i] = (i >> 7) % 3 === 0 ? seed >>> 24 : (i >> 9) & 0xff;
    }
    const encoded = encodeRle(frame, layout);
    expect(decodeRle(encoded, layout)).toEqual(frame);
    expect(pydicomDecode(encoded, layout)).toEqual(frame);
    // Planar input gives the same stream as the same samples interleaved.
    const planar = new Uint8Array(frame.length);
    const pixels = 900;
    for (let p = 0; p < pixels; p++)
      for (let s = 0; s < 3; s++)
        planar.set(frame.subarray(p * 6 + s * 2, p * 6 + s * 2 + 2), s * pixels * 2 + p * 2);
    expect(encodeRle(planar, layout, true)).toEqual(encoded);
  });

  test('too many byte planes is a PixelError', () => {
    expect(() =>
      encodeRle(new Uint8Array(64), { rows: 1, columns: 1, samplesPerPixel: 4, bitsAllocated: 32 }),
    ).toThrow(/at most 15 byte planes/);
  });
});
