/**
 * Boxes to black out, as the preview edits them: made from a drag, moved and resized by mouse
 * or keys, always whole pixels inside the image. Pure, so the keyboard rules are tested without
 * a browser. Coordinates are image pixels (x right, y down from the top-left pixel), as in a
 * pixel regions file.
 */
import type { UserBox } from '../userRegions';

export interface ImageSize {
  readonly rows: number;
  readonly columns: number;
}

/** The box spanned by two corners of a drag, clipped to the image; undefined if too small. */
export function boxFromDrag(
  a: { x: number; y: number },
  b: { x: number; y: number },
  size: ImageSize,
): UserBox | undefined {
  const x0 = clamp(Math.floor(Math.min(a.x, b.x)), 0, size.columns - 1);
  const y0 = clamp(Math.floor(Math.min(a.y, b.y)), 0, size.rows - 1);
  const x1 = clamp(Math.ceil(Math.max(a.x, b.x)), x0 + 1, size.columns);
  const y1 = clamp(Math.ceil(Math.max(a.y, b.y)), y0 + 1, size.rows);
  // A click without a drag (under 2 pixels either way) is not a box.
  if (x1 - x0 < 2 || y1 - y0 < 2) return undefined;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, frames: 'all' };
}

/** The box moved by (dx, dy), kept inside the image. */
export function moveBox(box: UserBox, dx: number, dy: number, size: ImageSize): UserBox {
  return {
    ...box,
    x: clamp(Math.round(box.x + dx), 0, size.columns - box.width),
    y: clamp(Math.round(box.y + dy), 0, size.rows - box.height),
  };
}

/** The box's right and bottom edges moved by (dw, dh): at least a pixel, inside the image. */
export function resizeBox(box: UserBox, dw: number, dh: number, size: ImageSize): UserBox {
  return {
    ...box,
    width: clamp(Math.round(box.width + dw), 1, size.columns - box.x),
    height: clamp(Math.round(box.height + dh), 1, size.rows - box.y),
  };
}

/** Arrow keys move a box by one pixel (ten with Alt); Shift resizes it instead. */
export function boxAfterKey(
  box: UserBox,
  key: { readonly key: string; readonly shiftKey: boolean; readonly altKey: boolean },
  size: ImageSize,
): UserBox | 'delete' | undefined {
  if (key.key === 'Delete' || key.key === 'Backspace') return 'delete';
  const step = key.altKey ? 10 : 1;
  const delta: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const d = delta[key.key];
  if (!d) return undefined;
  return key.shiftKey ? resizeBox(box, d[0], d[1], size) : moveBox(box, d[0], d[1], size);
}

/** "x 10, y 20, 200 × 40 pixels": a box as its label reads. */
export function describeBox(box: UserBox): string {
  return `x ${box.x}, y ${box.y}, ${box.width} × ${box.height} pixels`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
