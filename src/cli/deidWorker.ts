/**
 * Worker thread entry (built as dist-cli/deid-worker.mjs): one Deidentifier per worker, fed
 * file paths by the pool. The worker reads each file itself, so input bytes never cross threads;
 * outputs are moved (transferred), not copied, to the main thread, which writes them.
 */
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import { createDeidentifier } from '../core/deid/deidentifier';
import { packOutcome } from '../core/deid/workerResult';
import type { DeidResult, DeidTask, DeidWorkerData } from './deidProtocol';
import { nodeKeyedHash } from '../node/nodeKeyedHash';
import { nodePixelTools } from './nodePixelTools';
import { serveTasks } from './poolWorker';
import { deidentifyLargeInput } from './largeInput';
import { allocateOutput, isOutputBuffer, receiveSpare } from './outputBuffers';
import { LARGER, ReadBuffer, readInput } from './readInput';
import { applyTestHooks } from './testHooks';

const data = workerData as DeidWorkerData;
const deidentifier = createDeidentifier(
  data.spec,
  nodeKeyedHash(data.key),
  data.spec.pixels?.clean ? await nodePixelTools() : undefined,
);
// Clean Pixel Data needs the image: a large file is then read whole, not around its image data.
const largerThan = data.spec.pixels?.clean ? undefined : data.streamAboveBytes;
// Inputs up to 16 MiB (slices, small studies) share one buffer (readInput.ts); bigger ones are
// rare enough to get their own, which is freed after them instead of staying for the run.
const reads = new ReadBuffer(16 * 1024 * 1024);

serveTasks<DeidTask, DeidResult>(async ({ path: file, studyValues = [] }) => {
  applyTestHooks(data.testHooks, path.basename(file));
  let bytes = readInput(file, { largerThan, into: reads });
  if (bytes === LARGER) {
    const large = await deidentifyLargeInput(file, deidentifier, { studyValues }, data);
    if (large) return large;
    bytes = readInput(file);
  }
  if (typeof bytes === 'string') return { result: { status: 'failed', reason: bytes } };
  const outcome = await deidentifier.deidentify(bytes, { studyValues, allocateOutput });
  return packOutcome(outcome, bytes, data.wantMapping, isOutputBuffer);
}, receiveSpare);
