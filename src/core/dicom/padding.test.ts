import { describe, expect, it } from 'vitest';
import { trimPadding, trimPaddingEnd } from './padding';

describe('stripping padding', () => {
  it('removes spaces and NULs at the ends only', () => {
    expect(trimPaddingEnd('1.2.840.10008.1.2\0')).toBe('1.2.840.10008.1.2');
    expect(trimPaddingEnd('  Doe^John \0 ')).toBe('  Doe^John');
    expect(trimPadding(' \0ISO_IR 100 ')).toBe('ISO_IR 100');
    expect(trimPadding('A  B')).toBe('A  B');
    expect(trimPadding(' \0 ')).toBe('');
    expect(trimPadding('')).toBe('');
  });
});
