/**
 * Worker thread entry (built as dist-cli/deid-worker.mjs): one Deidentifier per worker, fed
 * file paths by the pool. The worker reads each file itself (paths cross threads, not files);
 * outputs are moved (transferred), not copied, to the main thread, which writes them, with the
 * memory of the input where the output's image data lies in it.
 */
import { workerData } from 'node:worker_threads';
import type { Deidentifier } from '../core/deid/api';
import { createDeidentifier } from '../core/deid/deidentifier';
import { packOutcome } from '../core/deid/workerResult';
import type { DeidResult, DeidSetup, DeidTask, DeidWorkerData } from './deidProtocol';
import { nodeKeyedHash } from '../node/nodeKeyedHash';
import { nodePixelTools } from './nodePixelTools';
import { serveTasks } from './poolWorker';
import { deidentifyLargeInput } from './largeInput';
import { allocateOutput, isOutputBuffer, receiveSpare, takeSpare } from './outputBuffers';
import { lossyBaseName } from './inputPath';
import { LARGER, ReadBuffer, readInput } from './readInput';
import { applyTestHooks } from './testHooks';

const data = workerData as DeidWorkerData;
const pixelTools = data.spec.pixels?.clean ? await nodePixelTools() : undefined;
// Made when the key comes (the pool's setup, before any task): the worker starts up meanwhile.
let deidentifier: Deidentifier | undefined;
const setUp = (setup: unknown): void => {
  const { key } = setup as DeidSetup;
  deidentifier = createDeidentifier(data.spec, nodeKeyedHash(key), pixelTools);
};
// Clean Pixel Data needs the image: a large file is then read whole, not around its image data.
const largerThan = data.spec.pixels?.clean ? undefined : data.streamAboveBytes;
// Inputs up to 16 MiB (slices, small studies) share one buffer (readInput.ts); bigger ones are
// rare enough to get their own, which is freed after them instead of staying for the run.
const reads = new ReadBuffer(16 * 1024 * 1024, takeSpare);

serveTasks<DeidTask, DeidResult>(
  async ({ path: file, studyValues = [] }) => {
    if (!deidentifier) throw new Error('no key was set up before the first file');
    applyTestHooks(data.testHooks, lossyBaseName(file));
    let bytes = readInput(file, { largerThan, into: reads });
    if (bytes === LARGER) {
      const large = await deidentifyLargeInput(file, deidentifier, { studyValues }, data);
      if (large) return large;
      bytes = readInput(file);
    }
    if (typeof bytes === 'string') return { result: { status: 'failed', reason: bytes } };
    // The bytes are this file's alone until its result is posted: the output's image data stays
    // in them (no copy; cleaned where it lies) and moves to the main thread with them.
    const outcome = await deidentifier.deidentify(bytes, {
      studyValues,
      allocateOutput,
      consumeInput: true,
    });
    return packOutcome(outcome, bytes, data.wantMapping, isOutputBuffer);
  },
  receiveSpare,
  setUp,
);
