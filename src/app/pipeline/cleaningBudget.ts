/**
 * How many workers a run with Clean Pixel Data on may have, and how much input it keeps in
 * flight, so that the tab stays under 1 GB (issue 16). A cleaning worker holds the decoders and
 * lossless encoders (about 107 MB RSS once used) and one Tesseract for the check of cleaned
 * images (48–150 MB after reading frames): docs/pixels.md's bench and
 * src/core/pixels/ocr/MEASUREMENTS.md. Planned at 250 MB a worker, the high end; the page itself
 * (React, the scan's results, the saver's buffers) at 250 MB.
 *
 * Besides, a file being cleaned is read whole (the image is needed), and the tab then holds
 * several times its size: measured in Chromium (docs/pixels.md, "In the web app"), one worker
 * cleaning 210 MB multi-frame files rose from 450–520 MB between files to 1170 MB during each
 * (input, cleaned output, and what the browser holds while reading and handing them over), about
 * 3.5 times the file. Two workers on 105 MB files peaked at 1111 MB, one at 743 MB. So the pool
 * is sized from the largest file of the run: two workers for slices (a 1 GB study of 0.5 MB CT
 * slices: 500 MB), one for files of tens of MB and more.
 */

/** What the tab may use in all, with some margin under 1 GB. */
export const TAB_BUDGET_BYTES = 950_000_000;
/** The page's own memory during a run, planned high. */
export const PAGE_BYTES = 250_000_000;
/** One worker with codecs, encoders and a Tesseract, after reading frames, planned high. */
export const CLEANING_WORKER_BYTES = 250_000_000;
/** What the tab holds for a file being cleaned, per byte of the file (measured 3.5). */
export const CLEANING_FILE_FACTOR = 3.5;
/** Input being worked on plus output waiting to be saved, with cleaning on. */
export const CLEANING_IN_FLIGHT_BYTES = 128 * 1024 * 1024;

/** The most cleaning workers the budget allows for files of at most `largestBytes`. */
export function maxCleaningWorkers(largestBytes: number): number {
  // The file's factor counts its input and output, so the bytes in flight are in it.
  const perWorker = CLEANING_WORKER_BYTES + CLEANING_FILE_FACTOR * largestBytes;
  return Math.max(1, Math.floor((TAB_BUDGET_BYTES - PAGE_BYTES) / perWorker));
}

/**
 * Workers for a run: as many as usual, but no more than the budget allows when cleaning, for
 * the largest file the run reads (0: small files).
 */
export function runWorkers(workers: number, cleaning: boolean, largestBytes = 0): number {
  return cleaning ? Math.max(1, Math.min(workers, maxCleaningWorkers(largestBytes))) : workers;
}
