import { describe, expect, it } from 'vitest';
import { childPath, displayName, fsPath, lossyBaseName } from './inputPath';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

describe('displayName', () => {
  it('shows valid UTF-8 as it is, backslashes included', () => {
    expect(displayName(new Uint8Array(Buffer.from('Zoë \\ 山田 😀.dcm')))).toBe(
      'Zoë \\ 山田 😀.dcm',
    );
  });

  it('escapes each byte that is not part of valid UTF-8, and then backslashes too', () => {
    expect(displayName(bytes(...ascii('M'), 0xfc, ...ascii('ller')))).toBe('M\\xFCller');
    expect(displayName(bytes(...ascii('a\\'), 0xff))).toBe('a\\\\\\xFF');
    // Valid sequences beside invalid bytes stay readable.
    expect(displayName(bytes(0xc3, 0xab, 0xe9))).toBe('ë\\xE9');
    // Overlong forms, encoded surrogates, code points past U+10FFFF, cut sequences.
    expect(displayName(bytes(0xc0, 0xaf))).toBe('\\xC0\\xAF');
    expect(displayName(bytes(0xe0, 0x80, 0xaf))).toBe('\\xE0\\x80\\xAF');
    expect(displayName(bytes(0xed, 0xa0, 0x80))).toBe('\\xED\\xA0\\x80');
    expect(displayName(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\xF4\\x90\\x80\\x80');
    expect(displayName(bytes(0xe2, 0x82))).toBe('\\xE2\\x82');
  });

  it('never shows two different names alike, as a lossy decode would', () => {
    const names = [
      bytes(0x4d, 0xfc, 0x6c),
      bytes(0x4d, 0xef, 0x6c),
      bytes(0x4d, 0xef, 0xbf, 0xbd, 0x6c).subarray(0, 4),
      bytes(...ascii('\\xFC'), 0xff),
      bytes(0xfc, 0xff),
    ];
    const shown = names.map((name) => displayName(name));
    expect(new Set(shown).size).toBe(names.length);
  });
});

describe('childPath', () => {
  it('stays text while names are valid UTF-8, and turns to bytes at the first that is not', () => {
    expect(childPath('/in', new Uint8Array(Buffer.from('Zoë')))).toBe('/in/Zoë');
    expect(childPath('/', new Uint8Array(Buffer.from('a')))).toBe('/a');
    const folder = childPath('/in', bytes(0x4d, 0xfc));
    expect(folder).toEqual(bytes(...ascii('/in/M'), 0xfc));
    const file = childPath(folder, new Uint8Array(Buffer.from('a.dcm')));
    expect(file).toEqual(bytes(...ascii('/in/M'), 0xfc, ...ascii('/a.dcm')));
    // A buffer of its own: postMessage copies it, not a shared pool around it.
    expect((file as Uint8Array).buffer.byteLength).toBe((file as Uint8Array).length);
    expect(fsPath(file)).toEqual(Buffer.from(file as Uint8Array));
    expect(lossyBaseName(file)).toBe('a.dcm');
    expect(lossyBaseName(folder)).toBe('M\ufffd');
  });
});
