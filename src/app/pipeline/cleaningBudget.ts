/**
 * How many workers a run with Clean Pixel Data on may have, and how much input it keeps in
 * flight, so that the tab stays under 1 GB (issue 16). A cleaning worker holds, besides its
 * file, the decoders and lossless encoders (about 107 MB RSS once used) and one Tesseract for
 * the check of cleaned images (48–150 MB after reading frames): docs/pixels.md's bench and
 * src/core/pixels/ocr/MEASUREMENTS.md. Planned at 250 MB a worker, the high end; the page itself
 * (React, the scan's results, the saver's buffers) at 250 MB. With the bytes in flight cut to
 * 128 MB that leaves room for two cleaning workers: 250 + 2 × 250 + 128 = 878 MB, with margin
 * for the decoded frames of a large image. Without cleaning the usual sizing applies.
 */

/** What the tab may use in all, with some margin under 1 GB. */
export const TAB_BUDGET_BYTES = 950_000_000;
/** The page's own memory during a run, planned high. */
export const PAGE_BYTES = 250_000_000;
/** One worker with codecs, encoders and a Tesseract, after reading frames, planned high. */
export const CLEANING_WORKER_BYTES = 250_000_000;
/** Input being worked on plus output waiting to be saved, with cleaning on. */
export const CLEANING_IN_FLIGHT_BYTES = 128 * 1024 * 1024;

/** The most cleaning workers the budget allows: two. */
export const MAX_CLEANING_WORKERS = Math.max(
  1,
  Math.floor((TAB_BUDGET_BYTES - PAGE_BYTES - CLEANING_IN_FLIGHT_BYTES) / CLEANING_WORKER_BYTES),
);

/** Workers for a run: as many as usual, but no more than the budget allows when cleaning. */
export function runWorkers(workers: number, cleaning: boolean): number {
  return cleaning ? Math.max(1, Math.min(workers, MAX_CLEANING_WORKERS)) : workers;
}
