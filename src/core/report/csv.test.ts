import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, toCsv } from './csv';

describe('CSV', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('')).toBe('');
  });

  it('neutralises spreadsheet formulas with a leading apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}SUM(A1)`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers as they are, negative ones included', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(12)).toBe('12');
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1])).toBe('a,1\r\n');
    expect(toCsv(['h1', 'h2'], [['x', 'y,z']])).toBe('h1,h2\r\nx,"y,z"\r\n');
  });
});
