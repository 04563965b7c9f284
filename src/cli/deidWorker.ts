/**
 * Worker thread entry (built as dist-cli/deid-worker.mjs): one Deidentifier per worker, fed
 * file paths by the pool. The worker reads each file itself, so input bytes never cross threads;
 * outputs are moved (transferred), not copied, to the main thread, which writes them.
 */
import path from 'node:path';
import { workerData, type TransferListItem } from 'node:worker_threads';
import { createDeidentifier } from '../core/deid/deidentifier';
import { countActions } from '../core/report/report';
import type { DeidResult, DeidTask, DeidWorkerData } from './deidProtocol';
import { nodeKeyedHash } from './nodeKeyedHash';
import { serveTasks, type TaskReply } from './poolWorker';
import { readInput } from './readInput';
import { applyTestHooks } from './testHooks';

const data = workerData as DeidWorkerData;
const deidentifier = createDeidentifier(data.spec, nodeKeyedHash(data.key));

serveTasks<DeidTask, DeidResult>(async ({ path: file }) => {
  applyTestHooks(data.testHooks, path.basename(file));
  const bytes = readInput(file);
  if (typeof bytes === 'string') return { result: { status: 'failed', reason: bytes } };
  const outcome = await deidentifier.deidentify(bytes);
  if (outcome.status !== 'written') return { result: outcome };
  const { chunks, transfer } = movable(outcome.chunks, bytes.buffer);
  return {
    result: {
      status: 'written',
      chunks,
      outputPath: outcome.outputPath,
      actions: countActions(outcome.changes),
      warnings: outcome.warnings.length,
      mapping: data.wantMapping ? outcome.mapping : undefined,
    },
    transfer,
  } satisfies TaskReply<DeidResult>;
});

/** Untouched input ranges at least this big travel as views; smaller ones are copied. */
const MIN_VIEW_BYTES = 64 * 1024;

/**
 * Output chunks that can be moved to the main thread, and few of them: the writer yields one
 * chunk per element or so (dozens per file), and each costs the main thread when it writes.
 * Large untouched ranges of the input (pixel data) stay views and travel with the input's
 * buffer, which this worker owns and no longer needs. Everything else is copied, in order, into
 * one new buffer, so that neighbouring pieces merge into one chunk; copying also matters
 * because such memory may belong to the Deidentifier (a value it reuses across files), and
 * moving that would detach it here.
 */
function movable(
  chunks: readonly Uint8Array[],
  input: ArrayBufferLike,
): { chunks: Uint8Array[]; transfer: TransferListItem[] } {
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
  const transfer: TransferListItem[] = [owned.buffer];
  if (input instanceof ArrayBuffer && result.some((chunk) => chunk.buffer === input)) {
    transfer.push(input);
  }
  return { chunks: result, transfer };
}
