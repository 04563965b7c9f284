/**
 * How the boxes found in each scanned frame become the regions blacked out: the frames scanned,
 * lines at the same place in most frames, boxes of different frames merged only when at the
 * same place, and boxes cut back to the text that stays in every frame of a cine. The end-to-end
 * measure (pixels changed far from text in generated cines) is in cleanPixels.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { framesToScan } from '../detect/framesToScan';
import { boxesForFrames, mergeSamePlace, StillView, trimToStill } from './cineBoxes';

const box = (x: number, y: number, w: number, h: number, score = 0.6) => ({ x, y, w, h, score });

describe('frames and boxes', () => {
  it('scans every frame of a short image, a spread of a long one', () => {
    expect(framesToScan(3)).toEqual([0, 1, 2]);
    const long = framesToScan(300);
    expect(long.length).toBe(16);
    expect(long[0]).toBe(0);
    expect(long.at(-1)).toBe(299);
  });

  it('merges boxes at the same place, however they chain, and not boxes that merely touch', () => {
    const merged = mergeSamePlace([
      box(0, 0, 100, 12, 1),
      box(2, 1, 100, 12, 0.7),
      box(4, 0, 100, 12, 0.9),
      // Shares two rows with the line above: another line.
      box(0, 10, 60, 12, 1),
      box(300, 300, 5, 5, 1),
    ]);
    expect(merged).toHaveLength(3);
    expect(merged).toContainEqual(box(0, 0, 104, 13, 1));
    expect(merged).toContainEqual(box(0, 10, 60, 12, 1));
  });
});

describe('boxes of a cine', () => {
  it('blacks out in every frame a line found at the same place in most frames', () => {
    const line = (dx: number) => box(10 + dx, 5, 100, 12, 1);
    const frames = [0, 10, 20, 30];
    const boxes = boxesForFrames([[line(0)], [line(1)], [line(-1)], []], frames);
    expect(boxes).toEqual([{ x: 9, y: 5, width: 102, height: 12 }]);
  });

  it('does not let speckle that wanders and touches itself frame to frame become a region', () => {
    // Each frame's speckle box overlaps the next one's a little, never covering half of it.
    const frames = [0, 1, 2, 3, 4, 5];
    const speckle = frames.map((i) => [box(100 + i * 8, 100 + i * 2, 20, 10)]);
    expect(boxesForFrames(speckle, frames)).toEqual([]);
  });

  it('keeps a confident line seen in one frame only for that frame', () => {
    const frames = [0, 4, 8];
    const boxes = boxesForFrames([[], [box(50, 60, 80, 14, 0.95)], []], frames);
    expect(boxes).toEqual([{ x: 50, y: 60, width: 80, height: 14, frames: [4] }]);
  });

  it('cuts a line joined to speckle in some frames back to the text in every frame', () => {
    const still = [box(10, 5, 100, 14, 1)];
    const frames = [0, 1, 2];
    // Frame 1 joined 60 pixels of speckle to the right end of the line.
    const perFrame = [[box(10, 5, 100, 14, 1)], [box(10, 5, 160, 16, 1)], [box(10, 5, 100, 14, 1)]];
    expect(boxesForFrames(perFrame, frames)).toEqual([{ x: 10, y: 5, width: 160, height: 16 }]);
    // The still line widened by its height: digits that change from frame to frame stay covered.
    expect(boxesForFrames(perFrame, frames, still)).toEqual([
      { x: 10, y: 5, width: 114, height: 16 },
    ]);
  });

  it('keeps whole a box that reaches no still text, and cuts one reaching two lines in two', () => {
    const still = [box(0, 0, 40, 10, 1), box(200, 0, 40, 10, 1)];
    expect(trimToStill(box(0, 100, 50, 10), still)).toEqual([box(0, 100, 50, 10)]);
    expect(trimToStill(box(0, 0, 240, 12, 0.9), still)).toEqual([
      box(0, 0, 50, 12, 0.9),
      box(190, 0, 50, 12, 0.9),
    ]);
  });
});

describe('text that stays in every frame', () => {
  /** A 160 × 40 frame: noise that moves, and "text" (three bright bars of a glyph) that stays. */
  function frame(seed: number): Uint8Array {
    const grey = new Uint8Array(160 * 40);
    let state = seed * 7919 + 1;
    for (let i = 0; i < grey.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      grey[i] = (state >>> 24) % 90;
    }
    // Glyph-like strokes: 2 px wide, 12 px tall, every 8 px, on rows 14..25.
    for (let g = 0; g < 8; g++)
      for (let y = 14; y < 26; y++)
        for (let x = 20 + g * 8; x < 22 + g * 8; x++) grey[y * 160 + x] = 250;
    return grey;
  }

  it('finds the still strokes once three frames are seen, not before', () => {
    const view = new StillView();
    view.add(frame(1));
    view.add(frame(2));
    expect(view.text(160, 40, false)).toEqual([]);
    view.add(frame(3));
    const found = view.text(160, 40, false);
    expect(found.length).toBeGreaterThan(0);
    for (const line of found) {
      expect(line.x).toBeGreaterThanOrEqual(16);
      expect(line.x + line.w).toBeLessThanOrEqual(82 + 4);
      expect(line.y).toBeGreaterThanOrEqual(10);
    }
  });
});
