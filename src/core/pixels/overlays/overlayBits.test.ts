/**
 * Overlays of the retired form, in the pixel data's high bits: pydicom (outside our code) moves
 * the overlay plane of a real Siemens MR (12 of 16 bits stored) into bit 12 of its pixels and
 * deletes the Overlay Data, as pre-2004 devices wrote it; bit 14 gets a pattern no overlay group
 * describes. Clean Pixel Data must clear bit 12 and otherwise write the pixels it writes for the
 * same image without the overlay (the detector may black out text it finds in the MR itself).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../../deid/api';
import { findElement, valueBytes } from '../../dicom/dataset';
import { readDicom } from '../../dicom/readDicom';
import { corpusFile } from '../../testing/corpus';
import { outputBytes, testDeidentifier } from '../../testing/deid';
import { nodePixelTools } from '../../testing/pixelTools';
import { PIXEL_DATA } from '../imageInfo';
import { clearSampleBits, overlayBitsInPixelData } from './overlayBits';

const SOURCE = corpusFile('pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm');

const RETIRE = String.raw`
import sys, numpy as np, pydicom
src, out, reference = sys.argv[1], sys.argv[2], sys.argv[3]
ds = pydicom.dcmread(src)
plane = ds.overlay_array(0x6000).astype(np.uint16)
pixels = ds.pixel_array.astype(np.uint16)
assert ds.BitsStored == 12 and plane.shape == pixels.shape
# A bit no overlay group describes: it is not ours to clear.
pixels[::7, ::5] |= 1 << 14
for e in [e.tag for e in ds if e.tag.group == 0x6000]:
    del ds[e]
ds.PixelData = pixels.tobytes()
ds.save_as(reference)
ds.PixelData = (pixels | (plane << 12)).tobytes()
ds.add_new(0x60000010, 'US', plane.shape[0])
ds.add_new(0x60000011, 'US', plane.shape[1])
ds.add_new(0x60000040, 'CS', 'G')
ds.add_new(0x60000050, 'SS', [1, 1])
ds.add_new(0x60000100, 'US', 16)
ds.add_new(0x60000102, 'US', 12)
ds.save_as(out)
`;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-overlay-bits-'));
const retired = path.join(scratch, 'retired.dcm');
const reference = path.join(scratch, 'reference.dcm');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const samples = (bytes: Uint8Array) => {
  const file = readDicom(bytes);
  const value = valueBytes(file.dataset, findElement(file.dataset, PIXEL_DATA)!);
  return { file, values: new Uint16Array(value.slice().buffer, 0, value.length >> 1) };
};
const count = (values: Uint16Array, bit: number) =>
  values.reduce((n, v) => n + ((v >> bit) & 1), 0);

describe('overlays in the pixel data (retired form)', () => {
  beforeAll(() => {
    execFileSync('/usr/bin/python3', ['-c', RETIRE, SOURCE, retired, reference], {
      stdio: 'ignore',
    });
  });

  it('finds the overlay bit from the group, and only above Bits Stored', () => {
    const { dataset } = readDicom(new Uint8Array(readFileSync(retired)));
    expect(overlayBitsInPixelData(dataset, { bitsAllocated: 16, bitsStored: 12 })).toEqual([12]);
    // With 13 bits stored, bit 12 holds image data: it is not an overlay's.
    expect(overlayBitsInPixelData(dataset, { bitsAllocated: 16, bitsStored: 13 })).toEqual([]);
  });

  for (const [profile, options] of [
    ['the basic profile (which removes the group first)', []],
    ['Clean Graphics (which keeps overlays)', ['clean-graphics']],
  ] as const) {
    it(`clears bit 12 and keeps every other bit, with ${profile}`, async () => {
      const input = new Uint8Array(readFileSync(retired));
      const before = samples(input).values;
      expect(count(before, 12)).toBeGreaterThan(200);
      expect(count(before, 14)).toBeGreaterThan(1000);

      const spec: ProfileSpec = { base: 'basic', options: [...options], pixels: { clean: true } };
      const deidentifier = await testDeidentifier(spec, undefined, nodePixelTools);
      const outcome = await deidentifier.deidentify(input);
      expect(outcome.status, 'reason' in outcome ? outcome.reason : '').toBe('written');
      if (outcome.status !== 'written') return;
      expect(outcome.pixels?.changed).toBe(true);
      expect(outcome.pixels?.overlaysInPixelData).toBe(1);
      const output = outputBytes(outcome);
      const after = samples(output);
      expect(count(after.values, 12)).toBe(0);
      expect(after.file.dataset.elements.some((e) => e.tag >>> 16 === 0x6000)).toBe(false);
      const plain = outputBytes(await deidentifier.deidentify(readFileSync(reference)));
      expect(after.values).toEqual(samples(plain).values);

      // pydicom, independently, reads both outputs as the same image (masked to Bits Stored).
      const out = path.join(scratch, `out-${options.length}.dcm`);
      const plainOut = path.join(scratch, `plain-${options.length}.dcm`);
      writeFileSync(out, output);
      writeFileSync(plainOut, plain);
      const compare = String.raw`
import sys, numpy as np, pydicom
a, b = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])
print(int((a.pixel_array != b.pixel_array).sum()), b.BurnedInAnnotation)
`;
      const said = execFileSync('/usr/bin/python3', ['-c', compare, plainOut, out], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(said.trim()).toBe('0 NO');
    }, 120_000);
  }

  it('clears a bit in either byte order and counts the samples that had it', () => {
    const le = Uint8Array.of(0x00, 0x10, 0xff, 0xff, 0x34, 0x12, 0x07);
    expect(clearSampleBits(le, 16, true, [12])).toEqual({
      bytes: Uint8Array.of(0x00, 0x00, 0xff, 0xef, 0x34, 0x02, 0x07),
      cleared: 3,
    });
    const be = Uint8Array.of(0x10, 0x00, 0x0f, 0xff);
    expect(clearSampleBits(be, 16, false, [12, 15])).toEqual({
      bytes: Uint8Array.of(0x00, 0x00, 0x0f, 0xff),
      cleared: 1,
    });
  });
});
