/**
 * ZipStreamWriter.restore, as the CLI's --resume of a --zip run uses it: a writer that takes
 * back the entries an interrupted one wrote (their bytes kept, the rest cut off) and goes on
 * ends with the bytes of one writer that did it all, and the entries it records (lastEntry)
 * are what restore needs.
 */
import { describe, expect, it } from 'vitest';
import { ZipStreamWriter, type RestorableEntry } from './zipStreamWriter';

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

const files: Array<[string, Uint8Array]> = [
  ['A/one.dcm', bytes(1000, 1)],
  ['A/two.dcm', bytes(0, 2)],
  ['B/é/three.dcm', bytes(70_000, 3)],
  ['B/four.dcm', bytes(12, 4)],
];

/** Writes `files` from `from` on, after restoring `restored` into an archive of `kept` bytes. */
async function write(
  from: number,
  kept: Uint8Array,
  restored: readonly RestorableEntry[],
): Promise<{ archive: Buffer; recorded: RestorableEntry[]; ends: number[] }> {
  const pieces: Uint8Array[] = [kept];
  const zip = new ZipStreamWriter((chunk) => void pieces.push(chunk.slice()));
  expect(zip.restore(restored)).toBe(kept.length);
  const recorded: RestorableEntry[] = [];
  const ends: number[] = [];
  for (const [path, data] of files.slice(from)) {
    await zip.addFile(path, data);
    const { crc, size, end } = zip.lastEntry!;
    expect(zip.lastEntry!.path).toBe(path);
    recorded.push({ path, crc, size });
    ends.push(end);
    expect(zip.bytesWritten).toBe(end);
  }
  await zip.finish();
  return { archive: Buffer.concat(pieces), recorded, ends };
}

describe('a zip writer that takes back an interrupted one', () => {
  it.each([0, 1, 2, 3, 4])('ends as one writer would, resumed after %i entries', async (n) => {
    const whole = await write(0, new Uint8Array(0), []);
    const keptBytes = n === 0 ? 0 : whole.ends[n - 1]!;
    const resumed = await write(
      n,
      whole.archive.subarray(0, keptBytes),
      whole.recorded.slice(0, n),
    );
    expect(resumed.archive.equals(whole.archive)).toBe(true);
  });

  it('refuses to restore after an entry was added', async () => {
    const zip = new ZipStreamWriter(() => undefined);
    await zip.addFile('a', bytes(1, 1));
    expect(() => zip.restore([])).toThrow(/before any is added/);
  });
});
