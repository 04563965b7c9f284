/**
 * Boxes that are weak evidence of text are blacked out only when the OCR reads text in them.
 * On the CT and MR of ../shared/data, none of which has text burned in, what the detector still
 * boxed was lone bright blobs and pairs of blobs (a 2-character "line" scores 0.62) and, on a
 * light page, a drawing boxed as a band of ink (docs/pixels.md, "False positives on CT and MR"):
 * blacking those out destroys anatomy. A line of three or more aligned characters is strong
 * evidence (STRONG_SCORE) and goes unread: when in doubt, remove. The sampling of series confirms its boxes the
 * same way (worker/sampleFile.ts), with the same test of what the OCR read (ocr/readsAsText.ts).
 */
import { area, sharedArea } from '../detect/boxGeometry';
import { STRONG_SCORE, type TextBox } from '../detect/detectText';
import { readsAsText, type WordEvidence } from '../ocr/readsAsText';
import type { TextReader } from '../ocr/types';
import { SAME_PLACE } from './cineBoxes';

/**
 * What the OCR must read in a weak box, read on its own: a word of two letters or digits or
 * more (a pair of characters is just what initials look like to the detector), read with
 * confidence 80 or more. In the weak boxes of the text-free CT and MR of ../shared/data, read
 * as shown and over their full range, the OCR read no such word above 75 (two letters of a
 * blob: "am", "ww"); 2-character identifiers burned into CT and MR were read at 85–97 where the
 * detector found them, but for a few bold 12 px ones over anatomy (docs/pixels.md).
 */
export const ENGINE_EVIDENCE: WordEvidence = { minCharacters: 2, minConfidence: 80 };

/** One frame's boxes: to black out, and weak ones the OCR read no text in. */
export interface ConfirmedBoxes {
  readonly kept: TextBox[];
  readonly doubtful: TextBox[];
}

/**
 * The boxes of one frame to black out: strong boxes, and weak ones in which the OCR reads text
 * in one of `views` (the frame as shown, then over its full range when the window hides part
 * of it). Each weak box is read on its own, cropped and enlarged: a frame read whole (as the
 * sampling reads it) gave the OCR too little of a short word (it confirmed 11 of 29 burned
 * 2- and 3-character identifiers the detector found; box by box, 40 of 43). A confirmed box
 * counts as strong from here on (cineBoxes.ts blacks out only strong boxes seen in few frames
 * of a cine).
 */
export async function confirmWeakBoxes(
  found: readonly TextBox[],
  width: number,
  height: number,
  views: readonly (Uint8Array | undefined)[],
  reader: TextReader,
): Promise<ConfirmedBoxes> {
  const kept: TextBox[] = [];
  const doubtful: TextBox[] = [];
  for (const box of found) {
    if (box.score >= STRONG_SCORE) kept.push(box);
    else if (await readsAsTextIn(box, width, height, views, reader))
      kept.push({ ...box, score: STRONG_SCORE });
    else doubtful.push(box);
  }
  return { kept, doubtful };
}

/**
 * The doubtful boxes of each frame of a cine that lie where another frame has a box to black
 * out (SAME_PLACE): the same line, which the OCR read in that frame and not in this one (a
 * frame counter "FR 3" was read in half of the frames of a generated cine). They keep their weak
 * score: cineBoxes.ts then blacks them out only where the place has boxes in more than half of
 * the scanned frames, as it would without a reader, and a weak speckle box that merely meets a
 * box of another frame goes nowhere. `frames[i]` is what confirmWeakBoxes made of frame i.
 */
export function confirmedInOtherFrames(frames: readonly ConfirmedBoxes[]): TextBox[][] {
  return frames.map(({ doubtful }, i) =>
    doubtful.filter((box) =>
      frames.some(
        ({ kept }, j) =>
          j !== i && kept.some((other) => sharedArea(other, box) >= SAME_PLACE * area(box)),
      ),
    ),
  );
}

async function readsAsTextIn(
  box: TextBox,
  width: number,
  height: number,
  views: readonly (Uint8Array | undefined)[],
  reader: TextReader,
): Promise<boolean> {
  const region = { x: box.x, y: box.y, width: box.w, height: box.h };
  for (const data of views) {
    if (!data) continue;
    const words = await reader.read({ width, height, data }, region, { layout: 'block' });
    if (readsAsText(words, [region], ENGINE_EVIDENCE)) return true;
  }
  return false;
}
