/**
 * Memory limits of the worker threads, and the reason a file gets when it runs out of memory.
 *
 * Each worker gets a JavaScript heap limit (resourceLimits.maxOldGenerationSizeMb) so that a
 * file that makes the engine build an enormous tree kills only its worker (Node reports
 * ERR_WORKER_OUT_OF_MEMORY), not the whole run, and so that all workers together stay within
 * the machine's memory rather than pushing it into swap or the kernel's OOM killer. File
 * bytes, outputs and decoded pixels are ArrayBuffers, which live outside that heap: the limit
 * only has to hold the parsed data set and the engine's bookkeeping, hence half the memory
 * shared between the workers, with the rest left for buffers, the main thread and the system.
 */
import { totalmem } from 'node:os';
import { OUT_OF_MEMORY } from '../core/report/memoryReason';

export { OUT_OF_MEMORY, explainOutOfMemory } from '../core/report/memoryReason';
import { testWorkerHeapMbFromEnv } from './testHooks';

/**
 * The least any worker gets, whatever the machine and the number of jobs. Every file of the
 * shared corpus (1,142, enhanced multi-frame MR and CT among them) went through with a 32 MB
 * limit: this leaves thirty times that for larger real headers.
 */
export const MIN_WORKER_HEAP_MB = 1024;
/** V8's own default on a 64-bit machine with plenty of memory: more buys nothing. */
export const MAX_WORKER_HEAP_MB = 4096;

/** The heap limit of each of `workers` worker threads, in MB. */
export function workerHeapLimitMb(
  workers: number,
  env: NodeJS.ProcessEnv = process.env,
  memoryBytes: number = totalmem(),
): number {
  const forTest = testWorkerHeapMbFromEnv(env);
  if (forTest !== undefined) return forTest;
  const share = memoryBytes / 2 ** 20 / 2 / Math.max(1, workers);
  return Math.round(Math.min(MAX_WORKER_HEAP_MB, Math.max(MIN_WORKER_HEAP_MB, share)));
}

/** Why a worker that went over its heap limit failed the file it was running. */
export function heapLimitReason(limitMb: number): string {
  return `${OUT_OF_MEMORY} (over the ${limitMb} MB of JavaScript heap a worker thread may use)`;
}

/** True for the error a worker thread dies of when it goes over its heap limit. */
export function isHeapLimitError(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
