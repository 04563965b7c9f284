/**
 * "Keep labels and measurements": a detected line is kept when the OCR reads it, confidently,
 * as one of the harmless labels scanners draw (a laterality mark, a measurement with its unit,
 * TGC, a frame counter). Anything else, anything read with doubt, and anything that holds an
 * identifier of the file goes: when in doubt, remove.
 */
import type { Identifier } from '../../deid/identifiers';
import { findLeaksInText } from '../../deid/leakCheck';
import type { GreyImage8, ReadWord, TextReader } from '../ocr/types';
import type { TextBox } from '../detect/detectText';

/** Least OCR confidence (0–100) of every word of a line kept as harmless. */
const MIN_CONFIDENCE = 70;

const UNIT = '(?:mm|cm|m|s|ms|hz|khz|mhz|db|%|cm/s|m/s|mmhg|bpm|°|deg|mgy|mgy\\*cm|ml|kv|ma|mas)';
/** One token each: whole-line patterns are built from these. */
const SAFE_TOKENS = [
  /^(l|r|a|p|s|i|h|f|ap|pa|lat|rao|lao|ll|rl)$/, // laterality and orientation marks
  // A measurement: a number with a decimal point or a unit glued to it; a bare number only up
  // to three digits (a depth, a frame): longer ones may be an ID or an accession number.
  new RegExp(`^[-+]?\\d+(\\.\\d+${UNIT}?|${UNIT})$`),
  /^\d{1,3}$/,
  new RegExp(`^${UNIT}$`), // a unit standing apart
  /^(tgc|fr|fps|2d|3d|4d|cf|pw|cw|pd|b|m|hr|gain|dr|depth|freq|map|pwr|zoom)$/, // scanner terms
  /^\d+\/\d+$/, // a frame counter "12/40"
];

export function isSafeLabel(words: readonly ReadWord[]): boolean {
  if (words.length === 0 || words.length > 4) return false;
  if (words.some((w) => w.confidence < MIN_CONFIDENCE)) return false;
  const tokens = words
    .map((w) => w.text.toLowerCase())
    .join(' ')
    .split(/\s+/)
    .filter((t) => t !== '');
  return tokens.length > 0 && tokens.every((t) => SAFE_TOKENS.some((p) => p.test(t)));
}

/**
 * The detected boxes of one frame that are not harmless labels: each box is read on its own;
 * it stays (to be blacked out) unless it reads as a safe label holding no identifier.
 */
export async function withoutSafeLabels(
  boxes: readonly TextBox[],
  frame: GreyImage8,
  reader: TextReader,
  identifiers: readonly Identifier[],
): Promise<TextBox[]> {
  const out: TextBox[] = [];
  for (const box of boxes) {
    const words = await reader.read(frame, { x: box.x, y: box.y, width: box.w, height: box.h });
    const text = words.map((w) => w.text).join(' ');
    const identifying = findLeaksInText([{ where: 'label', text }], identifiers).length > 0;
    if (identifying || !isSafeLabel(words)) out.push(box);
  }
  return out;
}
