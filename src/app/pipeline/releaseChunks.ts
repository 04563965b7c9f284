/**
 * Frees the bytes of a worker's output once they are saved, at once rather than when the
 * garbage collector comes to them.
 *
 * A worker's output reaches the page as ArrayBuffers transferred with its answer. Firefox (153
 * ESR) does not count such buffers towards the page's next collection: on a 1 GB study they
 * piled up, unreachable, as 1.26 GB of "array-buffer" in the page's realm (about:memory) and the
 * tab peaked at 1.6 GB, until a forced GC freed them all (docs/browsers.md). Copies the page
 * makes itself (the savers' slices) are collected as usual. Detaching a buffer
 * (`ArrayBuffer.prototype.transfer(0)`) frees its bytes now, in every browser.
 *
 * Only for chunks nobody reads again: every saver is done with what it was given when its
 * write settles (the zip writer's contract, core/zip/zipStreamWriter.ts), and the run keeps
 * nothing of a committed output.
 */
interface Transferable {
  transfer?: (newByteLength?: number) => ArrayBuffer;
}

export function releaseChunks(chunks: readonly Uint8Array[]): void {
  for (const chunk of chunks) {
    const buffer = chunk.buffer;
    // A detached buffer reads as empty; a SharedArrayBuffer cannot be detached. Several chunks
    // may share one buffer: the first release frees it, the others find it empty.
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) continue;
    (buffer as Transferable).transfer?.(0);
  }
}
