/**
 * A classical detector of text burned into a frame: top-hats pick out strokes brighter (or
 * darker) than their surroundings, connected components of those strokes that have a
 * character's size and shape are joined into lines, and each line gets a score. No model, no
 * data files; about 10 ms for 512 × 512 in Node.
 */
import type { DisplayImage } from '../display';
import { connectedComponents } from './components';
import { groupLines, isCharacter, type Line, type LineLimits } from './lines';
import { luminance } from './luminance';
import { area, forEachRingValue, mergeBoxesWhile, sharedArea } from './boxGeometry';
import { blackTopHat, whiteTopHat } from './morphology';

/** A text line found in a frame: pixels x..x+w-1, y..y+h-1. */
export interface TextBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** 0..1: how much it looks like a line of characters. */
  readonly score: number;
}

export interface DetectOptions {
  /** Least difference (0–255, as displayed) between a stroke and its surroundings. */
  readonly contrast?: number;
  /** Side of the square the top-hats use; strokes must be thinner than this. */
  readonly kernel?: number;
  /** Lines scoring below this are dropped. */
  readonly minScore?: number;
  /** Character height range in pixels. */
  readonly minHeight?: number;
  readonly maxHeight?: number;
  /** Pixels added on every side of a line's box (clipped to the frame). */
  readonly padding?: number;
  /** Which text to look for: light on dark, dark on light, or both (default). */
  readonly polarity?: 'bright' | 'dark' | 'both';
}

const DEFAULTS = {
  contrast: 96,
  kernel: 7,
  minScore: 0.5,
  minHeight: 5,
  maxHeight: 40,
  padding: 2,
  polarity: 'both',
} satisfies Required<DetectOptions>;

export function detectText(image: DisplayImage, options: DetectOptions = {}): TextBox[] {
  return detectTextInGrey(luminance(image), image.columns, image.rows, options);
}

/** The same on 8-bit brightness, row by row (`width` × `height`). */
export function detectTextInGrey(
  grey: Uint8Array,
  width: number,
  height: number,
  options: DetectOptions = {},
): TextBox[] {
  const o = { ...DEFAULTS, ...options };
  const limits: LineLimits = { minHeight: o.minHeight, maxHeight: o.maxHeight };
  const boxes: TextBox[] = [];
  const hats = [
    ...(o.polarity !== 'dark' ? [[whiteTopHat, 1] as const] : []),
    ...(o.polarity !== 'bright' ? [[blackTopHat, -1] as const] : []),
  ];
  for (const [hat, sign] of hats) {
    const strokes = hat(grey, width, height, o.kernel);
    const mask = new Uint8Array(strokes.length);
    for (let i = 0; i < mask.length; i++) mask[i] = strokes[i]! >= o.contrast ? 1 : 0;
    const chars = connectedComponents(mask, width, height, grey).filter(
      (c) =>
        isCharacter(c, limits) &&
        // A character stands out from what surrounds its box (not a gap between strokes).
        ringContrast(grey, width, height, c, 1, sign, o.contrast / 2) >= 0.6,
    );
    for (const line of groupLines(chars, limits)) {
      let score = scoreLine(line);
      // A lone character counts when it stands alone on a plain background (an "L" or "R").
      if (line.count === 1 && mayStandAlone(line, width, height)) {
        const ring = ringContrast(
          grey,
          width,
          height,
          line,
          line.height >> 1,
          sign,
          o.contrast / 2,
        );
        if (ring >= 0.97) score = Math.max(score, LONE_SCORE);
      }
      if (score < o.minScore) continue;
      const x = Math.max(0, line.x0 - o.padding);
      const y = Math.max(0, line.y0 - o.padding);
      boxes.push({
        x,
        y,
        w: Math.min(width - 1, line.x1 + o.padding) - x + 1,
        h: Math.min(height - 1, line.y1 + o.padding) - y + 1,
        score,
      });
    }
  }
  return mergeOverlapping(boxes);
}

/**
 * Whether a single component may count as a lone character (an orientation mark): at least
 * MIN_LONE_HEIGHT by MIN_LONE_WIDTH pixels, and not touching the frame's edge, where its ring
 * would be partly outside. On text-free CT and MR, lone "characters" were mostly small bright
 * spots of anatomy (vessels, eyes, the ends of bones) and blobs cut by the edge; a mark a device
 * burns in to be read is bigger and placed inside the frame.
 */
function mayStandAlone(line: Line, width: number, height: number): boolean {
  return (
    line.y1 - line.y0 + 1 >= MIN_LONE_HEIGHT &&
    line.x1 - line.x0 + 1 >= MIN_LONE_WIDTH &&
    line.x0 > 0 &&
    line.y0 > 0 &&
    line.x1 < width - 1 &&
    line.y1 < height - 1
  );
}

const MIN_LONE_HEIGHT = 7;
const MIN_LONE_WIDTH = 3;

/**
 * Share of the pixels on a rectangle `margin` pixels outside the box that are darker (sign 1) or
 * brighter (sign −1) than the box's mean by at least `step`.
 */
function ringContrast(
  grey: Uint8Array,
  width: number,
  height: number,
  box: { x0: number; y0: number; x1: number; y1: number; sum?: number; area?: number },
  margin: number,
  sign: 1 | -1,
  step: number,
): number {
  const x0 = box.x0 - margin;
  const x1 = box.x1 + margin;
  const y0 = box.y0 - margin;
  const y1 = box.y1 + margin;
  let mean: number;
  if (box.sum !== undefined && box.area) mean = box.sum / box.area;
  else {
    // A line: the brightest (or darkest) of its box stands for the characters.
    mean = sign === 1 ? 0 : 255;
    for (let y = box.y0; y <= box.y1; y++) {
      for (let x = box.x0; x <= box.x1; x++) {
        const v = grey[y * width + x]!;
        mean = sign === 1 ? Math.max(mean, v) : Math.min(mean, v);
      }
    }
  }
  let total = 0;
  let standOut = 0;
  forEachRingValue(grey, width, height, [x0, y0, x1, y1], (v) => {
    total++;
    if (sign * (mean - v) >= step) standOut++;
  });
  return total === 0 ? 0 : standOut / total;
}

/**
 * Least score of a line that is strong evidence of text: three or more characters on one centre
 * line, alike in brightness (0.93 and more). Lone characters and pairs score 0.6–0.62, and ink
 * bands of no character's height 0.5 (searchFrame.ts): Clean Pixel Data blacks those out only
 * where the OCR reads text (clean/confirmBoxes.ts), or in most frames of a cine.
 */
export const STRONG_SCORE = 0.8;

/**
 * The score of a lone character standing on a plain background. A weak box scoring above it holds
 * two characters or more (a pair of initials scores 0.62); under it are ink bands (0.5) and lines
 * whose characters share their centre line badly.
 */
export const LONE_SCORE = 0.6;

/** Rows of several aligned characters score high; a lone blob scores low. */
export function scoreLine(line: Line): number {
  const w = line.x1 - line.x0 + 1;
  const h = line.y1 - line.y0 + 1;
  const byCount = line.count >= 3 ? 0.9 : line.count === 2 ? 0.6 : 0.3;
  const flat = w >= 1.2 * h || line.count === 1 ? 1 : 0.5;
  const even = h <= 2.5 * line.height ? 1 : 0.5;
  const alike = line.uniformity >= 0.7 ? 1 : 0.5;
  return Math.min(
    1,
    byCount * line.alignment * flat * even * alike + Math.min(line.count, 10) * 0.01,
  );
}

/** Boxes of the two polarities that overlap (white text has dark holes) become one. */
function mergeOverlapping(boxes: TextBox[]): TextBox[] {
  const largestFirst = boxes.slice().sort((a, b) => area(b) - area(a));
  return mergeBoxesWhile(
    largestFirst,
    (a, b) => sharedArea(a, b) > 0 && sharedArea(a, b) >= 0.5 * Math.min(area(a), area(b)),
  );
}
