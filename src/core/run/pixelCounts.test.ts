import { describe, expect, it } from 'vitest';
import { isPixelFinding, pixelCounts } from './pixelCounts';
import type { RecordedFile } from './outcomes';

const file = (change: Partial<RecordedFile>): RecordedFile => ({
  index: 0,
  status: 'written',
  reason: '',
  output: '',
  ...change,
});

describe('pixelCounts', () => {
  it('tells the OCR check’s places in pixels from places in the header', () => {
    expect(isPixelFinding({ path: 'the image, frame 2, region x 10, y 4, 120 × 14' })).toBe(true);
    expect(
      isPixelFinding({ path: 'the overlay (6000,3000), frame 1, region x 1, y 2, 3 × 4' }),
    ).toBe(true);
    expect(isPixelFinding({ path: '(0010,0010)' })).toBe(false);
    expect(isPixelFinding({ path: '(0008,1030) image description' })).toBe(false);
  });

  it('counts cleaned images and files quarantined for text still in their image', () => {
    const image = {
      path: 'the image, frame 1, region x 0, y 0, 9 × 9',
      kind: 'patient name',
      source: 'PatientName',
    } as const;
    const header = { path: '(0010,0010)', kind: 'patient name', source: 'PatientName' } as const;
    expect(
      pixelCounts([
        file({ imageCleaned: true }),
        file({}),
        file({ status: 'quarantined', findings: [header, image] }),
        file({ status: 'quarantined', findings: [header] }),
        file({ status: 'failed' }),
      ]),
    ).toEqual({ cleaned: 1, textStillReadable: 1 });
  });
});
