/**
 * Outputs of large inputs are written without ever holding the image data: a worker
 * de-identifies the file around it (core/deid/bulkData.ts) and sends back the new header and
 * where the input's image bytes go; the sink copies them from the input, block by block, into
 * the output file or zip entry. Memory stays at one block whatever the file's size.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Splice } from '../core/deid/bulkData';
import type { SpliceFromWorker } from '../core/deid/workerResult';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { nodeCrc32 as crc32 } from '../node/nodeCrc32';
import { fsPath, type InputPath } from './inputPath';

/** The input's image data to insert into an output. */
export interface InputSplice extends SpliceFromWorker {
  /** The input file, read only. */
  readonly source: InputPath;
}

const BLOCK = 8 * 1024 * 1024;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The input's bytes [start, end), block by block; each block is valid only until the next is
 * asked for (one buffer is reused). Throws when the input changed size since its header was
 * read: its image would no longer belong to the header written.
 */
export async function* inputRange(splice: InputSplice): AsyncGenerator<Uint8Array> {
  const handle = await open(fsPath(splice.source), OPEN_FLAGS);
  try {
    if ((await handle.stat()).size !== splice.sourceSize) {
      throw new Error('the input changed while it was being de-identified');
    }
    const block = new Uint8Array(Math.min(BLOCK, Math.max(1, splice.end - splice.start)));
    for (let pos = splice.start; pos < splice.end;) {
      const want = Math.min(block.length, splice.end - pos);
      const { bytesRead } = await handle.read(block, 0, want, pos);
      if (bytesRead === 0) throw new Error('the input became shorter while it was copied');
      yield block.subarray(0, bytesRead);
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** A synchronous reader of ranges of a file, for a worker thread (see readInput.ts). */
export function openRangeReader(file: InputPath) {
  const fd = openSync(fsPath(file), OPEN_FLAGS);
  return {
    size: fstatSync(fd).size,
    isFile: fstatSync(fd).isFile(),
    read(start: number, length: number): Uint8Array {
      const bytes = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const n = readSync(fd, bytes, filled, length - filled, start + filled);
        if (n === 0) break;
        filled += n;
      }
      return filled === length ? bytes : bytes.subarray(0, filled);
    },
    close: () => closeSync(fd),
  };
}

/** CRC-32 of the output that `chunks` and the input's range make, read block by block. */
export function spliceCrc(
  chunks: readonly Uint8Array[],
  splice: Splice,
  read: (start: number, length: number) => Uint8Array,
): number {
  const [before, after] = splitChunksAt(chunks, splice.at);
  let crc = 0;
  for (const chunk of before) crc = crc32(chunk, crc);
  for (let pos = splice.start; pos < splice.end;) {
    const block = read(pos, Math.min(BLOCK, splice.end - pos));
    if (block.length === 0) throw new Error('the input became shorter while it was read');
    crc = crc32(block, crc);
    pos += block.length;
  }
  for (const chunk of after) crc = crc32(chunk, crc);
  return crc;
}
