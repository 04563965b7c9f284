/**
 * Builds a Blob from chunks written one after another, through `new Response(stream).blob()`
 * rather than `new Blob(chunks)`. The bytes are the same; where they live is not. Firefox keeps
 * a Blob built from arrays in the tab's memory (and a second copy in its parent process while
 * it is downloaded): five download parts of 250 MB took the tab to 1.3 GB and the parent to
 * 1.2 GB. A Blob read from a stream body goes to a temporary file past 1 MB (Firefox's
 * MutableBlobStorage): the same five parts then peaked at 240 MB in the tab. Chromium's blob
 * system pages large Blobs to disk either way.
 */
export class SpilledBlobWriter {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly blob: Promise<Blob>;

  private dropped = false;

  constructor() {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    this.blob = new Response(readable).blob();
    this.writer = writable.getWriter();
  }

  /**
   * Takes a copy of `chunk`: the body reads it later than this resolves, and callers reuse their
   * buffers. Resolves when the stream has room again, so a slow disk holds the writer back.
   */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.dropped) return;
    await this.writer.ready;
    await this.writer.write(chunk.slice());
  }

  async close(): Promise<Blob> {
    if (this.dropped) throw new Error('the part was dropped');
    await this.writer.close();
    return this.blob;
  }

  /**
   * Drops what was written. The stream is closed, not errored: an errored body makes Firefox
   * report the failed read as an uncaught error of the page, even with the rejection handled.
   */
  drop(): void {
    this.dropped = true;
    this.writer.close().catch(() => {});
    this.blob.catch(() => {});
  }
}
