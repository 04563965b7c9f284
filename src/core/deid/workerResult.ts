/**
 * What a de-identification worker sends back for one file, in the CLI (worker_threads) and in
 * the browser (Web Workers) alike: the outcome with its change log reduced to counts, and the
 * output bytes arranged so that they can be moved to the main thread instead of copied.
 */
import { countActions, type ActionCounts } from '../report/report';
import type { FileOutcome, IdentifierMapping, LeftoverCounts } from './api';
import type { Splice } from './bulkData';
import type { PixelCleanReport } from '../pixels/clean/cleanPixels';

export type DeidResult =
  | {
      readonly status: 'written';
      readonly chunks: Uint8Array[];
      readonly outputPath: string;
      readonly actions: ActionCounts;
      readonly warnings: number;
      /** Only when the user asked for mapping tables. */
      readonly mapping: IdentifierMapping | undefined;
      /** Why the image may show burned-in text; absent when nothing suggests it. */
      readonly burnedIn?: readonly string[];
      /** What the leftover check fixed or accepted; absent when nothing. */
      readonly leftovers?: LeftoverCounts;
      /** What Clean Pixel Data did; absent when it was off or the file has no image. */
      readonly pixels?: PixelCleanReport;
      /** A large input's image data, to copy from the input into the output (CLI and page). */
      readonly splice?: SpliceFromWorker;
    }
  | { readonly status: 'skipped' | 'failed' | 'quarantined'; readonly reason: string };

/** Where the input's image bytes go in the output (bulkData.ts), as a worker found them. */
export interface SpliceFromWorker extends Splice {
  /** The input's size when its header was read: a changed input is not copied from. */
  readonly sourceSize: number;
  /** CRC-32 of the whole output, for a zip entry (computed by the worker when asked). */
  readonly crc32?: number;
}

export interface PackedResult {
  readonly result: DeidResult;
  /** Buffers to move with the message (postMessage's transfer list). */
  readonly transfer: ArrayBuffer[];
}

/**
 * `input` is the buffer the outcome was made from; the worker gives it up. `isOutputBuffer`
 * says which buffers DeidContext.allocateOutput handed out: the output may fill only the start
 * of one, which is then moved all the same.
 */
export function packOutcome(
  outcome: FileOutcome,
  input: Uint8Array,
  wantMapping: boolean,
  isOutputBuffer?: (buffer: ArrayBuffer) => boolean,
): PackedResult {
  if (outcome.status !== 'written') {
    // The findings stay behind: the reason already says where and what kind, and no more.
    return { result: { status: outcome.status, reason: outcome.reason }, transfer: [] };
  }
  const { chunks, transfer } =
    wholeBuffer(outcome.chunks, isOutputBuffer) ?? movable(outcome.chunks, input.buffer);
  return {
    result: {
      status: 'written',
      chunks,
      outputPath: outcome.outputPath,
      actions: countActions(outcome.changes),
      warnings: outcome.warnings.length,
      mapping: wantMapping ? outcome.mapping : undefined,
      ...(outcome.burnedIn?.length ? { burnedIn: outcome.burnedIn } : {}),
      ...(outcome.leftovers ? { leftovers: outcome.leftovers } : {}),
      ...(outcome.pixels ? { pixels: outcome.pixels } : {}),
    },
    transfer,
  };
}

/**
 * A large input's packed result with where the input's image bytes go into its output
 * (bulkData.ts); `crc32` is the whole output's, when a zip entry needs it.
 */
export function withSplice(
  packed: PackedResult,
  splice: Splice,
  sourceSize: number,
  crc32: number | undefined,
): PackedResult {
  if (packed.result.status !== 'written') return packed;
  return {
    result: {
      ...packed.result,
      splice: { ...splice, sourceSize, ...(crc32 === undefined ? {} : { crc32 }) },
    },
    transfer: packed.transfer,
  };
}

/**
 * The engine's usual output: one buffer that writeDicom made for it, moved as it is. A buffer
 * from DeidContext.allocateOutput may be longer than the output (it is recycled): the rest
 * holds an earlier output of the same run, which the main thread had already.
 */
function wholeBuffer(
  chunks: readonly Uint8Array[],
  isOutputBuffer: ((buffer: ArrayBuffer) => boolean) | undefined,
): { chunks: Uint8Array[]; transfer: ArrayBuffer[] } | undefined {
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  if (!only || !(only.buffer instanceof ArrayBuffer) || only.byteOffset !== 0) return undefined;
  const whole = only.byteLength === only.buffer.byteLength;
  if (!whole && !isOutputBuffer?.(only.buffer)) return undefined;
  return { chunks: [only], transfer: [only.buffer] };
}

/** Untouched input ranges at least this big travel as views; smaller ones are copied. */
const MIN_VIEW_BYTES = 64 * 1024;

/**
 * Output chunks that can be moved to the main thread, and few of them: the writer yields one
 * chunk per element or so (dozens per file), and each costs the main thread when it writes.
 * Large untouched ranges of the input (pixel data) stay views and travel with the input's
 * buffer, which the worker owns and no longer needs. Everything else is copied, in order, into
 * one new buffer, so that neighbouring pieces merge into one chunk; copying also matters
 * because such memory may belong to the Deidentifier (a value it reuses across files), and
 * moving that would detach it in the worker.
 */
function movable(
  chunks: readonly Uint8Array[],
  input: ArrayBufferLike,
): { chunks: Uint8Array[]; transfer: ArrayBuffer[] } {
  const isView = (chunk: Uint8Array) =>
    chunk.buffer === input && chunk.byteLength >= MIN_VIEW_BYTES;
  let copiedBytes = 0;
  for (const chunk of chunks) if (!isView(chunk)) copiedBytes += chunk.byteLength;
  const owned = new Uint8Array(copiedBytes);
  const result: Uint8Array[] = [];
  let offset = 0;
  let runStart = 0;
  for (const chunk of chunks) {
    if (isView(chunk)) {
      if (offset > runStart) result.push(owned.subarray(runStart, offset));
      result.push(chunk);
      runStart = offset;
    } else {
      owned.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  if (offset > runStart) result.push(owned.subarray(runStart, offset));
  const transfer: ArrayBuffer[] = [owned.buffer];
  if (input instanceof ArrayBuffer && result.some((chunk) => chunk.buffer === input)) {
    transfer.push(input);
  }
  return { chunks: result, transfer };
}
