/**
 * What Clean Pixel Data did in a run, counted from its recorded files for the done screen:
 * images whose pixels were cleaned, and files quarantined because the OCR check still read an
 * identifier in an image or overlay after cleaning (verifyPixels.ts names those places "the
 * image, frame N, region x …" and "the overlay (60xx,3000), frame 1, region x …").
 */
import type { LeakFinding } from '../deid/leakCheck';
import type { RecordedFile } from './outcomes';

/** A finding the OCR check made in pixels, not in the header. */
export function isPixelFinding(finding: Pick<LeakFinding, 'path'>): boolean {
  return finding.path.startsWith('the image, ') || finding.path.startsWith('the overlay (');
}

export interface PixelCounts {
  /** Written files whose image had text blacked out. */
  readonly cleaned: number;
  /** Quarantined files where text was still readable in the image after cleaning. */
  readonly textStillReadable: number;
}

export function pixelCounts(results: readonly RecordedFile[]): PixelCounts {
  let cleaned = 0;
  let textStillReadable = 0;
  for (const result of results) {
    if (result.imageCleaned) cleaned++;
    if (result.status === 'quarantined' && result.findings?.some(isPixelFinding))
      textStillReadable++;
  }
  return { cleaned, textStillReadable };
}
