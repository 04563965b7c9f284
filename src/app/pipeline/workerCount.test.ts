import { describe, expect, it } from 'vitest';
import { defaultWorkerCount } from './workerCount';

describe('defaultWorkerCount', () => {
  it('uses both processors of a two-core machine, and one fewer than the processors beyond', () => {
    expect([1, 2, 3, 4, 8].map((cores) => defaultWorkerCount(cores))).toEqual([1, 2, 2, 3, 7]);
  });

  it('stops at a dozen, and takes one where the browser says nothing sensible', () => {
    expect(defaultWorkerCount(64)).toBe(12);
    expect(defaultWorkerCount(0)).toBe(1);
    expect(defaultWorkerCount(Number.NaN)).toBe(1);
  });
});
