/**
 * Rectangles of text boxes: their area, overlap and union, and the merging loop that both the
 * detector (boxes of the two polarities) and the engine (a cine's boxes at the same place) use
 * with their own test of which two boxes are one.
 */
import type { TextBox } from './detectText';

export const area = (box: TextBox): number => box.w * box.h;

/** Pixels two boxes share. */
export function sharedArea(a: TextBox, b: TextBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The rectangle around both, scored as the better of the two. */
export function union(a: TextBox, b: TextBox): TextBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    w: Math.max(a.x + a.w, b.x + b.w) - x,
    h: Math.max(a.y + a.h, b.y + b.h) - y,
    score: Math.max(a.score, b.score),
  };
}

/**
 * Replaces two boxes by their union while `canMerge` accepts a pair, taking pairs in order (the
 * first box kept in place of both); the result depends on the order of `boxes`.
 */
export function mergeBoxesWhile(
  boxes: readonly TextBox[],
  canMerge: (a: TextBox, b: TextBox) => boolean,
): TextBox[] {
  const out = boxes.slice();
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        if (!canMerge(out[i]!, out[j]!)) continue;
        // The union may now take in boxes looked at before: look again from the start.
        out[i] = union(out[i]!, out[j]!);
        out.splice(j, 1);
        merged = true;
        break;
      }
    }
  }
  return out;
}

/**
 * Calls `take` with each value of `grey` (`width` × `height`) on the rectangle x0..x1, y0..y1
 * (inclusive), each pixel once, leaving out the parts outside the frame: the ring around a box,
 * against which the detector measures a character's contrast and the engine a weak box's
 * background. A callback, not an array: the detector walks a ring for every component.
 */
export function forEachRingValue(
  grey: Uint8Array,
  width: number,
  height: number,
  [x0, y0, x1, y1]: readonly [number, number, number, number],
  take: (value: number) => void,
): void {
  const visit = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < width && y < height) take(grey[y * width + x]!);
  };
  for (let x = x0; x <= x1; x++) {
    visit(x, y0);
    visit(x, y1);
  }
  for (let y = y0 + 1; y < y1; y++) {
    visit(x0, y);
    visit(x1, y);
  }
}
