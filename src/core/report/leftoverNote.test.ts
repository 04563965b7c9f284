import { describe, expect, it } from 'vitest';
import { leftoverNote, leftoverSettings } from './leftoverNote';

describe('leftover notes and settings', () => {
  it('says what the check fixed, in words', () => {
    expect(leftoverNote({ cut: 1, removed: 2, allowed: 0, allowedValues: 3 })).toBe(
      'written after the leftover check: 1 value cut out, 2 attributes removed, 3 uses of allowed values',
    );
    expect(leftoverNote({ cut: 0, removed: 0, allowed: 0, allowedValues: 0 })).toBe('');
    expect(leftoverNote(undefined)).toBe('');
  });

  it('writes settings without the allowed values themselves', () => {
    const settings = leftoverSettings({
      base: 'legacy',
      options: [],
      allowValues: ['SMITH', 'DEPT7'],
      onLeftover: 'clean',
    });
    expect(settings).toEqual({ onLeftover: 'clean', fixes: [], allowValues: 2 });
    expect(JSON.stringify(settings)).not.toMatch(/SMITH|DEPT7/);
  });
});
