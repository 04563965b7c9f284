import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progress';

function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('run progress', () => {
  it('counts files and bytes and knows no time left at first', () => {
    const c = clock();
    const progress = new ProgressTracker(10, 1000, c.now);
    c.advance(500);
    progress.advance(100);
    expect(progress.snapshot()).toMatchObject({
      filesDone: 1,
      filesTotal: 10,
      bytesDone: 100,
      bytesTotal: 1000,
      secondsLeft: undefined,
    });
  });

  it('estimates throughput and time left from the recent pace', () => {
    const c = clock();
    const progress = new ProgressTracker(100, 100_000_000, c.now);
    for (let i = 0; i < 10; i++) {
      c.advance(1000);
      progress.advance(1_000_000); // 1 MB/s
    }
    for (let i = 0; i < 10; i++) {
      c.advance(1000);
      progress.advance(4_000_000); // then 4 MB/s
    }
    const snapshot = progress.snapshot();
    expect(snapshot.throughput).toBeCloseTo(4_000_000, -3);
    expect(snapshot.secondsLeft).toBeCloseTo(50_000_000 / 4_000_000, 1);
  });

  it('lets the pace fall while nothing finishes', () => {
    const c = clock();
    const progress = new ProgressTracker(3, 300, c.now);
    c.advance(1000);
    progress.advance(100);
    c.advance(1000);
    progress.advance(100);
    const before = progress.snapshot().throughput;
    c.advance(20_000);
    expect(progress.snapshot().throughput).toBeLessThan(before / 5);
  });

  it('says zero seconds left when everything is done', () => {
    const c = clock();
    const progress = new ProgressTracker(1, 10, c.now);
    c.advance(10);
    progress.advance(10);
    expect(progress.snapshot().secondsLeft).toBe(0);
  });
});
