/**
 * Reading a large Blob (a File's image data: gigabytes) through one reused buffer. A default
 * stream reader hands out a new buffer per chunk, and the garbage outran the collector: the
 * tab grew by hundreds of MB while copying a 2.5 GiB file (e2e/large-file.spec.ts).
 */

const BLOCK = 1024 * 1024;

/**
 * The Blob's bytes in blocks of up to `blockBytes`, each valid only until the next is asked
 * for (the buffer is read into again). Throws when fewer bytes than its size could be read.
 */
export async function* blobBlocks(blob: Blob, blockBytes = BLOCK): AsyncGenerator<Uint8Array> {
  const stream = blob.stream();
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream here: chunks as they come.
    yield* defaultChunks(stream, blob.size);
    return;
  }
  let buffer = new ArrayBuffer(Math.min(blockBytes, Math.max(1, blob.size)));
  let total = 0;
  try {
    for (let done = false; !done;) {
      let filled = 0;
      while (filled < buffer.byteLength) {
        // The buffer moves with each read: it comes back as the view's.
        const read = await reader.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
        if (read.value) buffer = read.value.buffer as ArrayBuffer;
        if (read.done) {
          done = true;
          break;
        }
        filled += read.value.byteLength;
      }
      total += filled;
      if (filled > 0) yield new Uint8Array(buffer, 0, filled);
    }
  } finally {
    reader.releaseLock();
  }
  if (total !== blob.size) throw new Error('the file became shorter while it was read');
}

async function* defaultChunks(stream: ReadableStream<Uint8Array>, size: number) {
  const reader = stream.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
  if (total !== size) throw new Error('the file became shorter while it was read');
}
