import { describe, expect, it } from 'vitest';
import type { LeakFinding } from '../../core/deid/leakCheck';
import type { FileResult } from '../pipeline/types';
import {
  describeFixes,
  filesToRerun,
  fixesFor,
  groupQuarantined,
  placeWords,
  sourceWords,
} from './leftoverGroups';

/** The three findings of a GE MR file under the legacy profile (core/deid/leftovers.test.ts). */
const GE: LeakFinding[] = [
  { path: '(0018,1030)', kind: 'patient name', source: 'PatientName' },
  { path: '(0043,1028)', kind: 'other identifier', source: 'StudyID' },
  { path: '(0043,1062)', kind: 'other identifier', source: 'StudyID' },
];

const quarantined = (index: number, findings: LeakFinding[]): FileResult => ({
  index,
  status: 'quarantined',
  reason: 'a reason',
  output: '',
  findings,
});
const written = (index: number): FileResult => ({
  index,
  status: 'written',
  reason: '',
  output: `out/${index}.dcm`,
});

describe('the quarantine in groups', () => {
  it('has one group per kind of finding, with plain-words titles and every file in it', () => {
    const results = [
      quarantined(0, GE),
      written(1),
      quarantined(2, GE),
      quarantined(3, [
        GE[0]!,
        // The same finding in a second name part: still one membership.
        GE[0]!,
        {
          path: '(0008,1090)',
          kind: 'person name',
          source: 'OperatorsName of another file of the study',
        },
      ]),
    ];
    const groups = groupQuarantined(results);
    expect(groups.map((g) => [g.title, g.fileIndexes])).toEqual([
      ['Protocol Name (0018,1030) holds the patient name — 3 files', [0, 2, 3]],
      ['A private attribute (0043,1028) holds the Study ID — 2 files', [0, 2]],
      ['A private attribute (0043,1062) holds the Study ID — 2 files', [0, 2]],
      ["Manufacturer Model Name (0008,1090) holds another file's Operators Name — 1 file", [3]],
    ]);
    expect(groups[0]!.key).toBe('(0018,1030)|patient name|PatientName');
    expect(groups.every((g) => g.fixable)).toBe(true);
  });

  it('names a place in a sequence by its leaf and its sequences, items left out', () => {
    const [group] = groupQuarantined([
      quarantined(0, [
        { path: '(0040,A730)[2].(0040,A160)', kind: 'patient ID', source: 'PatientID' },
      ]),
      quarantined(1, [
        { path: '(0040,A730)[0].(0040,A160)', kind: 'patient ID', source: 'PatientID' },
      ]),
    ]);
    expect(group!.place).toBe('(0040,A730)[*].(0040,A160)');
    expect(group!.title).toBe(
      'Text Value (0040,A160) in Content Sequence (0040,A730) holds the patient ID — 2 files',
    );
    expect(placeWords('(0008,1115)[*].(0008,114A)[*].(0008,1155)')).toBe(
      'Referenced SOP Instance UID (0008,1155) in Referenced Instance Sequence (0008,114A) in Referenced Series Sequence (0008,1115)',
    );
    expect(placeWords('(0009,1001)[*].(0010,0010)')).toBe(
      'Patient Name (0010,0010) in a private attribute (0009,1001)',
    );
  });

  it('says where a value came from, never what it is', () => {
    expect(sourceWords('PatientName')).toBe('the patient name');
    expect(sourceWords('PatientBirthDate')).toBe('the patient birth date');
    expect(sourceWords('StudyID')).toBe('the Study ID');
    expect(sourceWords('OperatorsName of another file of the study')).toBe(
      "another file's Operators Name",
    );
  });

  it('tells apart two kinds of value from one source in one place', () => {
    const groups = groupQuarantined([
      quarantined(0, [
        { path: '(0008,103E)', kind: 'patient ID', source: 'OtherPatientIDs' },
        { path: '(0008,103E)', kind: 'other identifier', source: 'OtherPatientIDs' },
      ]),
    ]);
    expect(groups.map((g) => g.what).sort()).toEqual([
      'Series Description (0008,103E) holds the Other Patient IDs (other identifier)',
      'Series Description (0008,103E) holds the Other Patient IDs (patient ID)',
    ]);
  });

  it('cannot fix a file name, so a file with such a finding is never re-run', () => {
    const results = [
      quarantined(0, [{ path: 'file name', kind: 'patient name', source: 'PatientName' }, GE[0]!]),
      quarantined(1, [GE[0]!]),
    ];
    const groups = groupQuarantined(results);
    const fileName = groups.find((g) => g.place === 'file name')!;
    expect(fileName.fixable).toBe(false);
    expect(fileName.what).toBe('The name the file would have had holds the patient name');
    const choices = new Map(groups.map((g) => [g.key, 'cut' as const]));
    expect(filesToRerun(results, groups, choices)).toEqual([1]);
    expect(fixesFor(groups, choices)).toEqual([
      { place: '(0018,1030)', kind: 'patient name', source: 'PatientName', fix: 'cut' },
    ]);
  });
});

describe('choices', () => {
  const results = [quarantined(0, GE), quarantined(1, [GE[0]!]), quarantined(2, [GE[1]!])];
  const groups = groupQuarantined(results);
  const keyAt = (place: string) => groups.find((g) => g.place === place)!.key;
  const [protocol, first, second] = [
    keyAt('(0018,1030)'),
    keyAt('(0043,1028)'),
    keyAt('(0043,1062)'),
  ];

  it('re-run a file only once every group it is in has a choice', () => {
    expect(filesToRerun(results, groups, new Map())).toEqual([]);
    expect(filesToRerun(results, groups, new Map([[protocol, 'allow']]))).toEqual([1]);
    const all = new Map([
      [protocol, 'allow' as const],
      [first, 'remove' as const],
      [second, 'cut' as const],
    ]);
    expect(filesToRerun(results, groups, all)).toEqual([0, 1, 2]);
    // Files without findings (a NIfTI series) and written files are never re-run.
    expect(filesToRerun([...results, written(3), { ...quarantined(4, []) }], groups, all)).toEqual([
      0, 1, 2,
    ]);
  });

  it('become one rule per group, and a short list without values', () => {
    const fixes = fixesFor(
      groups,
      new Map([
        [protocol, 'allow'],
        [first, 'remove'],
      ]),
    );
    // In the order of the groups: most files first, then by tag.
    expect(fixes).toEqual([
      { place: '(0018,1030)', kind: 'patient name', source: 'PatientName', fix: 'allow' },
      { place: '(0043,1028)', kind: 'other identifier', source: 'StudyID', fix: 'remove' },
    ]);
    expect(describeFixes([...fixes, { ...fixes[1]!, place: '(0043,1062)', fix: 'cut' }])).toBe(
      'Protocol Name (0018,1030) with the patient name — allowed; ' +
        'A private attribute (0043,1028) with the Study ID — removed; ' +
        'A private attribute (0043,1062) with the Study ID — cut out',
    );
  });
});
