/* eslint-disable no-restricted-imports -- a Node measurement worker. */
/**
 * One worker_thread with one reader, for measure-workers.ts: starts the reader, reads the
 * frames it is sent, and reports its time; the parent measures the process's memory.
 */
import { parentPort } from 'node:worker_threads';
import { nodeOcrAssets } from '../nodeAssets';
import { createTesseractReader } from '../tesseractReader';
import type { GreyImage8 } from '../types';

const t = performance.now();
const reader = await createTesseractReader({ assets: nodeOcrAssets() });
parentPort!.postMessage({ started: performance.now() - t });
parentPort!.on('message', async (frames: GreyImage8[] | 'close') => {
  if (frames === 'close') {
    reader.close();
    parentPort!.close();
    return;
  }
  const s = performance.now();
  for (const frame of frames) await reader.read(frame);
  parentPort!.postMessage({ ms: (performance.now() - s) / frames.length });
});
