import { describe, expect, it } from 'vitest';
import {
  makeSyntheticCtMultiFrame,
  makeSyntheticCtSeries,
} from '../../../scripts/makeSyntheticCtSeries';
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
    // 256 × 256 × 16 bits: 128 KiB of pixels.
    const slice = makeSyntheticCtMultiFrame({ frames: 1, seed: 1616, size: 256 }).bytes;
    const small = await cleanPixels(readDicom(slice), nodePixelTools, { inPlace: true });
    expect(small!.report.regions).toBeGreaterThan(0);
    expect(splitPixelValue(small!.file, slice)).toBeUndefined();
  });
});

describe('untouched pixels spliced from the input', () => {
  /** One 512 × 512 × 16-bit slice (0.5 MiB of pixels), as a CT series has them. */
  const slice = () => makeSyntheticCtSeries({ slices: 1, seed: 1717 })[0]!.bytes;

  it('writes the same bytes as a copy, with the whole element a view of the input', async () => {
    const input = slice();
    const basic = { base: 'basic', options: [] } as const;
    const copied = await (await testDeidentifier(basic)).deidentify(input.slice());
    const consumed = await (
      await testDeidentifier(basic)
    ).deidentify(input, {
      consumeInput: true,
    });
    expect(copied.status === 'written' && copied.chunks).toHaveLength(1);
    if (consumed.status !== 'written') throw new Error('not written');
    const views = consumed.chunks.filter((chunk) => chunk.buffer === input.buffer);
    expect(views).toHaveLength(1);
    // Header (12 bytes, explicit VR OW) and value, as the input has them.
    expect(views[0]!.length).toBe(512 * 512 * 2 + 12);
    expect(same(outputBytes(consumed), outputBytes(copied))).toBe(true);
    expect(same(input, slice())).toBe(true);
  });

  it('puts the element back where it was when elements follow it', () => {
    // Data Set Trailing Padding (FFFC,FFFC), OB, 4 bytes, after the Pixel Data.
    const padding = [0xfc, 0xff, 0xfc, 0xff, 0x4f, 0x42, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4];
    const input = new Uint8Array([...slice(), ...padding]);
    const file = readDicom(input);
    const splice = splitPixelValue(file, input)!;
    expect(splice.last).toBe(false);
    expect(splice.untouched?.buffer).toBe(input.buffer);
    const rest = writeDicom(splice.rest, { keepTrailingBytes: false });
    const whole = writeDicom(file, { keepTrailingBytes: false });
    expect(same(concat(spliceChunks(rest, splice, file)), whole)).toBe(true);
    expect(same(whole, input)).toBe(true);
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
