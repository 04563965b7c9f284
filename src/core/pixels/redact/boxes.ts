/**
 * Redaction boxes as callers give them (detector, user, templates), checked and clipped once so
 * that the fill loops below never see a coordinate outside the image.
 */
import { PixelError } from '../imageInfo';

/** A rectangle in pixel coordinates (x to the right, y down, from the top-left pixel). */
export interface RedactionBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Zero-based frame indexes the box applies to; absent means every frame. */
  readonly frames?: readonly number[];
}

/** A box clipped to the image: columns [x0, x1) and rows [y0, y1), never empty. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * The clipped rectangles of each frame (an empty list for frames no box touches). A box partly
 * outside the image is cut at its edge, since detectors and templates do produce such boxes; a
 * box that is not a box at all (not finite, negative size, a frame that does not exist) is a
 * caller's error and is refused, because silently ignoring it would leave text in place.
 */
export function rectsByFrame(
  boxes: readonly RedactionBox[],
  rows: number,
  columns: number,
  frames: number,
): Rect[][] {
  const out: Rect[][] = Array.from({ length: frames }, () => []);
  boxes.forEach((box, i) => {
    const { x, y, width, height } = box;
    if (![x, y, width, height].every(Number.isFinite) || width < 0 || height < 0) {
      throw new PixelError(
        `Redaction box ${i + 1} is not a box (x ${x}, y ${y}, width ${width}, height ${height}).`,
      );
    }
    // Fractional edges grow outwards: a box covers every pixel it touches.
    const rect = {
      x0: Math.max(0, Math.floor(x)),
      y0: Math.max(0, Math.floor(y)),
      x1: Math.min(columns, Math.ceil(x + width)),
      y1: Math.min(rows, Math.ceil(y + height)),
    };
    const targets = box.frames ?? out.map((_, f) => f);
    for (const frame of targets) {
      if (!Number.isInteger(frame) || frame < 0 || frame >= frames) {
        throw new PixelError(
          `Redaction box ${i + 1} names frame ${frame}, but the image has frames 0 to ${frames - 1}.`,
        );
      }
    }
    if (rect.x1 <= rect.x0 || rect.y1 <= rect.y0) return; // wholly outside or empty
    for (const frame of new Set(targets)) out[frame]!.push(rect);
  });
  return out;
}

/** How many pixels the rectangles of one frame cover (overlaps counted once). */
export function coveredPixels(rects: readonly Rect[], columns: number): number {
  if (rects.length === 1) {
    const r = rects[0]!;
    return (r.x1 - r.x0) * (r.y1 - r.y0);
  }
  const rowsSeen = new Map<number, Uint8Array>();
  let count = 0;
  for (const r of rects) {
    for (let y = r.y0; y < r.y1; y++) {
      let row = rowsSeen.get(y);
      if (!row) rowsSeen.set(y, (row = new Uint8Array(columns)));
      for (let x = r.x0; x < r.x1; x++) {
        if (!row[x]) {
          row[x] = 1;
          count++;
        }
      }
    }
  }
  return count;
}
