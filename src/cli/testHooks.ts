/**
 * Test hooks, honoured only when NODE_ENV is "test" (Vitest sets it) so that no environment
 * variable left in a user's shell can change what a real run does:
 * - DICOMANON_TEST_CRASH_ON=<text>: a worker exits (code 70) on a file whose name contains text;
 * - DICOMANON_TEST_HANG_ON=<text>: a worker spins forever on such a file (the timeout must stop it);
 * - DICOMANON_TEST_OOM_ON=<text>: a worker allocates objects without bound on such a file, until
 *   it really runs out of JavaScript heap (the worker's heap limit must stop it);
 * - DICOMANON_TEST_BUFFER_FAIL_ON=<text>: a worker asks for a 1 PiB ArrayBuffer on such a file,
 *   which no allocator can give (a real "Array buffer allocation failed");
 * - DICOMANON_TEST_WORKER_HEAP_MB=<n>: the workers' heap limit in MB (at least 16), so that the
 *   OOM hook hits it within a second instead of filling gigabytes;
 * - DICOMANON_TEST_OUTPUT_LIMIT_BYTES=<n>: outputs (files, zip, reports) fail with ENOSPC once
 *   n bytes were written, for a full-disk test where no small file system can be mounted.
 */
import type { TestHooks } from './deidProtocol';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function testHooksFromEnv(env: NodeJS.ProcessEnv): TestHooks {
  if (env.NODE_ENV !== 'test') return {};
  const hooks: Writable<TestHooks> = {};
  if (env.DICOMANON_TEST_CRASH_ON) hooks.crashOn = env.DICOMANON_TEST_CRASH_ON;
  if (env.DICOMANON_TEST_HANG_ON) hooks.hangOn = env.DICOMANON_TEST_HANG_ON;
  if (env.DICOMANON_TEST_OOM_ON) hooks.oomOn = env.DICOMANON_TEST_OOM_ON;
  if (env.DICOMANON_TEST_BUFFER_FAIL_ON) hooks.bufferFailOn = env.DICOMANON_TEST_BUFFER_FAIL_ON;
  return hooks;
}

/** The workers' heap limit a test asks for, if any (read by workerMemory.ts). */
export function testWorkerHeapMbFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  if (env.NODE_ENV !== 'test' || !env.DICOMANON_TEST_WORKER_HEAP_MB) return undefined;
  const mb = Number(env.DICOMANON_TEST_WORKER_HEAP_MB);
  return Number.isInteger(mb) && mb >= 16 ? mb : undefined;
}

/** When a run with the default workers checks whether it is long (dicomRun.ts's GROW_AFTER_MS). */
export function testGrowAfterMsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  if (env.NODE_ENV !== 'test' || !env.DICOMANON_TEST_GROW_AFTER_MS) return undefined;
  const ms = Number(env.DICOMANON_TEST_GROW_AFTER_MS);
  return Number.isInteger(ms) && ms >= 0 ? ms : undefined;
}

/** The output size after which writes fail as on a full disk (read by outputSink.ts). */
export function testOutputLimitFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  if (env.NODE_ENV !== 'test' || !env.DICOMANON_TEST_OUTPUT_LIMIT_BYTES) return undefined;
  const bytes = Number(env.DICOMANON_TEST_OUTPUT_LIMIT_BYTES);
  return Number.isInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

export function applyTestHooks(hooks: TestHooks, fileName: string): void {
  if (hooks.crashOn && fileName.includes(hooks.crashOn)) process.exit(70);
  if (hooks.hangOn && fileName.includes(hooks.hangOn)) {
    // A busy loop, not a pending promise: the timeout must stop a worker that never yields.
    for (let spin = 0; spin >= 0; spin = (spin + 1) % 1e9);
  }
  if (hooks.oomOn && fileName.includes(hooks.oomOn)) {
    // Small live objects in a chain, not one huge array: like a runaway data set tree, the heap
    // fills through ordinary allocations and garbage collection cannot free any of it.
    let chain: { next: unknown; values: number[] } | undefined;
    for (let i = 0; ; i++) chain = { next: chain, values: [i, i + 1, i + 2] };
  }
  if (hooks.bufferFailOn && fileName.includes(hooks.bufferFailOn)) {
    // Larger than any machine can map, but within what V8 accepts, so the allocator is asked.
    // The result is used so that the bundler cannot drop the allocation as free of effects.
    const buffer = new ArrayBuffer(2 ** 50);
    throw new Error(`a ${buffer.byteLength}-byte buffer was allocated after all`);
  }
}

/**
 * DICOMANON_TEST_KILL_AT=<point>: the run kills itself (SIGKILL, as a power cut or the OOM
 * killer would) at that point of finishing: `zip-finished` (the zip renamed to its final
 * name), `reports-written` (the output directory's reports), `mapping-written`. No timing can
 * catch these moments from outside; the resume after each must still end as an uninterrupted run.
 */
export function testKillPoint(env: NodeJS.ProcessEnv, point: string): void {
  if (env.NODE_ENV === 'test' && env.DICOMANON_TEST_KILL_AT === point) {
    process.kill(process.pid, 'SIGKILL');
  }
}
