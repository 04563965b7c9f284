/**
 * --resume of a --zip run: which of the interrupted run's journaled inputs stand, given the
 * NAME.zip.partial it left. A zip is one stream, so what a resume keeps must be a prefix of it:
 * the journal's lines are in input order (commits are), and each written output's line says
 * the entry's CRC and size and where the zip ended after it. The entries are kept up to the
 * first line that is not borne out (an input changed, an entry the .partial does not hold
 * whole); everything after that is done again, from that point of the zip.
 */
import { open, stat } from 'node:fs/promises';
import { UsageError } from './args';
import type { JournalEntry } from './journal';
import { PARTIAL_ZIP_SUFFIX } from './zipFileSink';
import type { RestorableEntry } from '../core/zip/zipStreamWriter';
import { DOS_EPOCH, localHeader, localHeaderSize } from '../core/zip/zipRecords';

export interface ZipPrefix {
  /** The journaled inputs that stand, in input order. */
  readonly kept: JournalEntry[];
  /** Their zip entries, for the writer to take back; undefined when there is no .partial. */
  readonly entries: RestorableEntry[] | undefined;
}

const utf8 = new TextEncoder();

export async function zipPrefix(
  zipFile: string,
  journaled: readonly JournalEntry[],
  stands: (entry: JournalEntry) => boolean,
): Promise<ZipPrefix> {
  const partial = `${zipFile}${PARTIAL_ZIP_SUFFIX}`;
  let size: number | undefined;
  try {
    size = (await stat(partial)).size;
  } catch {
    size = undefined;
  }
  if (size === undefined && journaled.some((entry) => entry.status === 'written')) {
    throw new UsageError(
      '--resume: the unfinished zip file of the interrupted run (its name ending in .partial) ' +
        'is not where --zip says: give the --zip it was run with',
    );
  }
  const kept: JournalEntry[] = [];
  const entries: RestorableEntry[] = [];
  let end = 0;
  for (const entry of journaled) {
    if (!stands(entry)) break;
    if (entry.status === 'written') {
      const zip = entry.zip;
      if (!zip || size === undefined) break;
      const next = end + localHeaderSize(utf8.encode(entry.output).length, zip.size) + zip.size;
      if (next !== zip.end || next > size) break;
      entries.push({ path: entry.output, crc: zip.crc, size: zip.size });
      end = next;
    }
    kept.push(entry);
  }
  const last = entries.at(-1);
  if (last && !(await holdsLocalHeader(partial, last, end))) {
    throw new UsageError(
      '--resume refused: the unfinished zip file (its name ending in .partial) is not the one ' +
        'the interrupted run was writing: give the --zip it was run with',
    );
  }
  return { kept, entries: size === undefined ? undefined : entries };
}

/** Whether the entry ending at `end` starts with the local header the writer gave it. */
async function holdsLocalHeader(
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
