/**
 * --resume of a --zip run: which of the interrupted run's journaled inputs stand, given the
 * NAME.zip.partial it left. A zip is one stream, so what a resume keeps must be a prefix of it:
 * the journal's lines are in commit order, and each written output's line says the entry's CRC
 * and size and where the zip ended after it (a --nifti series' line, each of its files'). The
 * lines are kept up to the first that is not borne out (an input changed, an entry the
 * .partial does not hold whole); everything after that is done again, from that point of the
 * zip. A run stopped after its zip was finished and renamed: see zipComplete.ts.
 */
import { open, stat } from 'node:fs/promises';
import { UsageError } from './args';
import { unitOf, type JournalLine } from './journal';
import { PARTIAL_ZIP_SUFFIX } from './zipFileSink';
import type { RestorableEntry } from '../core/zip/zipStreamWriter';
import { DOS_EPOCH, localHeader, localHeaderSize } from '../core/zip/zipRecords';

export interface ZipPrefix {
  /** The journaled lines that stand, in commit order. */
  readonly kept: JournalLine[];
  /** Their zip entries, for the writer to take back; undefined when there is no .partial. */
  readonly entries: RestorableEntry[] | undefined;
}

const utf8 = new TextEncoder();

export async function zipPrefix(
  zipFile: string,
  journaled: readonly JournalLine[],
  stands: (line: JournalLine) => boolean,
): Promise<ZipPrefix> {
  const partial = `${zipFile}${PARTIAL_ZIP_SUFFIX}`;
  const size = await sizeOf(partial);
  if (size === undefined && journaled.some((line) => unitOf(line).files.length > 0)) {
    throw new UsageError(
      '--resume: the unfinished zip file of the interrupted run (its name ending in .partial) ' +
        'is not where --zip says: give the --zip it was run with',
    );
  }
  const { kept, entries, end } = zipChain(journaled, stands, size ?? 0);
  const last = entries.at(-1);
  if (last && !(await holdsLocalHeader(partial, last, end))) {
    throw new UsageError(
      '--resume refused: the unfinished zip file (its name ending in .partial) is not the one ' +
        'the interrupted run was writing: give the --zip it was run with',
    );
  }
  return { kept, entries: size === undefined ? undefined : entries };
}

/**
 * The journaled lines that stand, up to the first that does not, with their zip entries one
 * after another from the start of the zip, all within `size` bytes; and where the last ends.
 */
export function zipChain(
  journaled: readonly JournalLine[],
  stands: (line: JournalLine) => boolean,
  size: number,
): { kept: JournalLine[]; entries: RestorableEntry[]; end: number } {
  const kept: JournalLine[] = [];
  const entries: RestorableEntry[] = [];
  let end = 0;
  for (const line of journaled) {
    if (!stands(line)) break;
    const own: RestorableEntry[] = [];
    let next = end;
    for (const { name, zip } of unitOf(line).files) {
      if (!zip) break;
      next += localHeaderSize(utf8.encode(name).length, zip.size) + zip.size;
      if (next !== zip.end || next > size) break;
      own.push({ path: name, crc: zip.crc, size: zip.size });
    }
    // A series is kept whole or not at all.
    if (own.length !== unitOf(line).files.length) break;
    entries.push(...own);
    end = next;
    kept.push(line);
  }
  return { kept, entries, end };
}

/** Whether the entry ending at `end` of `file` starts with the local header the writer gave it. */
export async function holdsLocalHeader(
  file: string,
  entry: RestorableEntry,
  end: number,
): Promise<boolean> {
  const name = utf8.encode(entry.path);
  const offset = end - entry.size - localHeaderSize(name.length, entry.size);
  const expected = localHeader({ name, crc: entry.crc, size: entry.size, offset }, DOS_EPOCH);
  const handle = await open(file, 'r');
  try {
    const found = new Uint8Array(expected.length);
    const { bytesRead } = await handle.read(found, 0, found.length, offset);
    return bytesRead === found.length && found.every((byte, i) => byte === expected[i]);
  } finally {
    await handle.close();
  }
}

export async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
