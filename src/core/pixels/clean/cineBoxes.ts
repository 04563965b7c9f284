/**
 * The boxes to black out in an image from what the detector found in each scanned frame. Text
 * burned into a cine sits at the same place in every frame; speckle and colour flow move. A
 * line the detector joined to moving speckle in some frames is trimmed back to the text that
 * stays put: the text found in the frames' per-pixel extremes (a bright stroke that is there in
 * every frame is still bright in their minimum, where moving speckle has gone dark).
 */
import { area, mergeBoxesWhile, sharedArea, union } from '../detect/boxGeometry';
import { detectTextInGrey, STRONG_SCORE, type TextBox } from '../detect/detectText';
import type { RedactionBox } from '../redact/redactPixels';

/**
 * The darkest and the lightest value of each pixel over the scanned frames of one view (the
 * displayed brightness, or the full-range one of a grey image whose window hides values).
 */
export class StillView {
  private min: Uint8Array | undefined;
  private max: Uint8Array | undefined;
  private count = 0;

  add(grey: Uint8Array): void {
    this.count++;
    if (!this.min || !this.max) {
      this.min = grey.slice();
      this.max = grey.slice();
      return;
    }
    const { min, max } = this;
    for (let i = 0; i < grey.length; i++) {
      const v = grey[i]!;
      if (v < min[i]!) min[i] = v;
      else if (v > max[i]!) max[i] = v;
    }
  }

  /**
   * Lines of text present in every frame added: light text in the minimum, and dark text in the
   * maximum when the frames are light pages. Empty before MIN_STILL_FRAMES frames: two frames
   * do not tell moving content from still.
   */
  text(width: number, height: number, darkToo: boolean): TextBox[] {
    if (this.count < MIN_STILL_FRAMES || !this.min || !this.max) return [];
    return [
      ...detectTextInGrey(this.min, width, height, { polarity: 'bright' }),
      ...(darkToo ? detectTextInGrey(this.max, width, height, { polarity: 'dark' }) : []),
    ];
  }
}

/** Scanned frames needed before still text trims the boxes. */
export const MIN_STILL_FRAMES = 3;

/**
 * The boxes to black out, from what each scanned frame showed (`perFrame[i]` is frame
 * `frames[i]`) and the text that stays put in all of them (`still`, from StillView). A region
 * found in more than half of the scanned frames goes from every frame; one found in fewer
 * (speckle that looked like text, or a line shown briefly) goes only from the frames it was
 * found in, and only when it looks much like text. Boxes that reach still text are first cut
 * down to it (see trimToStill); a still line that some frame found too goes from every frame.
 */
export function boxesForFrames(
  perFrame: readonly (readonly TextBox[])[],
  frames: readonly number[],
  still: readonly TextBox[] = [],
): RedactionBox[] {
  const stable: TextBox[] = [];
  const transient: RedactionBox[] = [];
  perFrame.forEach((boxes, i) => {
    for (const box of boxes) {
      const seen = perFrame.filter((other) =>
        other.some((b) => sharedArea(b, box) >= SAME_PLACE * box.w * box.h),
      ).length;
      if (frames.length === 1 || seen * 2 > frames.length) stable.push(...trimToStill(box, still));
      // Moving speckle often looks a little like text; a line shown briefly looks much like it.
      // Not merged with other frames' boxes: chained unions of speckle would cover the image.
      else if (box.score >= TRANSIENT_SCORE)
        for (const piece of trimToStill(box, still))
          transient.push({ ...asRedaction(piece), frames: [frames[i]!] });
    }
  });
  // A line in the frames' extremes is in every frame, also where speckle hid it from the
  // detector in most of them; that some frame found it too says it is text, not a still edge.
  for (const line of still)
    if (perFrame.some((boxes) => boxes.some((b) => sharedArea(b, line) >= SAME_PLACE * area(line))))
      stable.push(line);
  return [...mergeSamePlace(stable).map(asRedaction), ...transient];
}

/**
 * Boxes at the same place (the same line found in several frames, a pixel or two apart) are one
 * region: two boxes merge when the rectangle around both covers little more than they do.
 * A box that only overlaps another stays apart: each union of a line with a box across its end
 * would black out a rectangle around both, and such unions chained a cine's lines into one block
 * over the top of the image. Overlapping boxes that stay apart are blacked out all the same.
 */
export function mergeSamePlace(boxes: readonly TextBox[]): TextBox[] {
  return mergeBoxesWhile(
    boxes,
    (a, b) => area(union(a, b)) <= (1 + MERGE_WASTE) * (area(a) + area(b) - sharedArea(a, b)),
  );
}

/** How much more than two boxes cover the rectangle around them may take, to merge them. */
const MERGE_WASTE = 0.1;

/**
 * A box that reaches still text keeps only the parts near it: the still lines, widened on each
 * side by their own height (about two characters: digits that change from frame to frame, such
 * as a clock's seconds or a frame counter, sit beside the still part of their line, and a last
 * character over a sector line that the detector missed in the minimum is kept too). What the
 * box held beyond that was moving speckle joined to the line. A box that reaches no still text
 * (text that changes as a whole, or is shown briefly) is kept as it is.
 */
export function trimToStill(box: TextBox, still: readonly TextBox[]): TextBox[] {
  const pieces: TextBox[] = [];
  for (const line of still) {
    const x0 = Math.max(box.x, line.x - line.h);
    const x1 = Math.min(box.x + box.w, line.x + line.w + line.h);
    const y0 = Math.max(box.y, line.y - STILL_MARGIN);
    const y1 = Math.min(box.y + box.h, line.y + line.h + STILL_MARGIN);
    if (x1 > x0 && y1 > y0) pieces.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, score: box.score });
  }
  return pieces.length > 0 ? pieces : [box];
}

/** Rows added above and below a still line: anti-aliasing over moving speckle. */
const STILL_MARGIN = 2;

/**
 * How much of a box another frame's box must cover for both to be the same region. Mere overlap
 * is not enough: in a cine, speckle boxes land somewhere new in every frame and, over many
 * frames, touch each other everywhere; and a line the detector joined to speckle in one frame
 * is not the same region as the line alone.
 */
export const SAME_PLACE = 0.5;

/** Least score of a box seen in too few frames of a cine to be burned in for sure. */
const TRANSIENT_SCORE = STRONG_SCORE;

const asRedaction = ({ x, y, w, h }: TextBox): RedactionBox => ({ x, y, width: w, height: h });
