import { describe, expect, it } from 'vitest';
import {
  CLEANING_FILE_FACTOR,
  CLEANING_WORKER_BYTES,
  PAGE_BYTES,
  TAB_BUDGET_BYTES,
  maxCleaningWorkers,
  runWorkers,
} from './cleaningBudget';

const MB = 1e6;

describe('workers of a run with Clean Pixel Data', () => {
  it('keeps two for slices and goes down to one for large files', () => {
    // A 1 GB study of 512 x 512 CT slices (0.5 MB each): two workers, as measured (500 MB).
    expect(runWorkers(2, true, 0.53 * MB)).toBe(2);
    expect(runWorkers(12, true, 0.53 * MB)).toBe(2);
    // 105 MB multi-frame files: two workers took the tab to 1111 MB, one to 743 MB.
    expect(runWorkers(2, true, 105 * MB)).toBe(1);
    expect(runWorkers(2, true, 2000 * MB)).toBe(1);
    // A machine with one core keeps its one worker.
    expect(runWorkers(1, true, 0.53 * MB)).toBe(1);
  });

  it('plans each worker with its largest file within the tab budget', () => {
    for (const size of [0, 1, 10, 20, 30, 60, 105, 210].map((n) => n * MB)) {
      const workers = maxCleaningWorkers(size);
      const planned = PAGE_BYTES + workers * (CLEANING_WORKER_BYTES + CLEANING_FILE_FACTOR * size);
      if (workers > 1) expect(planned).toBeLessThanOrEqual(TAB_BUDGET_BYTES);
      // One more would not fit.
      expect(
        PAGE_BYTES + (workers + 1) * (CLEANING_WORKER_BYTES + CLEANING_FILE_FACTOR * size),
      ).toBeGreaterThan(TAB_BUDGET_BYTES);
    }
  });

  it('leaves runs without cleaning alone', () => {
    expect(runWorkers(6, false, 500 * MB)).toBe(6);
  });
});
