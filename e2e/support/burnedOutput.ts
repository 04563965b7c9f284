/**
 * Checks of a cleaned burned-in image against its input and the generator's ground truth
 * (scripts/burn-text), with tools that share nothing with the page but the frame decoder:
 * Debian's tesseract reads the output, and the decoded pixels are compared value by value.
 */
import { decodeFrames, type Box, type GroundTruth } from '../../scripts/burn-text/corpus';
import { tesseractWords } from '../../scripts/burn-text/ocr';
import { luminance } from '../../src/core/pixels/detect/luminance';
import type { DisplayImage } from '../../src/core/pixels/display';

/** Line kinds the generator plants as identifying (the rest are harmless labels). */
const IDENTIFYING = new Set(['name', 'patient-id', 'birth-date', 'accession', 'institution']);

/** Pieces of a planted line worth looking for in what tesseract reads ("DOE", "19840212"). */
export function lineTokens(text: string): string[] {
  return text
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((token) => token.length >= 3);
}

const normal = (word: string) => word.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Tokens of the frame's identifying planted lines that tesseract reads in the frame. */
export function readableTokens(frame: DisplayImage, truth: GroundTruth, index: number): string[] {
  const tokens = truth.lines
    .filter((line) => IDENTIFYING.has(line.kind) && line.frames.includes(index))
    .flatMap((line) => lineTokens(line.text));
  const words = tesseractWords(luminance(frame), frame.columns, frame.rows).map((w) =>
    normal(w.text),
  );
  return tokens.filter((token) => words.some((word) => word === token || word.includes(token)));
}

export interface PixelChange {
  /** Pixels that differ from the input anywhere. */
  readonly changed: number;
  /** Of those, the ones farther than `margin` from every planted line and outside `boxes`. */
  readonly changedElsewhere: number;
  /** Pixels inside the drawn boxes, and how many of them hold one value in the output. */
  readonly inBoxes: number;
  readonly inBoxesUniform: boolean;
  readonly inBoxesUniformBefore: boolean;
}

/**
 * Compares one frame of input and output, pixel by pixel (stored grey values, or RGBA): what
 * changed, and whether anything changed away from the planted lines (grown by `margin`) and the
 * boxes the user drew.
 */
export function comparePixels(
  before: DisplayImage,
  after: DisplayImage,
  lines: readonly Box[],
  drawn: readonly Box[],
  margin: number,
): PixelChange {
  const { columns, rows } = before;
  const allowed = new Uint8Array(columns * rows);
  const mark = (b: Box, grow: number) => {
    const x0 = Math.max(0, b.x - grow);
    const x1 = Math.min(columns, b.x + b.w + grow);
    for (let y = Math.max(0, b.y - grow); y < Math.min(rows, b.y + b.h + grow); y++)
      allowed.fill(1, y * columns + x0, y * columns + x1);
  };
  for (const line of lines) mark(line, margin);
  for (const box of drawn) mark(box, 0);
  const value = (image: DisplayImage, i: number) =>
    image.kind === 'grey'
      ? image.pixels[i]!
      : (image.rgba[4 * i]! << 16) | (image.rgba[4 * i + 1]! << 8) | image.rgba[4 * i + 2]!;
  let changed = 0;
  let changedElsewhere = 0;
  for (let i = 0; i < columns * rows; i++) {
    if (value(before, i) === value(after, i)) continue;
    changed++;
    if (!allowed[i]) changedElsewhere++;
  }
  const inside = (image: DisplayImage) => {
    const values = new Set<number>();
    for (const b of drawn)
      for (let y = b.y; y < b.y + b.h; y++)
        for (let x = b.x; x < b.x + b.w; x++) values.add(value(image, y * columns + x));
    return values;
  };
  return {
    changed,
    changedElsewhere,
    inBoxes: drawn.reduce((n, b) => n + b.w * b.h, 0),
    inBoxesUniform: inside(after).size === 1,
    inBoxesUniformBefore: inside(before).size === 1,
  };
}

export { decodeFrames };
