import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_PATH,
  buildDictionarySource,
  dcmjsEntries,
} from '../../../scripts/gen-dictionary';
import { dictionaryVR, keywordOf } from './dictionary';
import { tag } from './tag';

describe('the data dictionary', () => {
  it('is the committed output of its generator (run npm run gen:dictionary when this fails)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(buildDictionarySource(dcmjsEntries()));
  });

  it('gives VRs and keywords for public, repeating-group, private and special tags', () => {
    expect([dictionaryVR(tag(0x0010, 0x0010)), keywordOf(tag(0x0010, 0x0010))]).toEqual([
      'PN',
      'PatientName',
    ]);
    expect(dictionaryVR(tag(0x0008, 0x1140))).toBe('SQ');
    expect(dictionaryVR(tag(0x7fe0, 0x0010))).toBe('OW');
    // Overlay data in the repeating 60xx groups, even groups only.
    expect(keywordOf(tag(0x6002, 0x3000))).toBe('OverlayData');
    expect(dictionaryVR(tag(0x6003, 0x3000))).toBe('UN');
    expect(dictionaryVR(tag(0x0019, 0x0000))).toBe('UL');
    expect(dictionaryVR(tag(0x0019, 0x0010))).toBe('LO');
    // Private elements resolve through their block's creator, and only through it.
    expect(dictionaryVR(tag(0x0029, 0x1010), 'SIEMENS CSA HEADER')).toBe('OB');
    expect(dictionaryVR(tag(0x0029, 0x1208), 'SIEMENS CSA HEADER')).toBe('CS'); // block 12
    expect(dictionaryVR(tag(0x0029, 0x1010), 'SOMEONE ELSE')).toBe('UN');
    expect(dictionaryVR(tag(0x0029, 0x1010))).toBe('UN');
    expect(dictionaryVR(tag(0x0009, 0x0001))).toBe('UN');
  });
});
