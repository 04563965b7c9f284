/**
 * Whether the OCR read text in a region the detector found, as opposed to guessing at bright
 * blobs of anatomy (docs/pixels.md, "Sampling: the OCR confirms"): a word of at least
 * MIN_CHARACTERS letters or digits, read at MIN_CONFIDENCE or more, whose centre lies in one of
 * the regions. The frame is read whole (sparse text): read one by one, the detector's regions,
 * often parts of a line, gave the OCR too little to go on. Measured on the CT and MR of
 * ../shared/data (no burned-in text) and the generated burned-in set, on frames as shown
 * (docs/pixels.md): text-free series give a 3-character word in a region at confidence 40 (one
 * series), none at 50 or more; one planted name is read just under 60. 50 is in between;
 * src/worker/sampleFile.test.ts holds both ends.
 */
import type { Box, ReadOptions, ReadWord, TextReader } from './types';

export const MIN_CONFIDENCE = 50;
export const MIN_CHARACTERS = 3;
/** The OCR's word boxes and the detector's regions differ by a pixel or two at the edges. */
const SLACK = 2;

/** What a word must be to count as text: this many letters or digits, read this confidently. */
export interface WordEvidence {
  readonly minCharacters: number;
  readonly minConfidence: number;
}

/** What the sampling of series accepts (the measurement above). */
export const SAMPLING_EVIDENCE: WordEvidence = {
  minCharacters: MIN_CHARACTERS,
  minConfidence: MIN_CONFIDENCE,
};

export function readsAsText(
  words: readonly ReadWord[],
  regions: readonly Box[],
  { minCharacters, minConfidence }: WordEvidence = SAMPLING_EVIDENCE,
): boolean {
  return words.some(
    (word) =>
      word.confidence >= minConfidence &&
      word.text.replace(/[^\p{L}\p{N}]/gu, '').length >= minCharacters &&
      regions.some((region) => centreIn(word.box, region)),
  );
}

/**
 * Whether the OCR reads text (readsAsText) in `regions` of one of `views` of a frame (as shown,
 * then over its full range, when the window hides part of it), tried in that order: the whole
 * frame, or only `crop`.
 */
export async function readsAsTextInViews(
  reader: TextReader,
  views: readonly (Uint8Array | undefined)[],
  size: { readonly width: number; readonly height: number },
  regions: readonly Box[],
  read: { readonly crop?: Box; readonly options: ReadOptions; readonly evidence?: WordEvidence },
): Promise<boolean> {
  for (const data of views) {
    if (!data) continue;
    const words = await reader.read({ ...size, data }, read.crop, read.options);
    if (readsAsText(words, regions, read.evidence)) return true;
  }
  return false;
}

function centreIn(word: Box, region: Box): boolean {
  const x = word.x + word.width / 2;
  const y = word.y + word.height / 2;
  return (
    x >= region.x - SLACK &&
    x <= region.x + region.width + SLACK &&
    y >= region.y - SLACK &&
    y <= region.y + region.height + SLACK
  );
}
