/**
 * Which series the review screen flags for text burned into the image, from the header's hints
 * (core/deid/burnedIn.ts) and what sampling the pixels found (src/worker/sampleJob.ts).
 *
 * A flag costs the user data when it is wrong (issue 16: derived MR maps whose headers said
 * Burned In Annotation NO were left out because Image Type said DERIVED), so hints come in two
 * strengths:
 *
 * - strong: the header says YES, or the kind of object is one that usually shows text (secondary
 *   capture, ultrasound, an encapsulated document), or it says the image shows a face. These keep
 *   a series flagged whatever sampling finds: sampling looks at three frames, not every one.
 * - weak: Image Type DERIVED or SECONDARY. Many derived images (ADC, FA and perfusion maps) carry
 *   no text. An explicit Burned In Annotation NO in the same header, or sampling that finds no
 *   text in the series, clears it.
 *
 * Text the OCR read in a sampled frame flags a series whatever its header says. Boxes the
 * detector drew but the OCR could not read as text do not flag a series without hints: on CT and
 * MR they are bright blobs of anatomy, and a false flag blacks them out by default
 * (docs/pixels.md, "Sampling: the OCR confirms"). Pure, so the rules are tested on the
 * corpus's real headers without a browser.
 */
import { BURNED_IN_REASONS } from '../deid/burnedIn';

/** The reason shown when the OCR read text in a sampled frame of the series. */
export const TEXT_FOUND_REASON = 'Text was found in the image.';

const WEAK_REASONS: ReadonlySet<string> = new Set([BURNED_IN_REASONS.derived]);

export function isWeakHint(reason: string): boolean {
  return WEAK_REASONS.has(reason);
}

/**
 * One file's header hints after its own Burned In Annotation: an explicit NO clears the weak
 * ones (the maker says there is none; the image type only guessed). A YES or a strong hint
 * stays: the kind of object speaks louder than a value copied from a template.
 */
export function headerHints(reasons: readonly string[], burnedInAnnotation: string): string[] {
  if (burnedInAnnotation.trim().toUpperCase() !== 'NO') return [...reasons];
  return reasons.filter((reason) => !isWeakHint(reason));
}

/**
 * What sampling a series' images found so far:
 * - pending: not sampled yet (or still running), so header hints stand as they are;
 * - text: the OCR read text in a box the detector found in a sampled frame;
 * - unreadable: the detector found boxes, the OCR read none of them as text; header hints stand
 *   (a weak one too: something is drawn there), and no hint is added;
 * - clear: every sampled file was searched and none showed text;
 * - unknown: no sampled file could be searched (not decodable, no image); header hints stand.
 */
export type SeriesSampling = 'pending' | 'text' | 'unreadable' | 'clear' | 'unknown';

/** The reasons a series is flagged for, in the order shown; empty when it is not flagged. */
export function seriesFlagReasons(
  headerReasons: readonly string[],
  sampling: SeriesSampling,
): string[] {
  switch (sampling) {
    case 'text':
      return [...headerReasons, TEXT_FOUND_REASON];
    case 'clear':
      return headerReasons.filter((reason) => !isWeakHint(reason));
    case 'pending':
    case 'unreadable':
    case 'unknown':
      return [...headerReasons];
  }
}
