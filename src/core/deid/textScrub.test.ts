import { describe, expect, it } from 'vitest';
import { IdentifyingValues, SCRUBBED } from './textScrub';

function values(...entries: Array<[string, string]>): IdentifyingValues {
  const identifying = new IdentifyingValues();
  for (const [value, vr] of entries) identifying.add(value, vr);
  return identifying;
}

const doe = () => values(['Doe^Archibald', 'PN'], ['77654033', 'LO'], ['19950903', 'DA']);

describe('IdentifyingValues.scrub', () => {
  it('cuts a name and its components out as whole words, in any case', () => {
    const v = doe();
    expect(v.scrub('Routine Brain Doe^Archibald')).toBe(`Routine Brain ${SCRUBBED}`);
    expect(v.scrub('for ARCHIBALD doe')).toBe(`for ${SCRUBBED} ${SCRUBBED}`);
    expect(v.scrub('Archibald, Doe: follow-up')).toBe(`${SCRUBBED}, ${SCRUBBED}: follow-up`);
  });

  it('leaves words that only contain a name part', () => {
    const v = doe();
    expect(v.scrub("Doesn't apply to Archibalds or Redoe")).toBe(
      "Doesn't apply to Archibalds or Redoe",
    );
  });

  it('cuts each component group of a name written in several scripts', () => {
    const v = values(['Yamada^Tarou=山田^太郎=やまだ^たろう', 'PN']);
    expect(v.scrub('山田 太郎 CT')).toBe(`${SCRUBBED} ${SCRUBBED} CT`);
    expect(v.scrub('TAROU YAMADA')).toBe(`${SCRUBBED} ${SCRUBBED}`);
  });

  // A name in Chinese or Japanese is written without spaces, so "山田太郎" has no word boundary
  // between its parts and is left in the text whole (nor does the whole value match).
  it('cuts a CJK name written without a separator', () => {
    const v = values(['Yamada^Tarou=山田^太郎=やまだ^たろう', 'PN']);
    expect(v.scrub('山田太郎 CT')).not.toMatch(/山田|太郎/);
  });

  it("cuts the file's own dates in their usual written forms", () => {
    const v = doe();
    for (const form of [
      '19950903',
      '1995-09-03',
      '1995/09/03',
      '03/09/1995',
      '09/03/1995',
      '03.09.1995',
      '03-09-1995',
    ])
      expect(v.scrub(`scan of ${form} ok`), form).toBe(`scan of ${SCRUBBED} ok`);
  });

  it('cuts anything shaped like a date, and long numbers, even when not the file’s', () => {
    const v = new IdentifyingValues();
    expect(v.scrub('seen 2021-03-04 and 4/3/21')).toBe(`seen ${SCRUBBED} and ${SCRUBBED}`);
    expect(v.scrub('MRN 1234567 acc 20210304')).toBe(`MRN ${SCRUBBED} acc ${SCRUBBED}`);
    expect(v.scrub('77654033')).toBe(SCRUBBED);
  });

  // "3 Sep 1995" is how dates are often written in free text and reports; the file's own study
  // date survives a Clean option in that form.
  it("cuts the file's own date written with a month name", () => {
    const v = doe();
    for (const form of ['3 Sep 1995', '03-Sep-1995', 'September 3, 1995'])
      expect(v.scrub(`scan of ${form}`), form).not.toMatch(/1995/);
  });

  it('keeps ordinary text, short numbers and sequence names', () => {
    const v = doe();
    for (const kept of [
      'T1 MPRAGE 256x256',
      'Series 12345',
      'DWI b=1000',
      'e+1',
      'SAG 3D FLAIR 1.2 mm',
    ])
      expect(v.scrub(kept), kept).toBe(kept);
  });

  it('does not treat codes, ages, numbers and times as identifying', () => {
    const v = values(['M', 'CS'], ['YES', 'CS'], ['042Y', 'AS'], ['170', 'IS'], ['173032', 'TM']);
    expect(v.size).toBe(0);
    expect(v.scrub('M YES 042Y 170')).toBe('M YES 042Y 170');
  });

  it('ignores one-letter name parts and empty or very long values', () => {
    const v = values(['Test^S R', 'PN'], ['', 'LO'], ['   ', 'LO'], ['x'.repeat(300), 'LT']);
    expect(v.values().sort()).toEqual(['test', 'test^s r']);
    expect(v.scrub('S R Test T1')).toBe(`S R ${SCRUBBED} T1`);
  });

  it('matches values literally, punctuation included', () => {
    const v = values(['A.B (1)', 'LO'], ['C+D', 'LO']);
    expect(v.scrub('id A.B (1) here')).toBe(`id ${SCRUBBED} here`);
    expect(v.scrub('AxB (1) and CCD')).toBe('AxB (1) and CCD');
    expect(v.scrub('C+D')).toBe(SCRUBBED);
  });

  it('prefers the whole value over its parts', () => {
    const v = values(['Smith^John', 'PN']);
    expect(v.scrub('Smith^John')).toBe(SCRUBBED);
  });
});
