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

/** The chunks before and after byte `at` of their concatenation. */
export function splitChunks(
  chunks: readonly Uint8Array[],
  at: number,
): [Uint8Array[], Uint8Array[]] {
  const before: Uint8Array[] = [];
  const after: Uint8Array[] = [];
  let pos = 0;
  for (const chunk of chunks) {
    const cut = Math.max(0, Math.min(chunk.byteLength, at - pos));
    if (cut > 0) before.push(chunk.subarray(0, cut));
    if (cut < chunk.byteLength) after.push(chunk.subarray(cut));
    pos += chunk.byteLength;
  }
  return [before, after];
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
