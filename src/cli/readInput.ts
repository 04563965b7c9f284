/**
 * Reads one input file in a worker, read-only; failures become reasons without the path.
 * Synchronous on purpose: a worker thread has nothing else to do meanwhile, and async reads
 * would queue on the libuv thread pool that the main thread's writes need.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError } from './fsErrors';
import { fsPath, type InputPath } from './inputPath';

/** The largest Uint8Array Node allocates in one piece on every platform. */
const MAX_READ_BYTES = 2 ** 31 - 1;
// Read-only, and non-blocking so that a file replaced by a FIFO after the walk cannot hang the
// open (O_NONBLOCK changes nothing for regular files).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export interface ReadOptions {
  /** Files bigger than this are not read: the answer is LARGER instead (largeInput.ts). */
  readonly largerThan?: number;
  /** Read into this buffer's memory when the file fits (ReadBuffer), instead of a new one. */
  readonly into?: ReadBuffer;
}

/** What readInput answers for a file above `largerThan`. */
export const LARGER = Symbol('larger');

/**
 * The file's bytes, or why they could not be read. One open, fstat, read and close per file:
 * the size check for the large-input path is made on the same descriptor.
 */
export function readInput(file: InputPath): Uint8Array | string;
export function readInput(
  file: InputPath,
  options: ReadOptions,
): Uint8Array | string | typeof LARGER;
export function readInput(
  file: InputPath,
  options: ReadOptions = {},
): Uint8Array | string | typeof LARGER {
  let fd: number;
  try {
    fd = openSync(fsPath(file), OPEN_FLAGS);
  } catch (error) {
    return `cannot be opened: ${describeFsError(error)}`;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return 'is no longer a regular file';
    if (options.largerThan !== undefined && info.size > options.largerThan) return LARGER;
    if (info.size > MAX_READ_BYTES) return 'larger than 2 GiB, the most this version can read';
    const bytes = options.into?.take(info.size) ?? new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) return 'became shorter while it was read';
      filled += n;
    }
    return bytes;
  } catch (error) {
    return `cannot be read: ${describeFsError(error)}`;
  } finally {
    closeSync(fd);
  }
}

/**
 * One buffer that a worker reads file after file into. A fresh buffer per file costs an
 * allocation (zeroed by the engine), its page faults and later its garbage collection, which
 * on a series of 0.5 MB slices took more processor time than reading the bytes. The bytes of
 * one file are only used until its result is posted (the worker runs one file at a time), so
 * the next file may overwrite them. Files above `keepUpTo` get a buffer of their own, so that
 * one huge file does not pin its size in memory for the rest of the run.
 */
export class ReadBuffer {
  private buffer = new Uint8Array(0);

  /** `spare`: memory the main thread gave back (outputBuffers.ts), used before a new buffer. */
  constructor(
    private readonly keepUpTo: number,
    private readonly spare?: (size: number) => ArrayBuffer | undefined,
  ) {}

  take(size: number): Uint8Array | undefined {
    if (size > this.keepUpTo) return undefined;
    // A result may have moved the memory to the main thread (postMessage's transfer list): the
    // buffer is then detached (length 0), and a given-back one or a new one is taken instead.
    if (this.buffer.byteLength < size) {
      const given = this.spare?.(size);
      this.buffer = given ? new Uint8Array(given) : new Uint8Array(growTo(size, this.keepUpTo));
    }
    return this.buffer.subarray(0, size);
  }
}

/** Grows by at least half again, so a series of slowly growing files reallocates rarely. */
function growTo(size: number, limit: number): number {
  return Math.min(limit, Math.max(size, 64 * 1024, Math.ceil(size * 1.5)));
}
