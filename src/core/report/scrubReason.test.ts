import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, scrubReason } from './scrubReason';

describe('scrubbing reasons', () => {
  it('cuts the path and every identifying name in it, longest first', () => {
    expect(
      scrubReason('cannot open Doe, John/CT 2020/IM1.dcm: Doe, John is busy', [
        'Doe, John/CT 2020/IM1.dcm',
      ]),
    ).toBe('cannot open <input>: <input> is busy');
  });

  it('leaves plain lower-case words and standard names alone', () => {
    expect(scrubReason('the data set is odd', ['data/x/DICOMDIR'])).toBe('the data set is odd');
    expect(scrubReason('DICOMDIR (a media index)', ['Smith/DICOMDIR'])).toBe(
      'DICOMDIR (a media index)',
    );
  });

  it('keeps a reason to one short line', () => {
    const long = scrubReason(`a\n\nb ${'x'.repeat(1000)}`, []);
    expect(long.startsWith('a b x')).toBe(true);
    expect(long.length).toBe(MAX_REASON_LENGTH);
  });
});
