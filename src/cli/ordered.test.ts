import { describe, expect, it } from 'vitest';
import { processInOrder } from './ordered';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('processInOrder', () => {
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
