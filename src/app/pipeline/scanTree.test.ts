import { describe, expect, it } from 'vitest';
import { buildScanTree, NO_UID } from './scanTree';
import type { ScanResult } from './types';

let nextIndex = 0;
function dicom(fields: Partial<Extract<ScanResult, { kind: 'dicom' }>>): ScanResult {
  return {
    kind: 'dicom',
    index: nextIndex++,
    size: 100,
    patientName: 'DOE^JANE',
    patientId: 'P1',
    studyInstanceUid: '1.1',
    studyDate: '20200101',
    studyDescription: 'CT chest',
    seriesInstanceUid: '1.1.1',
    seriesNumber: '1',
    seriesDescription: 'axial',
    modality: 'CT',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    burnedInReasons: [],
    studyKey: 'study:1.1',
    ...fields,
  };
}

describe('the scan tree', () => {
  it('groups by patient ID, study UID and series UID, with counts and sizes', () => {
    nextIndex = 0;
    const results: ScanResult[] = [
      dicom({}),
      dicom({ size: 50 }),
      dicom({ seriesInstanceUid: '1.1.2', seriesNumber: '2', modality: 'SR' }),
      dicom({ studyInstanceUid: '1.2', studyDate: '20190101', seriesInstanceUid: '1.2.1' }),
      dicom({ patientId: 'P2', patientName: 'ROE^RICHARD', studyInstanceUid: '2.1' }),
      { kind: 'skipped', index: nextIndex++, size: 10, reason: 'not DICOM' },
      { kind: 'failed', index: nextIndex++, size: 10, reason: 'broken' },
    ];
    const tree = buildScanTree(results);
    expect(tree.map((p) => [p.name, p.id])).toEqual([
      ['DOE^JANE', 'P1'],
      ['ROE^RICHARD', 'P2'],
    ]);
    const jane = tree[0]!;
    expect(jane.studies.map((s) => s.date)).toEqual(['20190101', '20200101']);
    const series = jane.studies[1]!.series;
    expect(series.map((s) => [s.key, s.seriesNumber, s.modality, s.fileIndexes, s.bytes])).toEqual([
      ['1.1.1', '1', 'CT', [0, 1], 150],
      ['1.1.2', '2', 'SR', [2], 100],
    ]);
    // Skipped and failed files are not in the tree.
    const inTree = tree.flatMap((p) =>
      p.studies.flatMap((s) => s.series.flatMap((x) => x.fileIndexes)),
    );
    expect(inTree.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the same tree whatever order results arrived in', () => {
    nextIndex = 0;
    const results = Array.from({ length: 30 }, (_, i) =>
      dicom({
        patientId: `P${i % 3}`,
        studyInstanceUid: `1.${i % 2}`,
        seriesInstanceUid: `1.${i % 2}.${i % 5}`,
        seriesNumber: String(i % 5),
      }),
    );
    const reversed = [...results].reverse();
    expect(buildScanTree(reversed)).toEqual(buildScanTree(results));
  });

  it('orders series by number as a number, those without one last', () => {
    nextIndex = 0;
    const tree = buildScanTree([
      dicom({ seriesInstanceUid: 'a', seriesNumber: '10' }),
      dicom({ seriesInstanceUid: 'b', seriesNumber: '9' }),
      dicom({ seriesInstanceUid: 'c', seriesNumber: '' }),
    ]);
    expect(tree[0]!.studies[0]!.series.map((s) => s.key)).toEqual(['b', 'a', 'c']);
  });

  it('collects the burned-in reasons of a series once each', () => {
    nextIndex = 0;
    const tree = buildScanTree([
      dicom({ burnedInReasons: ['US'] }),
      dicom({ burnedInReasons: ['US', 'SC'] }),
    ]);
    expect(tree[0]!.studies[0]!.series[0]!.burnedInReasons).toEqual(['US', 'SC']);
  });

  it('groups files without UIDs or patient ID, and keeps every key unique', () => {
    nextIndex = 0;
    const tree = buildScanTree([
      dicom({ patientId: '', patientName: 'A', studyInstanceUid: '', seriesInstanceUid: '' }),
      dicom({ patientId: '', patientName: 'A', studyInstanceUid: '', seriesInstanceUid: '' }),
      dicom({ patientId: 'X', studyInstanceUid: '', seriesInstanceUid: '' }),
      // The same study UID under another patient (inconsistent data): a separate node.
      dicom({ patientId: 'Y', studyInstanceUid: '1.1' }),
      dicom({ patientId: 'Z', studyInstanceUid: '1.1' }),
    ]);
    expect(tree).toHaveLength(4);
    const a = tree.find((p) => p.name === 'A' && p.id === '')!;
    expect(a.studies[0]!.series[0]!.fileIndexes).toEqual([0, 1]);
    expect(a.studies[0]!.key).toBe(NO_UID);
    const keys = tree.flatMap((p) => [
      p.key,
      ...p.studies.flatMap((s) => [s.key, ...s.series.map((x) => x.key)]),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
