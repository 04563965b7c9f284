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

  it('says what happened to overlays', () => {
    const base = {
      detector: 'classical',
      scanned: 1,
      regions: 0,
      frames: 0,
      changed: false,
    } as const;
    expect(pixelNote({ ...base, overlays: { planes: 2, regions: 1, removed: [] } })).toBe(
      'no text found in the image (1 frame searched); 1 text region cleared from 2 overlays',
    );
    expect(
      pixelNote({
        ...base,
        overlays: {
          planes: 0,
          regions: 0,
          removed: ['overlay (6002,xxxx): its bits are in the Pixel Data (a retired form)'],
        },
      }),
    ).toBe(
      'no text found in the image (1 frame searched); removed overlay (6002,xxxx): its bits are in the Pixel Data (a retired form)',
    );
  });
});
