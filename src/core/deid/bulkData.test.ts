/**
 * De-identifying around the image data (for files too large to hold) gives, byte for byte,
 * what de-identifying the whole file in memory gives: on every DICOM file of the corpus that
 * has image data (native, encapsulated, implicit VR, big endian), and refuses with a reason
 * what it cannot do. Reads are counted, so the image data is shown never to be read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFiles, NOT_DICOM_NAME, relativeToCorpus } from '../testing/corpus';
import { putElement, removeElements } from '../dicom/edit';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { plantedFile } from '../testing/deidCases';
import type { ProfileSpec } from './api';
import { deidentifyAroundBulk, type RangeReader, type Splice } from './bulkData';

const BASIC: ProfileSpec = { base: 'basic', options: [] };
const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

function readerOf(bytes: Uint8Array, touched: Array<[number, number]> = []): RangeReader {
  return async (start, length) => {
    touched.push([start, start + length]);
    return bytes.subarray(start, Math.min(bytes.length, start + length));
  };
}

function spliced(output: Uint8Array, input: Uint8Array, splice: Splice): Buffer {
  return Buffer.concat([
    output.subarray(0, splice.at),
    input.subarray(splice.start, splice.end),
    output.subarray(splice.at),
  ]);
}

describe('de-identifying around the image data', () => {
  it('gives the same bytes as de-identifying in memory, on the whole corpus', async () => {
    const deid = await testDeidentifier(BASIC);
    let compared = 0;
    const mismatched: string[] = [];
    for (const file of corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f))) {
      const input = new Uint8Array(readFileSync(file));
      const whole = await deid.deidentify(input);
      const around = await deidentifyAroundBulk(deid, BASIC, readerOf(input), input.length);
      if (around.kind === 'read-whole') continue;
      const name = relativeToCorpus(file);
      if (whole.status !== 'written') {
        // What cannot be written whole cannot be written around its image either.
        expect(around.outcome.status, name).toBe(whole.status);
        continue;
      }
      if (around.outcome.status !== 'written' || !around.splice) {
        mismatched.push(`${name}: ${around.outcome.status}`);
        continue;
      }
      const streamed = spliced(outputBytes(around.outcome), input, around.splice);
      if (!streamed.equals(Buffer.from(outputBytes(whole)))) mismatched.push(name);
      compared++;
    }
    expect(mismatched).toEqual([]);
    expect(compared).toBeGreaterThan(700);
  }, 300_000);

  it('never reads the image data', async () => {
    const input = new Uint8Array(
      readFileSync(corpusFiles().find((f) => f.endsWith('/MR_small.dcm'))!),
    );
    const touched: Array<[number, number]> = [];
    const deid = await testDeidentifier(BASIC);
    const around = await deidentifyAroundBulk(deid, BASIC, readerOf(input, touched), input.length);
    if (around.kind !== 'done' || !around.splice) throw new Error('not split');
    const { start, end } = around.splice;
    // Only the first 12 bytes of the element (its header) and nothing of its value.
    const valueReads = touched.filter(([a, b]) => a < end && b > start + 12 && a >= start);
    expect(valueReads).toEqual([]);
    expect(end - start).toBeGreaterThan(8000);
  });

  it('refuses with a reason what it cannot do, and drops the image when a profile says so', async () => {
    const input = new Uint8Array(
      readFileSync(corpusFiles().find((f) => f.endsWith('/MR_small.dcm'))!),
    );
    const cut = input.subarray(0, input.length - 100);
    const deid = await testDeidentifier(BASIC);
    const short = await deidentifyAroundBulk(deid, BASIC, readerOf(cut), cut.length);
    expect(short.kind === 'done' && short.outcome).toMatchObject({
      status: 'failed',
      reason: /more bytes than the file has/,
    });

    const drop: ProfileSpec = {
      base: 'basic',
      options: [],
      overrides: [{ tag: 0x7fe00010, action: 'X' }],
    };
    const dropped = await deidentifyAroundBulk(
      await testDeidentifier(drop),
      drop,
      readerOf(input),
      input.length,
    );
    expect(dropped.kind === 'done' && dropped.splice).toBeUndefined();
    expect(dropped.kind === 'done' && dropped.outcome.status).toBe('written');
  });

  it('reads whole a file whose header is followed by something other than image data', async () => {
    // A private block after the header, where the image would be: it holds the patient's
    // name, so it must go through the profile (which removes it), never be copied unread.
    const input = plantedFile('pydicom/src/pydicom/data/test_files/CT_small.dcm', [], (file) => {
      removeElements(file.dataset, (e) => e.tag === 0x7fe00010);
      putElement(file.dataset, 0x7fe10010, 'LO', ascii('ACME HIDDEN'));
      putElement(file.dataset, 0x7fe11001, 'OB', ascii('CompressedSamples^CT1 '));
    });
    const deid = await testDeidentifier(BASIC);
    const around = await deidentifyAroundBulk(deid, BASIC, readerOf(input), input.length);
    expect(around.kind).toBe('read-whole');
    const whole = outputBytes(await deid.deidentify(input));
    expect(Buffer.from(whole).includes('CompressedSamples')).toBe(false);
  });
});
