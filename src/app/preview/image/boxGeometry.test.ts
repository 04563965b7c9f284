import { describe, expect, it } from 'vitest';
import { boxAfterKey, boxFromDrag, describeBox, moveBox, resizeBox } from './boxGeometry';

const SIZE = { rows: 480, columns: 640 };
const key = (name: string, shiftKey = false, altKey = false) => ({ key: name, shiftKey, altKey });

describe('boxes edited in the preview', () => {
  it('makes a whole-pixel box from a drag in any direction, clipped to the image', () => {
    expect(boxFromDrag({ x: 110.6, y: 52.2 }, { x: 10.2, y: 20.9 }, SIZE)).toEqual({
      x: 10,
      y: 20,
      width: 101,
      height: 33,
      frames: 'all',
    });
    expect(boxFromDrag({ x: -50, y: -5 }, { x: 700, y: 30 }, SIZE)).toEqual({
      x: 0,
      y: 0,
      width: 640,
      height: 30,
      frames: 'all',
    });
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 10.5, y: 40 }, SIZE)).toBeUndefined();
  });

  it('moves with arrows, resizes with Shift and arrows, and stays inside the image', () => {
    const box = { x: 630, y: 0, width: 10, height: 20, frames: 'all' as const };
    expect(boxAfterKey(box, key('ArrowRight'), SIZE)).toEqual(box);
    expect(boxAfterKey(box, key('ArrowLeft', false, true), SIZE)).toMatchObject({ x: 620 });
    expect(boxAfterKey(box, key('ArrowUp'), SIZE)).toMatchObject({ y: 0 });
    expect(boxAfterKey(box, key('ArrowDown', true), SIZE)).toMatchObject({ height: 21 });
    expect(boxAfterKey(box, key('ArrowLeft', true), SIZE)).toMatchObject({ width: 9 });
    expect(boxAfterKey(box, key('Delete'), SIZE)).toBe('delete');
    expect(boxAfterKey(box, key('a'), SIZE)).toBeUndefined();
    expect(resizeBox(box, -50, 0, SIZE).width).toBe(1);
    expect(moveBox(box, -1000, 1000, SIZE)).toMatchObject({ x: 0, y: 460 });
    expect(describeBox(box)).toBe('x 630, y 0, 10 × 20 pixels');
  });
});
