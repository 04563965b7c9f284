import { describe, expect, it } from 'vitest';
import { HELD_PHRASES, describeFinding } from './findingText';

describe('describeFinding', () => {
  it('says every kind with the article it takes', () => {
    const said = Object.keys(HELD_PHRASES).map((kind) =>
      describeFinding({
        path: '(0010,1000)',
        kind: kind as keyof typeof HELD_PHRASES,
        source: 'OtherPatientIDs',
      }),
    );
    expect(said).toEqual([
      '(0010,1000) held a patient name (from OtherPatientIDs)',
      '(0010,1000) held a person name (from OtherPatientIDs)',
      '(0010,1000) held a patient ID (from OtherPatientIDs)',
      '(0010,1000) held another identifier (from OtherPatientIDs)',
      '(0010,1000) held a birth date (from OtherPatientIDs)',
      '(0010,1000) held an address (from OtherPatientIDs)',
      '(0010,1000) held a telephone number (from OtherPatientIDs)',
      '(0010,1000) held an institution name (from OtherPatientIDs)',
      '(0010,1000) held an original UID (from OtherPatientIDs)',
    ]);
    // No phrase starts "a" before a vowel sound, nor "an" before a consonant.
    for (const phrase of Object.values(HELD_PHRASES)) {
      expect(phrase).not.toMatch(/^a [aeiou]|^an [^aeiou]/i);
    }
  });
});
