/**
 * A large input's output, as the savers get it (see worker/largeFile.ts): the worker's chunks
 * with a slice of the input File inserted, which the savers pass on as a Blob or stream from
 * it, so that the image data is never held in the page.
 */

/** The output is the chunks with `data` inserted at byte `at`. */
export interface BlobSplice {
  readonly at: number;
  readonly data: Blob;
  /** CRC-32 of the whole output, when the worker was asked for it (zip savers need it). */
  readonly crc32?: number;
}

/** The output's size and CRC for a zip entry; throws when the worker was not asked for it. */
export function zipEntryOf(
  chunks: readonly Uint8Array[],
  splice: BlobSplice,
): { size: number; crc: number } {
  if (splice.crc32 === undefined) throw new Error('a zip entry needs the CRC of its image data');
  const size = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) + splice.data.size;
  return { size, crc: splice.crc32 };
}
