/**
 * --zip: outputs become entries of one zip file (store only, Zip64, fixed time stamps, entries
 * in input order), written as they come, so the archive never needs to fit in memory.
 *
 * The archive is written as NAME.zip.partial and renamed to NAME.zip only once its central
 * directory is written: a run killed or stopped by a full disk leaves no truncated NAME.zip
 * that could be shared by mistake. Both are created with "wx": nothing is ever replaced.
 *
 * --resume goes on with a NAME.zip.partial: its entries that the journal records complete
 * (zipResume.ts) are kept, what follows them is cut off, and the writer takes them back
 * (ZipStreamWriter.restore), so that the finished archive has the uninterrupted run's bytes.
 */
import { lstat, mkdir, open, rename, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ZipStreamWriter, type RestorableEntry } from '../core/zip/zipStreamWriter';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { InputReadError, writeAllSync, type OutputSink } from './outputSink';
import { giveBack } from './outputBuffers';
import { inputRange, type InputSplice } from './inputSplice';
import { nodeCrc32 } from '../node/nodeCrc32';

/**
 * Blocking writes, as the folder's (outputSink.ts's writeNow, which says why): the writes are
 * one after the other anyway. zlib's CRC-32 (nodeCrc32.ts).
 */
const zipOptions = { crc32: nodeCrc32 };

/** An output's zip entry as the journal holds it (journal.ts): no name, no content. */
export interface ZipJournalEntry {
  readonly crc: number;
  readonly size: number;
  /** Where the archive ended after it. */
  readonly end: number;
}

/** Ends the name of a zip file still being written, or left unfinished. */
export const PARTIAL_ZIP_SUFFIX = '.partial';

export class ZipFileSink implements OutputSink {
  readonly oneStream = true;

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly writer: ZipStreamWriter,
  ) {}

  static async create(file: string): Promise<ZipFileSink> {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(`${file}${PARTIAL_ZIP_SUFFIX}`, 'wx');
    const writer = new ZipStreamWriter((chunk) => writeAllSync(handle.fd, [chunk]), zipOptions);
    return new ZipFileSink(file, handle, writer);
  }

  /**
   * Goes on with the NAME.zip.partial of an interrupted run: cut after the last of `entries`
   * (what follows is an entry cut short, or one the journal does not vouch for), then appended to.
   */
  static async resume(file: string, entries: readonly RestorableEntry[]): Promise<ZipFileSink> {
    const partial = `${file}${PARTIAL_ZIP_SUFFIX}`;
    const writer = new ZipStreamWriter((chunk) => writeAllSync(handle.fd, [chunk]), zipOptions);
    await truncate(partial, writer.restore(entries));
    // "a": every write goes to the end, where the cut left it.
    const handle = await open(partial, 'a');
    return new ZipFileSink(file, handle, writer);
  }

  /** What the journal records of output `name`, just written: its entry and the zip's end. */
  journalEntry(name: string): ZipJournalEntry | undefined {
    const last = this.writer.lastEntry;
    if (last?.path !== name) return undefined;
    return { crc: last.crc, size: last.size, end: last.end };
  }

  async write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void> {
    if (!splice) {
      await this.writer.addFile(name, chunks);
    } else {
      if (splice.crc32 === undefined)
        throw new Error('a zip entry needs the CRC of its image data');
      const [before, after] = splitChunksAt(chunks, splice.at);
      const size =
        chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) + splice.end - splice.start;
      await this.writer.addStreamedFile(name, size, splice.crc32, [
        ...before,
        () => readInput(splice),
        ...after,
      ]);
    }
    // Written: the buffers can carry a next output (outputBuffers.ts), as the folder's do.
    giveBack(chunks);
  }

  /** Finishes the archive and gives it its name; a failure leaves NAME.zip.partial. */
  async close(): Promise<void> {
    try {
      await this.writer.finish();
    } finally {
      await this.handle.close();
    }
    if (await exists(this.file)) throw new Error('a file took the name of the zip file meanwhile');
    await rename(`${this.file}${PARTIAL_ZIP_SUFFIX}`, this.file);
  }

  /** Stops writing: the archive stays NAME.zip.partial, without its central directory. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** The zip is spoilt either way, but the message must say it was the input that failed. */
async function* readInput(splice: InputSplice): AsyncGenerator<Uint8Array> {
  try {
    yield* inputRange(splice);
  } catch (error) {
    throw new InputReadError(error);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
