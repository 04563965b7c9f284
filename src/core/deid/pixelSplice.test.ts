import { describe, expect, it } from 'vitest';
import { makeSyntheticCtMultiFrame } from '../../../scripts/makeSyntheticCtSeries';
import { readDicom } from '../dicom/readDicom';
import { writeDicom } from '../dicom/writer';
import { cleanPixels } from '../pixels/clean/cleanPixels';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { nodePixelTools } from '../testing/pixelTools';
import { SPLICE_ABOVE_BYTES, splitPixelValue, spliceChunks, withPixelValue } from './pixelSplice';

const CLEAN = { base: 'basic', options: [], pixels: { clean: true } } as const;
/** 4 frames of 512 × 512 × 16 bits (2 MiB of pixels) with burned-in text to black out. */
const cine = () => makeSyntheticCtMultiFrame({ frames: 4, seed: 1616 }).bytes;

describe('cleaned pixels spliced from the input', () => {
  it('writes the same bytes as a copy, with the pixel value a view of the given-up input', async () => {
    const input = cine();
    const copied = await (
      await testDeidentifier(CLEAN, undefined, nodePixelTools)
    ).deidentify(input.slice());
    const consumed = await (
      await testDeidentifier(CLEAN, undefined, nodePixelTools)
    ).deidentify(input, { consumeInput: true });
    if (copied.status !== 'written' || consumed.status !== 'written')
      throw new Error('not written');
    expect(consumed.pixels?.regions).toBeGreaterThan(0);
    expect(copied.chunks).toHaveLength(1);
    const views = consumed.chunks.filter((chunk) => chunk.buffer === input.buffer);
    expect(views).toHaveLength(1);
    expect(views[0]!.length).toBeGreaterThanOrEqual(4 * 512 * 512 * 2);
    expect(same(outputBytes(consumed), outputBytes(copied))).toBe(true);
    // The blacked-out pixels are the input's own: it was cleaned where it lay.
    expect(same(input, cine())).toBe(false);
  });

  it('keeps a caller’s input as it was without consumeInput', async () => {
    const input = cine();
    const deidentifier = await testDeidentifier(CLEAN, undefined, nodePixelTools);
    const outcome = await deidentifier.deidentify(input);
    expect(outcome.status === 'written' && outcome.pixels?.regions).toBeGreaterThan(0);
    expect(same(input, cine())).toBe(true);
  });

  it('puts the value back for the OCR check and around the written rest, as writeDicom would', async () => {
    const input = cine();
    const cleaned = await cleanPixels(readDicom(input), nodePixelTools, { inPlace: true });
    const file = cleaned!.file;
    const whole = writeDicom(file, { keepTrailingBytes: false });
    const splice = splitPixelValue(file, input)!;
    expect(splice.value.length).toBeGreaterThan(SPLICE_ABOVE_BYTES);
    const rest = writeDicom(splice.rest, { keepTrailingBytes: false });
    expect(rest.length).toBeLessThan(whole.length - splice.value.length);
    const joined = spliceChunks(rest, splice, file);
    expect(same(concat(joined), whole)).toBe(true);
    const readBack = withPixelValue(readDicom(rest), splice);
    expect(same(writeDicom(readBack, { keepTrailingBytes: false }), whole)).toBe(true);
  });

  it('leaves a pixel value that is not a view of the input, or a small one, to be written whole', async () => {
    const input = cine();
    const copied = await cleanPixels(readDicom(input), nodePixelTools);
    expect(splitPixelValue(copied!.file, input)).toBeUndefined();
    const slice = makeSyntheticCtMultiFrame({ frames: 1, seed: 1616 }).bytes;
    const small = await cleanPixels(readDicom(slice), nodePixelTools, { inPlace: true });
    expect(small!.report.regions).toBeGreaterThan(0);
    expect(splitPixelValue(small!.file, slice)).toBeUndefined();
  });
});

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Byte equality; toEqual walks megabytes element by element, for minutes on this machine. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
