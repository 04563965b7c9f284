/**
 * RLE Lossless encoder (PS3.5 Annex G), the inverse of ../rle.ts: one segment per byte plane,
 * the most significant byte of sample 1 first, each segment PackBits-coded row by row (a run
 * never crosses a row, as G.3.1 asks) and padded to even length.
 */
import { PixelError } from '../imageInfo';
import type { RleLayout } from '../rle';

/**
 * Encodes one frame given as little-endian samples, pixel-interleaved (`planar` false, as
 * decodeRle returns them) or one plane after another (`planar` true).
 */
export function encodeRle(frame: Uint8Array, layout: RleLayout, planar = false): Uint8Array {
  const { rows, columns, samplesPerPixel } = layout;
  const bytesPerSample = Math.ceil(layout.bitsAllocated / 8);
  const segments = samplesPerPixel * bytesPerSample;
  if (segments > 15) {
    throw new PixelError(
      `RLE Lossless holds at most 15 byte planes; this image needs ${segments}.`,
    );
  }
  const pixels = rows * columns;
  if (frame.length < pixels * segments) {
    throw new PixelError('The frame to encode as RLE is shorter than its rows and columns need.');
  }
  // Worst case per row: one header byte per 128 literal bytes.
  const worstSegment = pixels + rows * (Math.ceil(columns / 128) + 1) + 2;
  const out = new Uint8Array(64 + segments * worstSegment);
  const view = new DataView(out.buffer);
  view.setUint32(0, segments, true);
  const plane = new Uint8Array(pixels);
  let at = 64;
  for (let segment = 0; segment < segments; segment++) {
    view.setUint32(4 + segment * 4, at, true);
    const sample = Math.floor(segment / bytesPerSample);
    const byte = bytesPerSample - 1 - (segment % bytesPerSample);
    if (planar) {
      const start = sample * pixels * bytesPerSample + byte;
      for (let p = 0; p < pixels; p++) plane[p] = frame[start + p * bytesPerSample]!;
    } else {
      const stride = segments;
      let from = sample * bytesPerSample + byte;
      for (let p = 0; p < pixels; p++, from += stride) plane[p] = frame[from]!;
    }
    for (let row = 0; row < rows; row++) {
      at = packBits(plane, row * columns, (row + 1) * columns, out, at);
    }
    if (at % 2 !== 0) out[at++] = 0; // even segments; a decoder stops at the plane's size
  }
  return out.slice(0, at);
}

/** PackBits of src[start, end) into out at `o`; returns the new end of out. */
function packBits(src: Uint8Array, start: number, end: number, out: Uint8Array, o: number) {
  let i = start;
  while (i < end) {
    const value = src[i]!;
    let run = 1;
    while (run < 128 && i + run < end && src[i + run] === value) run++;
    if (run >= 2) {
      out[o++] = 257 - run; // -(run - 1) as a byte: repeat the next byte `run` times
      out[o++] = value;
      i += run;
      continue;
    }
    // A literal, up to 128 bytes, ended early where a run of three begins.
    const literalStart = i;
    let count = 0;
    while (i < end && count < 128) {
      if (i + 2 < end && src[i] === src[i + 1] && src[i] === src[i + 2]) break;
      i++;
      count++;
    }
    out[o++] = count - 1;
    out.set(src.subarray(literalStart, literalStart + count), o);
    o += count;
  }
  return o;
}
