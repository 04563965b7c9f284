/**
 * One decoded frame searched for text, the same way by Clean Pixel Data (clean/cleanPixels.ts)
 * and by the page's sampling of series (worker/sampleFile.ts), so that a series the sampling
 * finds nothing in is one the engine would clean of nothing.
 */
import type { DisplayImage } from '../display';
import { detectTextInGrey, type TextBox } from './detectText';
import { fullRangeLuminance, luminance } from './luminance';

export interface FrameSearch {
  /** The text regions found: shown, over the full range, and lines of ink on a light page. */
  readonly found: TextBox[];
  /** The frame as shown, 0-255. */
  readonly grey: Uint8Array;
  /** The frame over its full range, when the window hides part of it. */
  readonly hidden: Uint8Array | undefined;
  readonly polarity: 'bright' | 'both';
}

export function searchFrame(image: DisplayImage): FrameSearch {
  const grey = luminance(image);
  const polarity = polarityOf(grey);
  const found = detectTextInGrey(grey, image.columns, image.rows, { polarity });
  // Text the default window clips away is still there for a user who moves the window.
  const hidden = fullRangeLuminance(image);
  if (hidden)
    found.push(...detectTextInGrey(hidden, image.columns, image.rows, { polarity: 'bright' }));
  // A light page is a document: every line of ink on it is text.
  if (polarity === 'both') found.push(...inkLines(grey, image.columns, image.rows));
  return { found, grey, hidden, polarity };
}

/** Frames with a side shorter than this are not searched for text. */
export const MIN_SEARCHED_SIDE = 128;

/**
 * Medical images draw their annotations light on a dark background; dark text is looked for
 * only on a light page (a document, a report, a screen capture), where anatomy is not: on a
 * dark image, dark "strokes" are vessels and sulci.
 */
export function polarityOf(grey: Uint8Array): 'bright' | 'both' {
  const counts = new Uint32Array(256);
  for (const v of grey) counts[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v]!;
    if (seen * 2 >= grey.length) return v >= 128 ? 'both' : 'bright';
  }
  return 'bright';
}

/** How much darker than the page (as displayed, 0–255) a pixel of ink is. */
const INK_CONTRAST = 64;
/** Rows without ink that may separate two parts of one line (dots, accents). */
const LINE_GAP = 2;
const INK_PADDING = 2;
/**
 * Rows of ink a line of characters spans (the detector's character heights). A band taller
 * (a drawing, a photo, a figure) or thinner (a rule) is not a line of text for sure: it scores
 * as weak evidence, and the engine blacks it out only when the OCR reads text in it
 * (clean/confirmBoxes.ts).
 */
const MIN_INK_ROWS = 5;
const MAX_INK_ROWS = 40;
const INK_LINE_SCORE = 1;
const INK_BAND_SCORE = 0.5;

/**
 * The lines of ink on a light page: bands of rows holding pixels clearly darker than the page,
 * each boxed from its leftmost to its rightmost ink. What the detector's character shapes miss
 * on a document (spaced capitals, dashes, small print) is caught here. A band of a character's
 * height scores 1, any other 0.5.
 */
export function inkLines(grey: Uint8Array, width: number, height: number): TextBox[] {
  const counts = new Uint32Array(256);
  for (const v of grey) counts[v]!++;
  let page = 0;
  for (let v = 1; v < 256; v++) if (counts[v]! > counts[page]!) page = v;
  const limit = page - INK_CONTRAST;
  const lines: TextBox[] = [];
  let top = -1;
  let last = -1;
  let x0 = width;
  let x1 = -1;
  const close = () => {
    if (top < 0) return;
    const rows = last - top + 1;
    const x = Math.max(0, x0 - INK_PADDING);
    const y = Math.max(0, top - INK_PADDING);
    lines.push({
      x,
      y,
      w: Math.min(width, x1 + 1 + INK_PADDING) - x,
      h: Math.min(height, last + 1 + INK_PADDING) - y,
      score: rows >= MIN_INK_ROWS && rows <= MAX_INK_ROWS ? INK_LINE_SCORE : INK_BAND_SCORE,
    });
    top = -1;
    x0 = width;
    x1 = -1;
  };
  for (let y = 0; y < height; y++) {
    let first = -1;
    let end = -1;
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x]! > limit) continue;
      if (first < 0) first = x;
      end = x;
    }
    if (first < 0) {
      if (top >= 0 && y - last > LINE_GAP) close();
      continue;
    }
    if (top < 0) top = y;
    last = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, end);
  }
  close();
  return lines;
}
