/**
 * Starts one de-identification worker. Vite builds deidWorker.ts as a classic (iife) script and
 * inlines it as a string; the constructor makes a blob: URL of it. That is what works both in
 * the single-file page opened from file:// (module workers from blob: URLs fail silently there,
 * ../shared/DESIGN.md) and when served, under the page's policy (worker-src blob:).
 * The only module that imports the worker: unit tests, which run in Node, never load it.
 */
import DeidWorker from './deidWorker.ts?worker&inline';
import NiftiWorker from './niftiWorker.ts?worker&inline';
import type { WorkerLike } from './pool';

export function spawnDeidWorker(): WorkerLike {
  return new DeidWorker({ name: 'dicomanon' }) as WorkerLike;
}

/** Starts one NIfTI worker (niftiWorker.ts, with dcm2niix), built and inlined the same way. */
export function spawnNiftiWorker(): WorkerLike {
  return new NiftiWorker({ name: 'dicomanon-nifti' }) as WorkerLike;
}
