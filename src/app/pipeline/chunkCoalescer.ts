/**
 * Gathers small chunks into larger writes. A zip stream is a header of a few dozen bytes, then
 * the file's own chunks, per file: written one by one to a FileSystemWritableFileStream (an
 * inter-process call each) or wrapped one by one in Blobs, tens of thousands of small files
 * would cost more in calls than in bytes. Small chunks are copied into a buffer that goes out
 * when full; large ones go out as they are, after what is buffered.
 *
 * Copying also honours the zip writer's contract (sinks must not keep its chunks), as long as
 * `write` is done with what it was given when its promise settles, which holds for
 * FileSystemWritableFileStream.write and for the Blob constructor (it copies).
 */
export type ChunkWriter = (chunk: Uint8Array) => void | Promise<void>;

export const SMALL_CHUNK_BYTES = 256 * 1024;
export const BUFFER_BYTES = 4 * 1024 * 1024;

export class ChunkCoalescer {
  private buffer: Uint8Array | undefined;
  private filled = 0;

  constructor(
    private readonly write: ChunkWriter,
    private readonly bufferBytes = BUFFER_BYTES,
    private readonly smallBytes = Math.min(SMALL_CHUNK_BYTES, bufferBytes),
  ) {}

  /** Takes one chunk; resolves once it was copied or written. */
  readonly push = async (chunk: Uint8Array): Promise<void> => {
    if (chunk.length >= this.smallBytes) {
      await this.flush();
      await this.write(chunk);
      return;
    }
    if (this.filled + chunk.length > this.bufferBytes) await this.flush();
    this.buffer ??= new Uint8Array(this.bufferBytes);
    this.buffer.set(chunk, this.filled);
    this.filled += chunk.length;
  };

  /** Writes out whatever is buffered. */
  async flush(): Promise<void> {
    if (this.filled === 0 || !this.buffer) return;
    const full = this.buffer.subarray(0, this.filled);
    this.filled = 0;
    await this.write(full);
  }
}
