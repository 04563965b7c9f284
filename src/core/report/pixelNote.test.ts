import { describe, expect, it } from 'vitest';
import { pixelNote } from './pixelNote';

describe('the report note of Clean Pixel Data', () => {
  it('counts what was found and where, never what it said', () => {
    const base = { detector: 'classical', scanned: 16 } as const;
    expect(pixelNote(undefined)).toBe('');
    expect(pixelNote({ ...base, regions: 0, frames: 0, changed: false })).toBe(
      'no text found in the image (16 frames searched)',
    );
    expect(pixelNote({ ...base, regions: 3, frames: 1, changed: true })).toBe(
      '3 text regions blacked out in 1 frame (16 frames searched by the classical detector)',
    );
  });
});
