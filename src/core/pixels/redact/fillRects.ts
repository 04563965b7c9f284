/**
 * Writes a constant pixel into rectangles of one frame held as bytes, whatever the layout:
 * 1, 2 or 4 bytes per sample, either byte order, samples interleaved or one plane after another.
 * Only the bytes of pixels inside a rectangle are written; every other byte stays as it was.
 */
import type { Rect } from './boxes';

export interface FrameGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bytesPerSample: number;
  /** Planes one after the other (R… G… B…) rather than R G B per pixel. */
  readonly planar: boolean;
  readonly littleEndian: boolean;
}

export function frameBytes(g: FrameGeometry): number {
  return g.rows * g.columns * g.samplesPerPixel * g.bytesPerSample;
}

/** Fills `rects` of the frame starting at `offset` in `target` with `patterns` (one a sample). */
export function fillRects(
  target: Uint8Array,
  offset: number,
  g: FrameGeometry,
  rects: readonly Rect[],
  patterns: readonly number[],
): void {
  const bps = g.bytesPerSample;
  const sampleBytes = patterns.map((p) => {
    const bytes = new Uint8Array(bps);
    for (let b = 0; b < bps; b++)
      bytes[g.littleEndian ? b : bps - 1 - b] = (p / 2 ** (8 * b)) & 0xff;
    return bytes;
  });
  if (g.planar && g.samplesPerPixel > 1) {
    const planeBytes = g.rows * g.columns * bps;
    for (let s = 0; s < g.samplesPerPixel; s++) {
      const plane = { ...g, samplesPerPixel: 1, planar: false };
      fillInterleaved(target, offset + s * planeBytes, plane, rects, [sampleBytes[s]!]);
    }
    return;
  }
  fillInterleaved(target, offset, g, rects, sampleBytes);
}

function fillInterleaved(
  target: Uint8Array,
  offset: number,
  g: FrameGeometry,
  rects: readonly Rect[],
  sampleBytes: readonly Uint8Array[],
): void {
  // One pixel's bytes; a row run is that pattern repeated.
  const pixel = new Uint8Array(sampleBytes.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of sampleBytes) {
    pixel.set(s, at);
    at += s.length;
  }
  const pixelBytes = pixel.length;
  const rowBytes = g.columns * pixelBytes;
  const uniform = pixel.every((b) => b === pixel[0]);
  for (const r of rects) {
    const runBytes = (r.x1 - r.x0) * pixelBytes;
    for (let y = r.y0; y < r.y1; y++) {
      const start = offset + y * rowBytes + r.x0 * pixelBytes;
      if (uniform) {
        target.fill(pixel[0]!, start, start + runBytes);
        continue;
      }
      for (let p = start; p < start + runBytes; p += pixelBytes) target.set(pixel, p);
    }
  }
}
