import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers the first value at once, then the latest value once per interval', () => {
    const seen: number[] = [];
    const t = throttle((n: number) => seen.push(n), 100);
    t.push(1);
    t.push(2);
    t.push(3);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 3]);
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1, 3]);
    t.push(4);
    expect(seen).toEqual([1, 3, 4]);
  });

  it('delivers nothing more after cancel', () => {
    const seen: number[] = [];
    const t = throttle((n: number) => seen.push(n), 100);
    t.push(1);
    t.push(2);
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1]);
  });
});
