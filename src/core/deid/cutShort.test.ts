/**
 * A real file cut inside an element's header, or right after its file meta, is cut short; the
 * same file whole, or padded with the zeros and spaces writers leave, is not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { corpusFile } from '../testing/corpus';
import { testDeidentifier } from '../testing/deid';
import { cutShortReason } from './cutShort';

const CT = new Uint8Array(
  readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm')),
);
/** Where CT_small's data set starts (after its file meta) and its Pixel Data element starts. */
const BODY = readDicom(CT).dataset.start;
const PIXELS = readDicom(CT).dataset.elements.find((e) => e.tag === 0x7fe00010)!.start;

function padded(...bytes: number[]): Uint8Array {
  const out = new Uint8Array(CT.length + bytes.length);
  out.set(CT);
  out.set(bytes, CT.length);
  return out;
}

describe('cutShortReason', () => {
  it('finds a file cut inside an element header, whatever the cut', () => {
    for (const cut of [1, 4, 7]) {
      const file = readDicom(CT.subarray(0, PIXELS + cut));
      expect(cutShortReason(file), `cut ${cut} bytes into the header`).toMatch(
        /^truncated: the file ends inside the header of an element/,
      );
    }
  });

  it('finds a file that ends after its file meta', () => {
    expect(cutShortReason(readDicom(CT.subarray(0, BODY)))).toMatch(/after its file meta/);
  });

  it('lets whole files and padding pass', () => {
    expect(cutShortReason(readDicom(CT))).toBeUndefined();
    expect(cutShortReason(readDicom(padded(0, 0, 0, 0, 0)))).toBeUndefined();
    expect(cutShortReason(readDicom(padded(0x20, 0x0a)))).toBeUndefined();
  });

  it('makes the engine fail such a file with the reason, and write the whole one', async () => {
    const deidentifier = await testDeidentifier({ base: 'basic', options: [] });
    const cut = await deidentifier.deidentify(CT.subarray(0, PIXELS + 6));
    expect(cut).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^truncated/) });
    expect((await deidentifier.deidentify(CT)).status).toBe('written');
  });
});
