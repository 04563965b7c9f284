import { describe, expect, it } from 'vitest';
import { shiftDate, shiftDateTime } from './dates';

describe('shiftDate', () => {
  it('moves a date back by whole days across month and year ends', () => {
    expect(shiftDate('20010302', 1)).toBe('20010301');
    expect(shiftDate('20010301', 1)).toBe('20010228');
    expect(shiftDate('20010501', 1)).toBe('20010430');
    expect(shiftDate('20010101', 1)).toBe('20001231');
    expect(shiftDate('20010101', 365)).toBe('20000102'); // 2000 has 366 days
    expect(shiftDate('19950903', 3650)).toBe('19850905');
  });

  it('knows leap years: every 4th, not every 100th, but every 400th', () => {
    expect(shiftDate('20040301', 1)).toBe('20040229');
    expect(shiftDate('20050301', 1)).toBe('20050228');
    expect(shiftDate('19000301', 1)).toBe('19000228');
    expect(shiftDate('20000301', 1)).toBe('20000229');
    expect(shiftDate('20240229', 366)).toBe('20230228');
    expect(shiftDate('20240229', 1)).toBe('20240228');
  });

  it('reads the ACR-NEMA form YYYY.MM.DD and writes YYYYMMDD', () => {
    expect(shiftDate('2001.03.01', 1)).toBe('20010228');
  });

  it('rejects what is not a calendar date', () => {
    for (const value of [
      '20010229', // not a leap year
      '19000229',
      '20011301',
      '20010001',
      '20010100',
      '20010431',
      '20010132',
      '2001011',
      '200101011',
      '2001-01-01',
      '2001010a',
      '',
      ' 20010101',
    ])
      expect(shiftDate(value, 10), JSON.stringify(value)).toBeUndefined();
  });

  // Date.UTC reads years 0-99 as 1900-1999: "00500110" comes out as "19500101", and
  // "00010105" (a placeholder some systems write) as "19001226", a plausible real date moved
  // by 1900 years rather than by the patient's offset, where it should be refused (before
  // year 1) and so replaced by the dummy.
  it('keeps years below 100 where they are, and refuses a shift to before year 1', () => {
    expect(shiftDate('00500110', 9)).toBe('00500101');
    expect(shiftDateTime('00500110', 9)).toBe('00500101');
    expect(shiftDate('00010105', 10)).toBeUndefined();
  });
});

describe('shiftDateTime', () => {
  it('moves the date part and keeps the time, its fraction and the UTC offset', () => {
    expect(shiftDateTime('20010213184746.123456+0100', 1)).toBe('20010212184746.123456+0100');
    expect(shiftDateTime('20010301000000', 1)).toBe('20010228000000');
    expect(shiftDateTime('2001030112', 1)).toBe('2001022812');
    expect(shiftDateTime('20010301-0500', 1)).toBe('20010228-0500');
  });

  it('keeps the precision of a value less precise than a day', () => {
    expect(shiftDateTime('200103', 1)).toBe('200102');
    expect(shiftDateTime('2001', 1)).toBe('2000');
    expect(shiftDateTime('2001', 400)).toBe('1999');
    expect(shiftDateTime('2001+0100', 1)).toBe('2000+0100');
  });

  it('rejects what is not a date and time', () => {
    for (const value of ['', '20011301', '20010230120000', '200113', 'abcd', '2001-02-13T12:00'])
      expect(shiftDateTime(value, 1), JSON.stringify(value)).toBeUndefined();
  });
});
