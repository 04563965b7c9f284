/** Series grouping (seriesOf) and output names (niftiNames). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { classifyOutputs, outputName } from './niftiNames';
import { seriesOf } from './seriesOf';

const file = (name: string) => readFileSync(corpusFile(name));
const PYDICOM = 'pydicom/src/pydicom/data/test_files';

describe('seriesOf', () => {
  it('groups the files of one series under one key, and other series apart', () => {
    const a = seriesOf(file('dcm_qa_nih/In/20180918Si/mr_0003/epi_pe_ap-00001.dcm'));
    const b = seriesOf(file('dcm_qa_nih/In/20180918Si/mr_0003/epi_pe_ap-00002.dcm'));
    const c = seriesOf(file('dcm_qa_nih/In/20180918Si/mr_0004/epi_pe_pa-00001.dcm'));
    expect(a).toMatchObject({ status: 'dicom', notConvertible: undefined });
    expect(a.status === 'dicom' && b.status === 'dicom' && a.seriesKey === b.seriesKey).toBe(true);
    expect(a.status === 'dicom' && c.status === 'dicom' && a.seriesKey !== c.seriesKey).toBe(true);
  });

  it.each([
    ['test-SR.dcm', /not an image/],
    ['rtstruct.dcm', /not an image/],
  ])('%s is not convertible', (name, why) => {
    const found = seriesOf(file(`${PYDICOM}/${name}`));
    expect(found.status).toBe('dicom');
    expect(found.status === 'dicom' && found.notConvertible).toMatch(why);
  });

  it('a segmentation is not convertible', () => {
    const seg = seriesOf(file(`${PYDICOM}/liver_1frame.dcm`));
    expect(seg.status === 'dicom' && seg.notConvertible).toMatch(/segmentation/);
  });

  it('skips what is not DICOM and DICOMDIRs, fails broken files', () => {
    expect(seriesOf(new TextEncoder().encode('hello'))).toMatchObject({ status: 'skipped' });
    expect(seriesOf(file(`${PYDICOM}/dicomdirtests/DICOMDIR`))).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^DICOMDIR/),
    });
    const truncated = file('dcm_qa_nih/In/20180918Si/mr_0003/epi_pe_ap-00001.dcm').subarray(
      0,
      3000,
    );
    expect(seriesOf(truncated)).toMatchObject({ status: 'failed' });
  });
});

describe('NIfTI output names', () => {
  const stem = 'ANON1234567890/study-ABCDEFGH/series-0003-MR-Q4T7';

  it('keep dcm2niix suffixes that are short and technical, after the pseudonymous stem', () => {
    const names = classifyOutputs([
      'series.nii',
      'series.json',
      'series_e2.nii',
      'series_e2.json',
      'series.bval',
      'series.bvec',
      'series_ph.nii',
      'seriesa.nii',
    ]);
    expect(names.map((n) => outputName(stem, n, true))).toEqual([
      `${stem}.bval`,
      `${stem}.bvec`,
      `${stem}.json`,
      `${stem}.nii.gz`,
      `${stem}_e2.json`,
      `${stem}_e2.nii.gz`,
      `${stem}_ph.nii.gz`,
      `${stem}a.nii.gz`,
    ]);
    expect(outputName(stem, names[3]!, false)).toBe(`${stem}.nii`);
  });

  it('replace suffixes that could carry a value, and drop unknown files', () => {
    const names = classifyOutputs([
      'series_20240101.nii',
      'series_John Doe.nii',
      'series.txt',
      'other.nii',
    ]);
    expect(names.map((n) => outputName(stem, n, true))).toEqual([
      `${stem}_part1.nii.gz`,
      `${stem}_part2.nii.gz`,
    ]);
  });
});
