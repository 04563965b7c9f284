/** The words of the quarantine banner and the table's "Leak" marks. */
import { describe, expect, it } from 'vitest';
import type { PreviewRow } from '../../core/deid/preview';
import { describeMarks, leakLines, spacedKeyword, withArticle } from './leakText';

const rowAt = (path: string, keyword: string, leaky = true): PreviewRow => ({
  path,
  depth: 0,
  parent: -1,
  kind: 'element',
  tag: path,
  keyword,
  vr: 'LO',
  originalText: 'x',
  newText: 'x',
  action: 'kept',
  isSequence: false,
  itemCount: 0,
  changesInside: 0,
  ...(leaky ? { leaks: [{ kind: 'patient name', source: 'PatientName' }] } : {}),
});

describe('leak text', () => {
  it('spells keywords and kinds as words', () => {
    expect(spacedKeyword('ManufacturerModelName')).toBe('Manufacturer Model Name');
    expect(spacedKeyword('PatientID')).toBe('Patient ID');
    expect(spacedKeyword('StudyInstanceUID')).toBe('Study Instance UID');
    expect(spacedKeyword('OtherPatientIDs')).toBe('Other Patient IDs');
    expect(spacedKeyword('OtherPatientIDsSequence')).toBe('Other Patient IDs Sequence');
    expect(spacedKeyword('SOPInstanceUID')).toBe('SOP Instance UID');
    expect(spacedKeyword('SIEMENS CSA HEADER (0029,xx10)')).toBe('SIEMENS CSA HEADER (0029,xx10)');
    expect(withArticle('patient name')).toBe('a patient name');
    expect(withArticle('original UID')).toBe('an original UID');
    expect(withArticle('other identifier')).toBe('another identifier');
    expect(
      describeMarks([
        { kind: 'patient ID', source: 'PatientID' },
        { kind: 'birth date', source: 'PatientBirthDate' },
      ]),
    ).toBe('a patient ID (from Patient ID) and a birth date (from Patient Birth Date)');
  });

  it('gives one line per element, named from the table, and the file name last', () => {
    const rows = [rowAt('(0008,1090)', 'ManufacturerModelName'), rowAt('(0010,0010)', 'X', false)];
    const lines = leakLines(
      [
        { path: '(0008,1090)', kind: 'patient name', source: 'PatientName' },
        { path: '(0008,1090)', kind: 'patient ID', source: 'PatientID' },
        { path: '(0009,1001)', kind: 'institution', source: 'InstitutionName' },
      ],
      [{ path: 'file name', kind: 'patient ID', source: 'PatientID' }],
      rows,
    );
    expect(lines.map((l) => l.text)).toEqual([
      '(0008,1090) Manufacturer Model Name holds a patient name (from Patient Name) and a patient ID (from Patient ID)',
      '(0009,1001) holds an institution (from Institution Name)',
      'The name the file would have had holds a patient ID (from Patient ID)',
    ]);
  });
});
