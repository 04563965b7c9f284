/**
 * --resume of a --zip run that was stopped after its zip was finished and renamed to NAME.zip,
 * but before its reports, mapping files and journal were (a process killed in that moment).
 * The zip is complete then, and must be neither written over nor begun again: the resume
 * records every input again from the journal and checks the zip instead of writing it. It
 * plays the uninterrupted run's last writes (the reports, the central directory) against the
 * file's bytes, so a NAME.zip that is not byte for byte this run's is refused, not taken.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { UsageError } from './args';
import type { JournalLine } from './journal';
import type { OutputSink } from './outputSink';
import { ZipStreamWriter, type RestorableEntry } from '../core/zip/zipStreamWriter';
import { holdsLocalHeader, sizeOf, zipChain } from './zipResume';
import { nodeCrc32 } from '../node/nodeCrc32';

/** Said when NAME.zip is there but is not what this run makes. */
export class NotThisRunsZip extends Error {
  override readonly name = 'NotThisRunsZip';
  constructor() {
    super("the zip file is not this run's: its bytes differ from what the run makes");
  }
}

/**
 * The entries of the finished NAME.zip of an interrupted run whose journal says it was
 * finishing (every input done): all its lines must stand and chain within the file.
 */
export async function finishedZipEntries(
  zipFile: string,
  journaled: readonly JournalLine[],
  stands: (line: JournalLine) => boolean,
): Promise<RestorableEntry[]> {
  const size = (await sizeOf(zipFile)) ?? 0;
  const { kept, entries, end } = zipChain(journaled, stands, size);
  const last = entries.at(-1);
  if (kept.length !== journaled.length || (last && !(await holdsLocalHeader(zipFile, last, end)))) {
    throw new UsageError(
      '--resume refused: the zip file is there already, but it is not the one the interrupted ' +
        'run finished: move it away, or give the --zip it was run with',
    );
  }
  return entries;
}

/**
 * A sink that writes nothing: what the run hands it (the reports) and the archive's end are
 * compared with NAME.zip from where its last journaled entry ends. close() also checks that
 * the file ends there. Throws NotThisRunsZip at the first byte that differs.
 */
export class CompletedZipSink implements OutputSink {
  readonly oneStream = true;
  private position = 0;
  private readonly writer: ZipStreamWriter;

  private constructor(
    private readonly handle: FileHandle,
    entries: readonly RestorableEntry[],
  ) {
    this.writer = new ZipStreamWriter((chunk) => this.compare(chunk), { crc32: nodeCrc32 });
    this.position = this.writer.restore(entries);
  }

  static async open(file: string, entries: readonly RestorableEntry[]): Promise<CompletedZipSink> {
    return new CompletedZipSink(await open(file, 'r'), entries);
  }

  async write(name: string, chunks: readonly Uint8Array[], splice?: unknown): Promise<void> {
    // Every output is in the zip already; only the reports come, and never a large input's data.
    if (splice) throw new NotThisRunsZip();
    await this.writer.addFile(name, chunks);
  }

  async close(): Promise<void> {
    try {
      await this.writer.finish();
      if ((await this.handle.stat()).size !== this.position) throw new NotThisRunsZip();
    } finally {
      await this.handle.close();
    }
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async compare(chunk: Uint8Array): Promise<void> {
    const found = new Uint8Array(chunk.byteLength);
    const { bytesRead } = await this.handle.read(found, 0, found.byteLength, this.position);
    this.position += chunk.byteLength;
    if (bytesRead !== chunk.byteLength || !found.every((byte, i) => byte === chunk[i])) {
      throw new NotThisRunsZip();
    }
  }
}
