import { describe, expect, it } from 'vitest';
import { processInOrder } from './inOrder';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The CLI's src/cli/ordered.test.ts covers order, window and the waiting-results budget.
describe('processInOrder: running costs and cancelling', () => {
  it('counts the bytes of running tasks against the budget, but always runs the next one', async () => {
    let runningBytes = 0;
    let most = 0;
    const sizes = [300, 10, 10, 10, 500, 10, 10, 10];
    await processInOrder({
      count: sizes.length,
      window: 8,
      budgetBytes: 100,
      costOf: (i) => sizes[i]!,
      start: async (i) => {
        runningBytes += sizes[i]!;
        most = Math.max(most, runningBytes);
        await delay(2);
        runningBytes -= sizes[i]!;
        return i;
      },
      sizeOf: () => 0,
      commit: async () => {},
    });
    // 300 and 500 are over budget alone: they ran, but nothing ran beside them.
    expect(most).toBe(500);
  });

  it('stops within the current wait when aborted, and commits nothing after', async () => {
    const controller = new AbortController();
    const committed: number[] = [];
    const started: number[] = [];
    const run = processInOrder({
      count: 100,
      window: 4,
      budgetBytes: Infinity,
      start: async (i) => {
        started.push(i);
        await delay(i === 3 ? 10_000 : 1); // a file that would take long
        return i;
      },
      sizeOf: () => 0,
      commit: async (i) => {
        committed.push(i);
      },
      signal: controller.signal,
    });
    await delay(50);
    const before = Date.now();
    controller.abort(new Error('cancelled'));
    await expect(run).rejects.toThrow('cancelled');
    expect(Date.now() - before).toBeLessThan(100);
    expect(committed).toEqual([0, 1, 2]);
    expect(Math.max(...started)).toBeLessThan(7);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    let started = 0;
    await expect(
      processInOrder({
        count: 3,
        window: 2,
        budgetBytes: Infinity,
        start: async (i) => (started++, i),
        sizeOf: () => 0,
        commit: async () => {},
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled');
    expect(started).toBe(0);
  });
});
