import { describe, expect, it } from 'vitest';
import { processInOrder } from './inOrder';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

describe('processInOrder: order, window and the waiting results', () => {
  it('commits in index order although tasks finish out of order', async () => {
    const committed: number[] = [];
    await processInOrder({
      count: 20,
      window: 8,
      budgetBytes: Infinity,
      start: async (i) => {
        await delay((20 - i) % 7);
        return i;
      },
      sizeOf: () => 0,
      commit: async (i, result) => {
        expect(result).toBe(i);
        committed.push(i);
      },
    });
    expect(committed).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('never has more than `window` tasks started and not committed', async () => {
    let open = 0;
    let most = 0;
    await processInOrder({
      count: 50,
      window: 4,
      budgetBytes: Infinity,
      start: async (i) => {
        most = Math.max(most, ++open);
        await delay(i % 3);
        return i;
      },
      sizeOf: () => 0,
      commit: async () => {
        open--;
      },
    });
    expect(most).toBeLessThanOrEqual(4);
  });

  it('starts nothing new while finished results waiting behind a slow one fill the budget', async () => {
    const started: number[] = [];
    const startedAtCommit: number[][] = [];
    await processInOrder({
      count: 8,
      window: 3,
      budgetBytes: 100,
      start: async (i) => {
        started.push(i);
        await delay(i === 1 ? 50 : 0);
        return i;
      },
      sizeOf: () => 60,
      commit: async () => {
        startedAtCommit.push([...started]);
      },
    });
    // While 1 was slow, 2 and 3 finished (120 bytes waiting): 4 may only start after 2 is out.
    expect(startedAtCommit[2]).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
