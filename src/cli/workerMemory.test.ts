import { describe, expect, it } from 'vitest';
import {
  MAX_WORKER_HEAP_MB,
  MIN_WORKER_HEAP_MB,
  explainOutOfMemory,
  workerHeapLimitMb,
} from './workerMemory';

const GB = 2 ** 30;

describe('workerHeapLimitMb', () => {
  it('shares half the memory between the workers, within the floor and the cap', () => {
    expect(workerHeapLimitMb(1, {}, 4 * GB)).toBe(2048);
    expect(workerHeapLimitMb(2, {}, 8 * GB)).toBe(2048);
    expect(workerHeapLimitMb(16, {}, 8 * GB)).toBe(MIN_WORKER_HEAP_MB);
    expect(workerHeapLimitMb(1, {}, 64 * GB)).toBe(MAX_WORKER_HEAP_MB);
    expect(workerHeapLimitMb(0, {}, 4 * GB)).toBe(2048);
  });

  it('takes a test limit only from a test environment', () => {
    const env = { DICOMANON_TEST_WORKER_HEAP_MB: '64' };
    expect(workerHeapLimitMb(1, { ...env, NODE_ENV: 'test' }, 4 * GB)).toBe(64);
    expect(workerHeapLimitMb(1, env, 4 * GB)).toBe(2048);
    expect(workerHeapLimitMb(1, { ...env, NODE_ENV: 'production' }, 4 * GB)).toBe(2048);
    const tiny = { DICOMANON_TEST_WORKER_HEAP_MB: '1', NODE_ENV: 'test' };
    expect(workerHeapLimitMb(1, tiny, 4 * GB)).toBe(2048);
  });
});

describe('explainOutOfMemory', () => {
  // V8's own message, from an allocation that really fails: no machine maps 1 PiB.
  let message = '';
  try {
    message = `${new ArrayBuffer(2 ** 50).byteLength}`;
  } catch (error) {
    message = `${(error as Error).name}: ${(error as Error).message}`;
  }

  it('says plainly that a buffer could not be allocated, whichever code path reported it', () => {
    expect(message).toBe('RangeError: Array buffer allocation failed');
    const plain =
      'ran out of memory while being processed (a buffer of the size it needed could not be allocated)';
    expect(explainOutOfMemory(message)).toBe(plain);
    expect(explainOutOfMemory(`internal error (${message})`)).toBe(plain); // the engine's catch
    expect(explainOutOfMemory('cannot be read: Array buffer allocation failed')).toBe(plain);
    expect(explainOutOfMemory(`the worker crashed (exit code 1): ${message}`)).toBe(plain);
  });

  it('leaves every other reason alone', () => {
    for (const reason of ['not DICOM: no preamble', 'took longer than 1.5 s and was stopped']) {
      expect(explainOutOfMemory(reason)).toBe(reason);
    }
  });
});
