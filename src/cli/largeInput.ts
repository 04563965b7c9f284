/**
 * Large inputs in a worker: read around the image data (core/deid/bulkData.ts) instead of
 * whole, so that a multi-gigabyte file costs its header's memory, not its size. The image's
 * bytes are copied later by the sink, straight from the input (inputSplice.ts).
 */
import type { DeidContext, Deidentifier, ProfileSpec } from '../core/deid/api';
import { deidentifyAroundBulk } from '../core/deid/bulkData';
import { packOutcome, withSplice, type DeidResult } from '../core/deid/workerResult';
import type { InputPath } from './inputPath';
import { openRangeReader, spliceCrc } from './inputSplice';
import type { TaskReply } from './poolWorker';

/** Inputs above this are read around their image data. */
export const STREAM_ABOVE_BYTES = 64 * 1024 * 1024;

export interface LargeInputOptions {
  readonly spec: ProfileSpec;
  readonly streamAboveBytes: number;
  readonly wantMapping: boolean;
  /** Zip entries need the output's CRC before it is written. */
  readonly wantCrc: boolean;
}

/**
 * The reply for a large input, or undefined when the file is to be read whole (it is small,
 * has no image data, is deflated, or cannot even be opened: readInput says why).
 */
export async function deidentifyLargeInput(
  file: InputPath,
  deidentifier: Deidentifier,
  context: DeidContext,
  options: LargeInputOptions,
): Promise<TaskReply<DeidResult> | undefined> {
  let reader: ReturnType<typeof openRangeReader>;
  try {
    reader = openRangeReader(file);
  } catch {
    return undefined;
  }
  try {
    if (!reader.isFile || reader.size <= options.streamAboveBytes) return undefined;
    const around = await deidentifyAroundBulk(
      deidentifier,
      options.spec,
      async (start, length) => reader.read(start, length),
      reader.size,
      context,
    );
    if (around.kind === 'read-whole') return undefined;
    const packed = packOutcome(around.outcome, new Uint8Array(0), options.wantMapping);
    if (packed.result.status !== 'written' || !around.splice) return packed;
    const splice = around.splice;
    const crc32 = options.wantCrc
      ? spliceCrc(packed.result.chunks, splice, reader.read)
      : undefined;
    return withSplice(packed, splice, reader.size, crc32);
  } finally {
    reader.close();
  }
}

/** Test runs lower the threshold (NODE_ENV=test only), so that small files take this path. */
export function streamAboveFromEnv(env: NodeJS.ProcessEnv): number {
  const value = Number(env.DICOMANON_TEST_STREAM_ABOVE);
  return env.NODE_ENV === 'test' && Number.isInteger(value) && value >= 0
    ? value
    : STREAM_ABOVE_BYTES;
}
