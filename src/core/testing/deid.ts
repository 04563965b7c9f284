/** Test-only helpers around the de-identification engine. */
import type { FileOutcome, ProfileSpec } from '../deid/api';
import { createDeidentifier } from '../deid/deidentifier';
import { webCryptoKeyedHash } from '../deid/keys';
import type { PixelTools } from '../pixels/clean/cleanPixels';

/** A fixed key: tests must be reproducible. */
export const TEST_KEY = new Uint8Array(32).fill(7);

export async function testDeidentifier(
  spec: ProfileSpec,
  key: Uint8Array = TEST_KEY,
  pixelTools?: PixelTools,
) {
  return createDeidentifier(spec, await webCryptoKeyedHash(key), pixelTools);
}

/** The written file of an outcome, in one buffer; throws when the file was not written. */
export function outputBytes(outcome: FileOutcome): Uint8Array {
  if (outcome.status !== 'written') throw new Error(`not written: ${outcome.reason}`);
  const out = new Uint8Array(outcome.chunks.reduce((sum, c) => sum + c.length, 0));
  let pos = 0;
  for (const chunk of outcome.chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

/** Byte offsets of every occurrence of an ASCII needle. */
export function findAscii(haystack: Uint8Array, needle: string): number[] {
  const first = needle.charCodeAt(0);
  const hits: number[] = [];
  outer: for (let i = haystack.indexOf(first); i >= 0; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    hits.push(i);
  }
  return hits;
}
