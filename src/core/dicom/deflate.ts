import { Inflate, deflateSync, unzlibSync } from 'fflate';
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

function inflateBounded(deflated: Uint8Array, maxBytes: number, offset: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new DicomError(
        'too-large',
        `deflated data set inflates to more than ${maxBytes} bytes`,
        offset,
      );
    }
    chunks.push(chunk);
    if (final) finished = true;
  });
  for (let i = 0; i < deflated.length && !finished; i += INPUT_STEP) {
    const end = Math.min(deflated.length, i + INPUT_STEP);
    inflater.push(deflated.subarray(i, end), end === deflated.length);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

/**
 * Raw deflate of a data set, as the Deflated Explicit VR Little Endian syntax stores it, padded
 * with a zero byte to even length as DICOM files must be (inflaters stop at the final block).
 */
export function deflateDataSet(dataSet: Uint8Array): Uint8Array {
  const deflated = deflateSync(dataSet, { level: 6 });
  if (deflated.length % 2 === 0) return deflated;
  const padded = new Uint8Array(deflated.length + 1);
  padded.set(deflated);
  return padded;
}
