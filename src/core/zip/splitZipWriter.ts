/**
 * An output cut into standalone ZIP archives of at most maxPartBytes each, for browsers without
 * showSaveFilePicker(): there, each part must be built in memory as a Blob and downloaded, and
 * Chromium could not read Blobs beyond about 500 MB (../shared/DESIGN.md). Every part is a
 * complete archive, not a spanned one: most unzippers cannot read spanned archives, and a user
 * can open any part alone. Paths are unique across all parts, so that extracting every part into
 * one folder loses nothing.
 */
import { ZipError } from './zipErrors.ts';
import { ZipPathRegistry } from './zipPath.ts';
import {
  ZipStreamWriter,
  type ZipSink,
  type ZipSummary,
  type ZipWriterOptions,
} from './zipStreamWriter.ts';

export const DEFAULT_MAX_PART_BYTES = 512 * 1024 * 1024;

/** Where one part goes. */
export interface ZipPartSink {
  write: ZipSink;
  /**
   * Takes a Blob of file data as it is, in its place among the chunks, for a part that is
   * itself built as a Blob: the data is then never read. Without it, a Blob is read.
   */
  writeBlob?(blob: Blob): void | Promise<void>;
  /** Called once the part's last byte was written, with its summary. */
  close?(summary: ZipSummary): void | Promise<void>;
}

/** Opens part `index` (0, 1, …); called when the first file of that part arrives. */
export type ZipPartOpener = (index: number) => ZipPartSink | Promise<ZipPartSink>;

export interface SplitZipOptions extends ZipWriterOptions {
  /**
   * The largest part, in bytes; default 512 MiB. A file that does not fit even in an empty part
   * gets a part of its own, larger than this.
   */
  maxPartBytes?: number;
}

export interface SplitZipSummary {
  entries: number;
  /** All parts together. */
  bytes: number;
  parts: ZipSummary[];
}

interface OpenPart {
  readonly sink: ZipPartSink;
  readonly writer: ZipStreamWriter;
}

export class SplitZipWriter {
  private readonly maxPartBytes: number;
  private readonly paths = new ZipPathRegistry();
  private readonly closed: ZipSummary[] = [];
  private current: OpenPart | undefined;
  /** addFile and finish calls, one after another: a part may have to be closed and opened. */
  private queue: Promise<void> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly openPart: ZipPartOpener,
    private readonly options: SplitZipOptions = {},
  ) {
    const max = options.maxPartBytes ?? DEFAULT_MAX_PART_BYTES;
    if (!Number.isSafeInteger(max) || max <= 0) {
      throw new RangeError(`maxPartBytes must be a positive integer, not ${max}`);
    }
    this.maxPartBytes = max;
  }

  /** Bytes accepted by the part sinks so far. */
  get bytesWritten(): number {
    const done = this.closed.reduce((sum, part) => sum + part.bytes, 0);
    return done + (this.current?.writer.bytesWritten ?? 0);
  }

  /** Parts opened so far. */
  get partCount(): number {
    return this.closed.length + (this.current ? 1 : 0);
  }

  /**
   * Adds a file to the current part, or closes that part and starts the next when the file
   * would make it exceed maxPartBytes. Same contract as ZipStreamWriter.addFile; paths must be
   * unique across parts.
   */
  addFile(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
    const chunks = data instanceof Uint8Array ? [data] : [...data];
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    return this.add(path, size, (writer) => writer.addFile(path, chunks));
  }

  /**
   * Adds a file too large to hold, whose CRC and size are known: its content is `parts` in
   * order, chunks and Blobs (a large input's image data, as a slice of the input File). Parts
   * are cut as for addFile.
   */
  addStreamedFile(
    path: string,
    size: number,
    crc: number,
    parts: ReadonlyArray<Uint8Array | Blob>,
  ): Promise<void> {
    return this.add(path, size, (writer, sink) =>
      writer.addStreamedFile(
        path,
        size,
        crc,
        parts.map((part) => (part instanceof Uint8Array ? part : () => blobContent(part, sink))),
      ),
    );
  }

  private add(
    path: string,
    size: number,
    write: (writer: ZipStreamWriter, sink: ZipPartSink) => Promise<void>,
  ): Promise<void> {
    try {
      if (this.finished) throw new ZipError('finished', 'the ZIP archive is already finished');
      this.paths.claim(path);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(async () => {
      let part = this.current;
      if (
        part &&
        part.writer.entryCount > 0 &&
        part.writer.projectedSize(path, size) > this.maxPartBytes
      ) {
        await this.closeCurrent();
        part = undefined;
      }
      part ??= await this.open();
      await write(part.writer, part.sink);
    });
  }

  /**
   * Closes the last part. With no files at all there is still one part, an empty archive, so
   * that a caller always has something to hand to the user.
   */
  async finish(): Promise<SplitZipSummary> {
    if (this.finished) throw new ZipError('finished', 'the ZIP archive is already finished');
    this.finished = true;
    await this.enqueue(async () => {
      if (!this.current) await this.open();
      await this.closeCurrent();
    });
    const parts = [...this.closed];
    return {
      entries: parts.reduce((sum, part) => sum + part.entries, 0),
      bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
      parts,
    };
  }

  private async open(): Promise<OpenPart> {
    const sink = await this.openPart(this.closed.length);
    const writer = new ZipStreamWriter(
      (chunk) => (isStandIn(chunk) ? undefined : sink.write(chunk)),
      { now: this.options.now },
    );
    this.current = { sink, writer };
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    const part = this.current;
    if (!part) return;
    const summary = await part.writer.finish();
    this.current = undefined;
    this.closed.push(summary);
    await part.sink.close?.(summary);
  }

  /** After a failure every later call fails with it: a part is left unfinished. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task);
    return this.queue;
  }
}

/**
 * Bytes that stand for a Blob the part sink took whole: ZipStreamWriter counts every byte of
 * an entry as it passes (to check the declared size), so the Blob's size passes as views of
 * this buffer, which the part's sink never sees.
 */
const STAND_IN_BYTES = 1024 * 1024;
let standIn: Uint8Array | undefined;
const isStandIn = (chunk: Uint8Array) => standIn !== undefined && chunk.buffer === standIn.buffer;

/** A Blob's content for the part's writer: taken whole by the sink, or read. */
async function* blobContent(blob: Blob, sink: ZipPartSink): AsyncGenerator<Uint8Array> {
  if (sink.writeBlob) {
    await sink.writeBlob(blob);
    standIn ??= new Uint8Array(STAND_IN_BYTES);
    for (let left = blob.size; left > 0; left -= STAND_IN_BYTES) {
      yield standIn.subarray(0, Math.min(left, STAND_IN_BYTES));
    }
    return;
  }
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
