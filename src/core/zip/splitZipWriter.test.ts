/**
 * SplitZipWriter's entries with Blob content (a large input's image data): the archive is the
 * one the same bytes make with addFile, whether the part's sink takes the Blob as it is (then
 * it gets that very Blob, never read) or not (then the Blob is read).
 */
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { SplitZipWriter } from './splitZipWriter';

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

async function archive(
  add: (zip: SplitZipWriter) => Promise<void>,
  takeBlobs: boolean,
): Promise<{ bytes: Buffer; blobs: Blob[] }> {
  const pieces: Array<Uint8Array | Blob> = [];
  const blobs: Blob[] = [];
  const zip = new SplitZipWriter(() => ({
    write: (chunk) => void pieces.push(chunk.slice()),
    ...(takeBlobs ? { writeBlob: (blob: Blob) => void (pieces.push(blob), blobs.push(blob)) } : {}),
  }));
  await add(zip);
  await zip.finish();
  return { bytes: Buffer.from(await new Blob(pieces as BlobPart[]).arrayBuffer()), blobs };
}

describe('a split zip with Blob content', () => {
  const [head, image, tail] = [bytes(300, 1), bytes(3 * 1024 * 1024 + 5, 2), bytes(40, 3)];
  const whole = Buffer.concat([head, image, tail]);
  const blob = new Blob([image]);
  const add = (zip: SplitZipWriter) =>
    zip
      .addFile('a.dcm', [bytes(10, 4)])
      .then(() => zip.addStreamedFile('big.dcm', whole.length, crc32(whole), [head, blob, tail]));

  it.each([true, false])(
    'gives the bytes of addFile (the sink takes Blobs: %s)',
    async (takeBlobs) => {
      const expected = await archive(
        (zip) => zip.addFile('a.dcm', [bytes(10, 4)]).then(() => zip.addFile('big.dcm', whole)),
        false,
      );
      const got = await archive(add, takeBlobs);
      expect(got.bytes.equals(expected.bytes)).toBe(true);
      expect(got.blobs).toEqual(takeBlobs ? [blob] : []);
      if (takeBlobs) expect(got.blobs[0]).toBe(blob);
    },
  );

  it('fails the archive when the Blob is not the declared size', async () => {
    await expect(
      archive((zip) => zip.addStreamedFile('x', whole.length + 1, 0, [head, blob, tail]), true),
    ).rejects.toThrow('did not have the declared size');
  });
});
