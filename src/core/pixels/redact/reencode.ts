/**
 * One decoded frame: boxes filled, then either re-encoded losslessly (and decoded again to prove
 * it) or laid out as native samples for the file's Bits Allocated, interleaved.
 */
import { PixelError, type ImageInfo } from '../imageInfo';
import type { Codecs } from '../codecs';
import type { Rect } from './boxes';
import type { Encoders, EncoderInput } from './encoders';
import { blackValues, storedPattern } from './fillValue';
import { fillRects } from './fillRects';
import type { FrameEncoder } from './outputPlan';
import { decodeRawFrame, type RawFrame } from './rawFrame';
import { encodeRle } from './rleEncode';

/** Fills the rectangles in the frame's own samples (in place). */
export function fillRawFrame(info: ImageInfo, raw: RawFrame, rects: readonly Rect[]): void {
  if (rects.length === 0) return;
  const bits = Math.min(info.bitsStored, raw.bitsPerSample);
  const values = blackValues(info, {
    photometric: raw.photometric,
    samplesPerPixel: raw.components,
    bitsStored: bits,
    signed: raw.signed,
  });
  const patterns = values.map((v) =>
    storedPattern(v, raw.container, raw.signExtended ? raw.container : bits),
  );
  const geometry = {
    rows: info.rows,
    columns: info.columns,
    samplesPerPixel: raw.components,
    bytesPerSample: raw.container / 8,
    planar: raw.planar,
    littleEndian: true,
  };
  fillRects(raw.data, 0, geometry, rects, patterns);
}

/** Re-encodes a filled frame; with `verify`, decodes the result and requires the same samples. */
export async function encodeFrame(
  info: ImageInfo,
  raw: RawFrame,
  encoder: FrameEncoder,
  encoders: Encoders,
  codecs: Codecs,
  verify: boolean,
): Promise<Uint8Array> {
  if (encoder === 'encapsulated-native') return raw.data;
  if (encoder === 'rle') {
    // RLE holds the container's bytes: the decoded frame already has Bits Allocated.
    const encoded = encodeRle(raw.data, info, raw.planar);
    if (verify) await expectSame(info, encoded, raw, codecs, 'RLE Lossless');
    return encoded;
  }
  const input: EncoderInput = {
    width: info.columns,
    height: info.rows,
    components: raw.components,
    bitsPerSample: raw.bitsPerSample,
    signed: raw.signExtended,
    data: raw.data,
    planar: raw.planar,
  };
  if (raw.planar && encoder !== 'jpeg-ls') {
    throw new PixelError('A planar frame cannot be handed to the JPEG 2000 encoders.');
  }
  const encoded =
    encoder === 'jpeg-ls'
      ? await encoders.jpegLs(input)
      : encoder === 'jpeg-2000'
        ? await encoders.jpeg2000(input)
        : await encoders.htj2k(input);
  if (verify) await expectSame(info, encoded, raw, codecs, encoder);
  return encoded;
}

/** Decodes what was just encoded, with the preview's decoders, and compares every sample. */
async function expectSame(
  info: ImageInfo,
  encoded: Uint8Array,
  raw: RawFrame,
  codecs: Codecs,
  what: string,
): Promise<void> {
  const again = await decodeRawFrame(info, encoded, codecs);
  if (!sameSamples(raw, again)) {
    throw new PixelError(
      `Re-encoding a redacted frame as ${what} did not give back the same pixels; the file is not written that way.`,
    );
  }
}

/**
 * The frame as native samples for the file's Bits Allocated, pixel-interleaved (Planar
 * Configuration 0): what Explicit VR Little Endian output holds.
 */
export function nativeFrameBytes(info: ImageInfo, raw: RawFrame): Uint8Array {
  const bytesPerSample = info.bitsAllocated / 8;
  if (raw.container === info.bitsAllocated && !raw.planar) return raw.data;
  const samples = toInterleaved(raw);
  const out = new Uint8Array(samples.length * bytesPerSample);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    for (let b = 0; b < bytesPerSample; b++)
      out[i * bytesPerSample + b] = (value >>> (8 * b)) & 0xff;
  }
  return out;
}

/**
 * Whether two decodings of a frame hold the same samples. Laid out alike (the usual case), their
 * bytes are compared as they are; else sample by sample.
 */
function sameSamples(a: RawFrame, b: RawFrame): boolean {
  if (
    a.container === b.container &&
    a.planar === b.planar &&
    a.signExtended === b.signExtended &&
    a.components === b.components
  ) {
    if (a.data.length !== b.data.length) return false;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
    return true;
  }
  const x = toInterleaved(a);
  const y = toInterleaved(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Container patterns as numbers (sign-extended where the frame is), pixel-interleaved. */
function toInterleaved(raw: RawFrame): Int32Array {
  const bytes = raw.container / 8;
  const count = raw.data.length / bytes;
  const out = new Int32Array(count);
  const pixels = count / raw.components;
  const half = 2 ** (raw.container - 1);
  const full = 2 ** raw.container;
  for (let i = 0; i < count; i++) {
    let value = 0;
    for (let b = bytes - 1; b >= 0; b--) value = value * 256 + raw.data[i * bytes + b]!;
    if (raw.signExtended && value >= half) value -= full;
    // Planar frames: sample s of pixel p lies at s * pixels + p.
    const at = raw.planar ? (i % pixels) * raw.components + Math.floor(i / pixels) : i;
    out[at] = value;
  }
  return out;
}
