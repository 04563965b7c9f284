import { describe, expect, it } from 'vitest';
import { seriesSamplingOf } from './textSampling';

describe('what a series sample means for its flag', () => {
  const frame = {};
  it('text the OCR read flags; boxes it read nothing in do not', () => {
    expect(seriesSamplingOf({ textFound: true, textRead: 'text', boxes: [frame] })).toBe('text');
    expect(seriesSamplingOf({ textFound: true, textRead: 'nothing', boxes: [frame] })).toBe(
      'unreadable',
    );
  });

  it('boxes no OCR could read flag the series: not reading is no proof of no text', () => {
    expect(seriesSamplingOf({ textFound: true, textRead: 'unread', boxes: [frame] })).toBe('text');
  });

  it('no box is clear once a frame was searched, unknown when none could be', () => {
    expect(seriesSamplingOf({ textFound: false, textRead: 'nothing', boxes: [frame] })).toBe(
      'clear',
    );
    expect(seriesSamplingOf({ textFound: false, textRead: 'nothing', boxes: [] })).toBe('unknown');
  });
});
