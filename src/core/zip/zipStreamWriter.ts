/**
 * A streaming, store-only ZIP writer with Zip64, for outputs of any size and entry count.
 *
 * Why our own: jszip 3.10 and fflate 0.8 write corrupt archives beyond 4 GiB without an error,
 * and client-zip 2.5 clamps entry counts beyond 65,535 (../shared/DESIGN.md). Storing without
 * compression (deflate runs at 12–23 MB/s here; DICOM pixel data barely shrinks) keeps the writer
 * small: headers around the caller's own chunks, memory flat apart from the central directory,
 * speed bounded by CRC-32. zipWriter.test.ts checks it against Info-ZIP unzip and Python zipfile.
 *
 * Each file arrives whole (as one or more chunks), so its CRC and size go into the local header
 * and no data descriptors are needed: every unzipper can read the result, including those that
 * read local headers only. Paths are UTF-8 with the UTF-8 flag; stamps default to 1980-01-01
 * 00:00 so that the same inputs give the same bytes.
 */
import { CentralDirectory } from './centralDirectory.ts';
import { crc32 } from './crc32.ts';
import { ZipError } from './zipErrors.ts';
import { ZipPathRegistry } from './zipPath.ts';
import {
  DOS_EPOCH,
  centralHeaderSize,
  dosStamp,
  endRecords,
  endRecordsSize,
  localHeader,
  localHeaderSize,
  type DosStamp,
} from './zipRecords.ts';

/**
 * Receives the archive's bytes in order; a returned promise is awaited before the next write.
 * Chunks include the caller's own file data, which the caller may reuse or transfer once addFile
 * settles: a sink that keeps chunks for later (to build a Blob at the end, say) must copy them
 * or wrap them in a Blob at once.
 */
export type ZipSink = (chunk: Uint8Array) => void | Promise<void>;

export interface ZipWriterOptions {
  /** The modification time stamped on every entry; default 1980-01-01 00:00 (reproducible). */
  now?: Date;
  /**
   * The CRC-32 to use (same results as crc32.ts's): Node's zlib has one about five times as
   * fast, which the CLI passes (src/node/nodeCrc32.ts); the browser has none.
   */
  crc32?: (data: Uint8Array, crc: number) => number;
}

/** An entry as a resumable writer records it (the CLI's --resume journal) and restore takes it. */
export interface RestorableEntry {
  readonly path: string;
  readonly crc: number;
  readonly size: number;
}

export interface ZipSummary {
  entries: number;
  /** Total archive size. */
  bytes: number;
}

const utf8 = new TextEncoder();

export class ZipStreamWriter {
  private readonly stamp: DosStamp;
  private readonly paths = new ZipPathRegistry();
  private readonly directory: CentralDirectory;
  /** Where the next local header goes: everything accepted by addFile, written or queued. */
  private end = 0;
  private written = 0;
  /** The sink writes, one after another; each addFile or finish appends to it. */
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private finished = false;
  private last: (RestorableEntry & { readonly end: number }) | undefined;
  private readonly crc32: (data: Uint8Array, crc: number) => number;

  constructor(
    private readonly sink: ZipSink,
    options: ZipWriterOptions = {},
  ) {
    this.stamp = options.now ? dosStamp(options.now) : DOS_EPOCH;
    this.crc32 = options.crc32 ?? crc32;
    this.directory = new CentralDirectory(this.stamp);
  }

  /** Bytes the sink has accepted so far. */
  get bytesWritten(): number {
    return this.written;
  }

  get entryCount(): number {
    return this.directory.entries;
  }

  /** The entry added last, and where the archive ends after it: what a resumable run journals. */
  get lastEntry(): (RestorableEntry & { readonly end: number }) | undefined {
    return this.last;
  }

  /**
   * Takes back the entries an interrupted writer wrote (their bytes already in the sink's
   * file, which the caller cut right after the last of them): their paths, directory headers
   * and offsets are those the first writer gave them, so the archive ends as if uninterrupted.
   * Only before anything else is added. Returns where the next entry goes.
   */
  restore(entries: Iterable<RestorableEntry>): number {
    if (this.end !== 0) throw new ZipError('finished', 'entries are restored before any is added');
    for (const { path, crc, size } of entries) {
      const entry = { name: this.paths.claim(path), crc, size, offset: this.end };
      this.directory.add(entry);
      this.end += localHeaderSize(entry.name.length, size) + size;
    }
    this.written = this.end;
    return this.end;
  }

  /**
   * The archive's size if a file with this path and size were added next and the archive then
   * finished: how SplitZipWriter decides where a part must end.
   */
  projectedSize(path: string, size: number): number {
    const nameLength = utf8.encode(path).length;
    const directoryOffset = this.end + localHeaderSize(nameLength, size) + size;
    const directorySize = this.directory.size + centralHeaderSize(nameLength, size, this.end);
    const entries = this.directory.entries + 1;
    return (
      directoryOffset + directorySize + endRecordsSize({ entries, directoryOffset, directorySize })
    );
  }

  /**
   * Adds a file whose content is `data` (one array, or its chunks in order). The chunks are
   * handed to the sink as they are, not copied: leave them unchanged until the promise settles.
   * Path, CRC and position are settled at the call, so calls may overlap; the writes still
   * happen in call order. Throws ZipError for a bad or repeated path, or after finish().
   */
  addFile(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
    try {
      this.checkOpen();
      const name = this.paths.claim(path);
      const chunks = data instanceof Uint8Array ? [data] : data;
      let crc = 0;
      let size = 0;
      for (const chunk of chunks) {
        crc = this.crc32(chunk, crc);
        size += chunk.length;
      }
      const entry = { name, crc, size, offset: this.end };
      const header = localHeader(entry, this.stamp);
      this.directory.add(entry);
      this.end += header.length + size;
      this.last = { path, crc, size, end: this.end };
      return this.enqueue([header, ...chunks]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Adds a file too large to hold: its CRC and size are known ahead (the caller read it once
   * for them), and its content comes as chunks and producers of chunks, written in order.
   * Each produced chunk is written before the next is asked for, so a producer may reuse one
   * buffer. The archive fails if the content does not have the declared size.
   */
  addStreamedFile(
    path: string,
    size: number,
    crc: number,
    parts: ReadonlyArray<Uint8Array | (() => AsyncIterable<Uint8Array>)>,
  ): Promise<void> {
    try {
      this.checkOpen();
      const name = this.paths.claim(path);
      const entry = { name, crc, size, offset: this.end };
      const header = localHeader(entry, this.stamp);
      this.directory.add(entry);
      this.end += header.length + size;
      this.last = { path, crc, size, end: this.end };
      const expectedEnd = this.end;
      return this.enqueue([header, ...parts], () => {
        if (this.written !== expectedEnd) {
          throw new ZipError(
            'size-mismatch',
            `${path}: its content did not have the declared size`,
          );
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Writes the central directory and end records; resolves once the sink accepted them. */
  async finish(): Promise<ZipSummary> {
    this.checkOpen();
    this.finished = true;
    const directoryOffset = this.end;
    const directorySize = this.directory.size;
    const entries = this.directory.entries;
    const tail = endRecords({ entries, directoryOffset, directorySize });
    this.end += directorySize + tail.length;
    await this.enqueue([...this.directory.pages(), tail]);
    return { entries, bytes: this.end };
  }

  private checkOpen(): void {
    if (this.failure) throw this.failure.error;
    if (this.finished) throw new ZipError('finished', 'the ZIP archive is already finished');
  }

  /**
   * A failed sink write leaves the archive truncated: every later call fails with the same
   * error rather than write past the gap.
   */
  private enqueue(
    parts: ReadonlyArray<Uint8Array | (() => AsyncIterable<Uint8Array>)>,
    check?: () => void,
  ): Promise<void> {
    const sink = this.sink; // called unbound: the writer is none of the sink's business
    const write = async (chunk: Uint8Array) => {
      if (!chunk.length) return;
      await sink(chunk);
      this.written += chunk.length;
    };
    const run = this.queue.then(async () => {
      if (this.failure) throw this.failure.error;
      try {
        for (const part of parts) {
          if (part instanceof Uint8Array) await write(part);
          else for await (const chunk of part()) await write(chunk);
        }
        check?.();
      } catch (error) {
        this.failure ??= { error };
        throw error;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
