/**
 * Output buffers that go round between the main thread and the workers instead of being made
 * and freed once per file. A worker moves each output's buffer to the main thread
 * (workerResult.ts); once the sink has written it, the main thread keeps the buffer
 * (`giveBack`) and sends it back with a later task (pool.ts), and the worker writes a next
 * output into it (`allocate`). A new 0.5 MB buffer per file cost its zeroing, page faults and
 * unmapping on two threads: twice the processor time of the copy into it.
 *
 * A recycled buffer holds bytes of an earlier file of this run (an output, or an input whose
 * image data travelled as a view); an output overwrites it from the start up to its own length
 * (writer.ts fills every byte), and only that view is ever written, so the rest stays in this
 * process's memory as it was before.
 */

/** Buffers outside this size range are left to the garbage collector. */
const MIN_BYTES = 64 * 1024;
const MAX_BYTES = 16 * 1024 * 1024;
/** What one side holds at most, in bytes: memory stays bounded whatever the file sizes. */
const HELD_BYTES = 32 * 1024 * 1024;

class BufferList {
  private readonly buffers: ArrayBuffer[] = [];
  private held = 0;

  add(buffer: ArrayBuffer): void {
    const size = buffer.byteLength;
    if (size < MIN_BYTES || size > MAX_BYTES || this.held + size > HELD_BYTES) return;
    if (this.buffers.includes(buffer)) return;
    this.buffers.push(buffer);
    this.held += size;
  }

  /** The most recently added buffer of at least `size` bytes (or any, when size is 0). */
  take(size = 0): ArrayBuffer | undefined {
    for (let i = this.buffers.length - 1; i >= 0; i--) {
      const buffer = this.buffers[i]!;
      if (buffer.byteLength < size) continue;
      this.buffers.splice(i, 1);
      this.held -= buffer.byteLength;
      return buffer;
    }
    return undefined;
  }
}

/** Main thread: buffers of outputs already written, to send back to the workers. */
const written = new BufferList();

/** Called by a sink when it is done with an output's chunks (it will not read them again). */
export function giveBack(chunks: readonly Uint8Array[]): void {
  // Several chunks may share a buffer: each buffer is kept once (a buffer sent twice would be
  // detached the second time, and that postMessage would throw).
  const buffers = new Set<ArrayBuffer>();
  for (const chunk of chunks) {
    if (chunk.buffer instanceof ArrayBuffer && chunk.buffer.byteLength > 0)
      buffers.add(chunk.buffer);
  }
  for (const buffer of buffers) written.add(buffer);
}

/** A buffer for the pool to send with a task, when one was given back. */
export function spareForTask(): ArrayBuffer | undefined {
  return written.take();
}

/** Worker thread: buffers received with tasks, to write outputs into. */
const received = new BufferList();
/** Buffers allocateOutput handed out: packOutcome may move them though the output is shorter. */
const handedOut = new WeakSet<ArrayBuffer>();

export function receiveSpare(buffer: ArrayBuffer): void {
  received.add(buffer);
}

/**
 * A received buffer of at least `size` bytes to read an input into (readInput.ts's ReadBuffer),
 * or undefined. The engine may hand the input's memory on as part of the output (its image data,
 * DeidContext.consumeInput), and so it comes back like an output's.
 */
export function takeSpare(size: number): ArrayBuffer | undefined {
  return received.take(size);
}

/**
 * `size` bytes to write an output into, NOT zeroed: a received buffer when one is big enough,
 * else a new one. The caller overwrites every byte.
 */
export function allocateOutput(size: number): Uint8Array {
  const buffer = received.take(size) ?? new ArrayBuffer(size);
  handedOut.add(buffer);
  return new Uint8Array(buffer, 0, size);
}

export function isOutputBuffer(buffer: ArrayBuffer): boolean {
  return handedOut.has(buffer);
}
