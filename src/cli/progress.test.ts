import { describe, expect, it } from 'vitest';
import { Progress, formatDuration } from './progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('Progress', () => {
  it('rewrites one line on a terminal and ends it when done', () => {
    const tty = stream(true);
    const progress = new Progress(tty, 2, 2_000_000);
    progress.advance(1_000_000);
    progress.advance(1_000_000);
    progress.done();
    const line = tty.writes.at(-2)!;
    expect(line.startsWith('\r\u001b[2K')).toBe(true);
    expect(line.slice(5)).toMatch(/^2\/2 files, 2\.0\/2\.0 MB, [\d.]+ MB\/s$/);
    expect(tty.writes.at(-1)).toBe('\n');
  });

  it('counts the frames Clean Pixel Data searched and cleaned', () => {
    const tty = stream(true);
    const progress = new Progress(tty, 3, 3_000);
    progress.advance(1_000, { searched: 16, cleaned: 120 });
    progress.advance(1_000);
    progress.advance(1_000, { searched: 1, cleaned: 0 });
    expect(tty.writes.at(-1)).toMatch(/, 17 frames searched for text, 120 cleaned/);
  });

  it('writes nothing for a short run to a log (the summary follows anyway)', () => {
    const log = stream(false);
    const progress = new Progress(log, 3, 30);
    for (let i = 0; i < 3; i++) progress.advance(10);
    progress.done();
    expect(log.writes).toEqual([]);
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(5.2)).toBe('0:06');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3 * 3600 + 61)).toBe('3:01:01');
  });
});
