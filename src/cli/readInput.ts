/**
 * Reads one input file in a worker, read-only; failures become reasons without the path.
 * Synchronous on purpose: a worker thread has nothing else to do meanwhile, and async reads
 * would queue on the libuv thread pool that the main thread's writes need.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError } from './fsErrors';

/** The largest Uint8Array Node allocates in one piece on every platform. */
const MAX_READ_BYTES = 2 ** 31 - 1;
// Read-only, and non-blocking so that a file replaced by a FIFO after the walk cannot hang the
// open (O_NONBLOCK changes nothing for regular files).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's bytes, or why they could not be read. */
export function readInput(file: string): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return `cannot be opened: ${describeFsError(error)}`;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return 'is no longer a regular file';
    if (info.size > MAX_READ_BYTES) return 'larger than 2 GiB, the most this version can read';
    const bytes = new Uint8Array(info.size);
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
