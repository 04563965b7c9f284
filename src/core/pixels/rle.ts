/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment
 * per byte plane, most significant byte of each sample first, sample by sample.
 * The result is the frame as native little-endian bytes, pixel-interleaved.
 */
import { PixelError } from './imageInfo';

export interface RleLayout {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
}

export function decodeRle(frame: Uint8Array, layout: RleLayout): Uint8Array {
  const { rows, columns, samplesPerPixel } = layout;
  const bytesPerSample = Math.ceil(layout.bitsAllocated / 8);
  const pixels = rows * columns;
  if (frame.length < 64) throw new PixelError('The RLE frame is shorter than its header.');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segmentCount !== expected) {
    throw new PixelError(
      `The RLE frame has ${segmentCount} segments where ${expected} are needed for ${samplesPerPixel} sample(s) of ${layout.bitsAllocated} bits.`,
    );
  }
  const offsets: number[] = [];
  for (let i = 0; i < segmentCount; i++) offsets.push(view.getUint32(4 + i * 4, true));
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let segment = 0; segment < segmentCount; segment++) {
    const start = offsets[segment]!;
    const end = segment + 1 < segmentCount ? offsets[segment + 1]! : frame.length;
    if (start < 64 || start > frame.length || end < start) {
      throw new PixelError('The RLE frame has a segment offset outside the frame.');
    }
    plane.fill(0);
    unpackBits(frame, start, Math.min(end, frame.length), plane);
    const sample = Math.floor(segment / bytesPerSample);
    // Segments run from the most significant byte down; little endian puts it last.
    const byte = bytesPerSample - 1 - (segment % bytesPerSample);
    const stride = expected;
    let at = sample * bytesPerSample + byte;
    for (let p = 0; p < pixels; p++, at += stride) out[at] = plane[p]!;
  }
  return out;
}

/** PackBits: n ≥ 0 copies n+1 bytes; -127 ≤ n ≤ -1 repeats the next byte 1-n times. */
function unpackBits(src: Uint8Array, start: number, end: number, out: Uint8Array): void {
  let i = start;
  let o = 0;
  const limit = out.length;
  while (i < end && o < limit) {
    const n = src[i++]!;
    if (n < 128) {
      const count = Math.min(n + 1, limit - o, end - i);
      out.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      const count = Math.min(257 - n, limit - o);
      if (i >= end) break;
      out.fill(src[i++]!, o, o + count);
      o += count;
    }
    // n === 128 (-128) is a no-op.
  }
}
