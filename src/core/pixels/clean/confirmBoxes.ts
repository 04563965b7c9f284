/**
 * Boxes that are weak evidence of text are blacked out only when the OCR reads text in them.
 * On the CT and MR of ../shared/data, none of which has text burned in, what the detector still
 * boxed was lone bright blobs and pairs of blobs (a 2-character "line" scores 0.62) and, on a
 * light page, a drawing boxed as a band of ink (docs/pixels.md, "False positives on CT and MR"):
 * blacking those out destroys anatomy. A line of three or more aligned characters is strong
 * evidence (STRONG_SCORE) and goes unread: when in doubt, remove. So does a weak box of two
 * characters or more on a plain background (onPlainGround), where devices write and where the
 * OCR missed short identifiers. The sampling of series confirms its boxes the
 * same way (worker/sampleFile.ts), with the same test of what the OCR read (ocr/readsAsText.ts).
 */
import { area, forEachRingValue, sharedArea } from '../detect/boxGeometry';
import { LONE_SCORE, STRONG_SCORE, type TextBox } from '../detect/detectText';
import { readsAsTextInViews, type WordEvidence } from '../ocr/readsAsText';
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
    else if (box.score > LONE_SCORE && views.some((v) => v && onPlainGround(box, width, height, v)))
      kept.push({ ...box, score: STRONG_SCORE });
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

/**
 * Share of the pixels just outside a weak box (PLAIN_MARGIN away) that lie within PLAIN_LEVELS of
 * their median, for a box of two characters or more to go unread: a device writes its
 * annotations on the flat background outside the body, where an identifier of two or three
 * characters is a pair of components the OCR may not read (10–12 px, a narrow font: "99", "2U",
 * "XW6" read as nothing or under 80; scripts/burn-text/shortRecall.ts). Pairs of blobs of anatomy
 * have tissue around them: on the 809 text-free CT and MR of ../shared/data, no weak box of two
 * components or more had more than 80 % of its ring so flat (burned pairs on the background:
 * 100 %). Lone characters stay with the OCR: lone blobs on the dark of a mosaic or outside a
 * head had rings up to 100 % flat.
 */
export const PLAIN_SHARE = 0.95;
const PLAIN_MARGIN = 3;
const PLAIN_LEVELS = 8;

/** Whether the ring PLAIN_MARGIN outside `box` is flat in `grey` (PLAIN_SHARE of it). */
export function onPlainGround(
  box: TextBox,
  width: number,
  height: number,
  grey: Uint8Array,
): boolean {
  const x0 = box.x - PLAIN_MARGIN;
  const y0 = box.y - PLAIN_MARGIN;
  const x1 = box.x + box.w - 1 + PLAIN_MARGIN;
  const y1 = box.y + box.h - 1 + PLAIN_MARGIN;
  const ring: number[] = [];
  forEachRingValue(grey, width, height, [x0, y0, x1, y1], (v) => ring.push(v));
  // A box against the frame's edge has half a ring: too little to call the ground plain.
  const perimeter = 2 * (x1 - x0 + 1) + 2 * (y1 - y0 - 1);
  if (ring.length < perimeter / 2) return false;
  ring.sort((a, b) => a - b);
  const median = ring[ring.length >> 1]!;
  const near = ring.filter((v) => Math.abs(v - median) <= PLAIN_LEVELS).length;
  return near >= PLAIN_SHARE * ring.length;
}

async function readsAsTextIn(
  box: TextBox,
  width: number,
  height: number,
  views: readonly (Uint8Array | undefined)[],
  reader: TextReader,
): Promise<boolean> {
  const region = { x: box.x, y: box.y, width: box.w, height: box.h };
  return readsAsTextInViews(reader, views, { width, height }, [region], {
    crop: region,
    options: { layout: 'block' },
    evidence: ENGINE_EVIDENCE,
  });
}
