import { Deflate, Inflate, inflateSync, unzlibSync } from 'fflate';
import { DicomError } from './errors';

// Small input steps bound each step's output (deflate expands at most ~1032x) so that a
// decompression bomb is stopped near the limit instead of after filling memory.
const INPUT_STEP = 16 * 1024;

/**
 * Inflates a deflated data set (raw deflate, PS3.5 A.5). Refuses to produce more than
 * `maxBytes`. `offset` is where the deflated data starts in the file, for error messages.
 */
export function inflateDataSet(deflated: Uint8Array, maxBytes: number, offset: number): Uint8Array {
  try {
    return inflateBounded(deflated, maxBytes, offset);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    // A few writers wrap the data set in a zlib header against the standard; accept it too.
    if (deflated[0] === 0x78) {
      try {
        const data = unzlibSync(deflated);
        if (data.length <= maxBytes) return data;
      } catch {
        // fall through to the original error
      }
    }
    throw new DicomError(
      'inflate-failed',
      `deflated data set cannot be inflated: ${(error as Error).message}`,
      offset,
    );
  }
}

/**
 * Inflates the start of a deflated data set whose end is not at hand (header-only reads): as
 * much as the given bytes yield, at most about `maxBytes`. A broken stream still fails.
 */
export function inflatePrefix(deflated: Uint8Array, maxBytes: number, offset: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    parts.push(chunk);
    total += chunk.length;
  });
  try {
    for (let i = 0; i < deflated.length && total < maxBytes; i += INPUT_STEP) {
      inflater.push(deflated.subarray(i, Math.min(deflated.length, i + INPUT_STEP)), false);
    }
  } catch (error) {
    throw new DicomError(
      'inflate-failed',
      `deflated data set cannot be inflated: ${(error as Error).message}`,
      offset,
    );
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/**
 * Two passes: the first only counts (and stops a bomb early), the second inflates into a buffer
 * of exactly that size. Inflating twice costs time on a rare transfer syntax; collecting chunks
 * and joining them would cost twice the memory on files that are often large.
 */
function inflateBounded(deflated: Uint8Array, maxBytes: number, offset: number): Uint8Array {
  let total = 0;
  let finished = false;
  const counter = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new DicomError(
        'too-large',
        `deflated data set inflates to more than ${maxBytes} bytes`,
        offset,
      );
    }
    if (final) finished = true;
  });
  for (let i = 0; i < deflated.length && !finished; i += INPUT_STEP) {
    const end = Math.min(deflated.length, i + INPUT_STEP);
    counter.push(deflated.subarray(i, end), end === deflated.length);
  }
  return inflateSync(deflated, { out: new Uint8Array(total) });
}

/**
 * Raw deflate of a data set, as the Deflated Explicit VR Little Endian syntax stores it, padded
 * with a zero byte to even length as DICOM files must be (inflaters stop at the final block).
 */
export function deflateDataSet(dataSet: readonly Uint8Array[]): Uint8Array[] {
  // Streamed from the writer's ranges: the data set is never joined into one buffer first.
  const out: Uint8Array[] = [];
  let length = 0;
  const deflater = new Deflate({ level: 6 }, (chunk) => {
    out.push(chunk);
    length += chunk.length;
  });
  dataSet.forEach((part, i) => deflater.push(part, i === dataSet.length - 1));
  if (dataSet.length === 0) deflater.push(new Uint8Array(0), true);
  if (length % 2 === 1) out.push(new Uint8Array(1));
  return out;
}
