/**
 * Large files in a worker: read around the image data (core/deid/bulkData.ts) instead of
 * whole, so that a multi-gigabyte file costs the memory of its header, not its size, and files
 * beyond what one ArrayBuffer can hold (2 GiB) are no longer refused. The image's bytes never
 * come to the worker (except to be summed for a zip entry's CRC, block by block): the page
 * saves them as a slice of the input File (saver.ts). The same as the CLI's largeInput.ts.
 */
import type { DeidContext, Deidentifier, ProfileSpec } from '../core/deid/api';
import { deidentifyAroundBulk, type Splice } from '../core/deid/bulkData';
import { packOutcome, withSplice } from '../core/deid/workerResult';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { crc32 } from '../core/zip/crc32';
import { blobBlocks } from './blobBlocks';
import type { TestHooks } from './protocol';
import { withRemedyDetails, type RunResult } from './runResult';

/** Files above this are read around their image data. */
export const STREAM_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * What a file read around its image data holds in the page while it runs, for the run's memory
 * budget: its header and what follows the image, rarely more than a few MiB (enhanced
 * multi-frame headers run to tens). A deflated or header-only file this large is read whole
 * after all and holds more: rare enough not to hold every other file back for.
 */
export const STREAMED_FILE_COST = 32 * 1024 * 1024;

export function streamAboveBytes(hooks: TestHooks): number {
  const value = hooks.streamAboveBytes;
  return value !== undefined && Number.isSafeInteger(value) && value >= 0
    ? value
    : STREAM_ABOVE_BYTES;
}

/** The bytes a file holds while a worker has it (runFiles.ts's budget). */
export function heldWhileRunning(size: number, hooks: TestHooks): number {
  return size > streamAboveBytes(hooks) ? Math.min(size, STREAMED_FILE_COST) : size;
}

/** Reading the File failed (moved, changed, unreadable): the file fails with `cause`. */
export class ReadFailed extends Error {
  override readonly name = 'ReadFailed';
}

export interface LargeFileOptions {
  readonly spec: ProfileSpec;
  readonly wantMapping: boolean;
  readonly wantCrc: boolean;
}

/**
 * The reply for a large file, or undefined when it is to be read whole (no image data, or
 * deflated). Throws ReadFailed when the File cannot be read.
 */
export async function deidentifyLargeFile(
  file: Blob,
  deidentifier: Deidentifier,
  context: DeidContext,
  options: LargeFileOptions,
): Promise<{ result: RunResult; transfer: ArrayBuffer[] } | undefined> {
  const read = async (start: number, length: number): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await file.slice(start, start + length).arrayBuffer());
    } catch (error) {
      throw new ReadFailed('the file cannot be read', { cause: error });
    }
  };
  const around = await deidentifyAroundBulk(deidentifier, options.spec, read, file.size, context);
  if (around.kind === 'read-whole') return undefined;
  const packed = packOutcome(around.outcome, new Uint8Array(0), options.wantMapping);
  if (packed.result.status !== 'written' || !around.splice)
    return withRemedyDetails(packed, around.outcome);
  const splice = around.splice;
  const crc = options.wantCrc ? await spliceCrc(packed.result.chunks, splice, file) : undefined;
  return withRemedyDetails(withSplice(packed, splice, file.size, crc), around.outcome);
}

/** CRC-32 of the output: `chunks` with the file's bytes [start, end) at `at`, streamed. */
async function spliceCrc(chunks: readonly Uint8Array[], splice: Splice, file: Blob) {
  const [before, after] = splitChunksAt(chunks, splice.at);
  let crc = 0;
  for (const chunk of before) crc = crc32(chunk, crc);
  try {
    for await (const block of blobBlocks(file.slice(splice.start, splice.end))) {
      crc = crc32(block, crc);
    }
  } catch (error) {
    throw new ReadFailed('the file cannot be read', { cause: error });
  }
  for (const chunk of after) crc = crc32(chunk, crc);
  return crc;
}
