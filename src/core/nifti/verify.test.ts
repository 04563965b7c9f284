/**
 * NIfTI outputs are verified before they are saved (verifyOutputs.ts), on a real GE series
 * (dcm_qa_nih mr_0004, 150 files) with values planted in it:
 *  - a name only another file of the study carries, typed into the series' description, is
 *    cut from the sidecar under Clean Descriptors when the study's values are given, and
 *    reaches it when they are not (which is why they are given);
 *  - the patient's name in a field the sidecar keeps (GE's Pulse Sequence Name, a private
 *    attribute that de-identified DICOM never carries) quarantines the series;
 *  - every other place: output names, the image header's text fields, bval/bvec.
 */
import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../deid/api';
import { createDeidentifier } from '../deid/deidentifier';
import { webCryptoKeyedHash } from '../deid/keys';
import { StudyValueIndex, type StudyValue } from '../deid/studyValues';
import { putElement } from '../dicom/edit';
import { scanHeader } from '../scan/scanHeader';
import { corpusFile } from '../testing/corpus';
import { plantedFile } from '../testing/deidCases';
import { TEST_KEY } from '../testing/niftiCorpus';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import { convertSeries, type SeriesOutcome } from './convertSeries';
import { seriesStudyValues } from './seriesOf';
import { findNiftiLeaks, seriesIdentifiers } from './verifyOutputs';

const GE = 'dcm_qa_nih/In/20180918GE/mr_0004';
const SERIES_DESCRIPTION = 0x0008103e;
const PATIENT_NAME = 0x00100010;
const OPERATORS_NAME = 0x00081070;
const GE_PULSE_SEQUENCE_NAME = 0x0019109c;
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const names = () =>
  readdirSync(corpusFile(GE))
    .filter((n) => n.endsWith('.dcm'))
    .sort();

/** The series' files with `edits` planted in each. */
function series(edits: ReadonlyArray<readonly [number, string]>): Uint8Array[] {
  return names().map((n) => plantedFile(`${GE}/${n}`, edits));
}

/** The study's values as the scan collects them (scanHeader, StudyValueIndex). */
async function studyValuesOf(files: readonly Uint8Array[]): Promise<StudyValue[]> {
  const index = new StudyValueIndex();
  let key = '';
  for (const bytes of files) {
    const scan = await scanHeader(async (n) => bytes.subarray(0, n), bytes.length);
    if (scan.status !== 'dicom') throw new Error('not scanned');
    index.add((key = scan.summary.studyKey), scan.summary.studyValues);
  }
  return seriesStudyValues([index.valuesOf(key)]);
}

async function convert(
  files: readonly Uint8Array[],
  spec: ProfileSpec,
  studyValues: readonly StudyValue[] = [],
): Promise<SeriesOutcome> {
  const deidentifier = createDeidentifier(spec, await webCryptoKeyedHash(TEST_KEY));
  const dcm2niix = await loadNodeDcm2niix();
  return convertSeries(
    files,
    { dcm2niix, deidentifier, spec },
    { compress: true },
    { studyValues },
  );
}

function sidecarOf(outcome: SeriesOutcome): Record<string, unknown> {
  if (outcome.status !== 'converted') throw new Error(`not converted: ${outcome.status}`);
  const json = outcome.files.find((file) => file.kind === 'sidecar')!;
  return JSON.parse(Buffer.concat(json.chunks).toString('utf8')) as Record<string, unknown>;
}

describe('a name only another file of the study carries', () => {
  const clean: ProfileSpec = { base: 'basic', options: ['clean-descriptors'] };
  const files = series([[SERIES_DESCRIPTION, 'Axial EPI for Quincy Harriet']]);
  // Another series of the study names its operator; this series only mentions her.
  const other = plantedFile(`${GE}/${names()[0]}`, [], (file) => {
    putElement(file.dataset, OPERATORS_NAME, 'PN', latin1('Quincy^Harriet'));
  });

  it('reaches the cleaned sidecar description without the study values', async () => {
    const json = sidecarOf(await convert(files, clean));
    expect(json.SeriesDescription).toMatch(/quincy harriet/i);
  });

  it('is cut from it with the study values, and the series is converted', async () => {
    const values = await studyValuesOf([...files, other]);
    expect(values.some((v) => v.tag === OPERATORS_NAME)).toBe(true);
    const outcome = await convert(files, clean, values);
    const json = sidecarOf(outcome);
    expect(json.SeriesDescription).toBe('Axial EPI for *** ***');
    if (outcome.status !== 'converted') throw new Error('not converted');
    for (const file of outcome.files)
      expect(`${file.path} ${Buffer.concat(file.chunks).toString('latin1')}`).not.toMatch(
        /quincy|harriet/i,
      );
  });
});

describe('a kept sidecar field that holds the patient name', () => {
  it('quarantines the series: no file, a reason with the place and kind, never the value', async () => {
    const files = series([
      [PATIENT_NAME, 'Quincy^Harriet'],
      [GE_PULSE_SEQUENCE_NAME, 'epiRT Harriet Quincy'],
    ]);
    const outcome = await convert(files, { base: 'basic', options: [] });
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome).not.toHaveProperty('files');
    expect(outcome.reason).toMatch(
      /^quarantined, not saved: .*the JSON sidecar's "PulseSequenceName" held a patient name \(from PatientName\)/,
    );
    expect(outcome.reason).not.toMatch(/quincy|harriet/i);
    expect(outcome.findings.map((f) => f.path)).toEqual([`the JSON sidecar's "PulseSequenceName"`]);
  });

  it('the same series without the planted name is converted', async () => {
    const outcome = await convert(series([[PATIENT_NAME, 'Quincy^Harriet']]), {
      base: 'basic',
      options: [],
    });
    expect(outcome.status).toBe('converted');
    expect(sidecarOf(outcome)).toMatchObject({ PulseSequenceName: 'epiRT' });
  });
});

describe('findNiftiLeaks', () => {
  it('searches output names, image header text fields and bval/bvec', async () => {
    const files = series([[PATIENT_NAME, 'Quincy^Harriet']]);
    const identifiers = seriesIdentifiers(files, { base: 'basic', options: [] }, []);
    const outcome = await convert(files, { base: 'basic', options: [] });
    if (outcome.status !== 'converted') throw new Error('not converted');
    const image = outcome.files.find((file) => file.kind === 'image')!;
    // The header as written (NIfTI-1: 348 bytes and the extender), with text typed into it.
    const header = new Uint8Array(gunzipSync(Buffer.concat(image.chunks)).subarray(0, 352));
    const clean = [
      { path: image.path, kind: 'image' as const, text: header },
      { path: 'a.bval', kind: 'bval' as const, text: latin1('0 1000 1000\n') },
    ];
    expect(findNiftiLeaks(clean, identifiers)).toEqual([]);

    const planted = header.slice();
    planted.set(latin1('TE=30;harriet'), 148); // descrip
    const found = findNiftiLeaks(
      [
        { path: image.path, kind: 'image', text: planted },
        { path: 'ANON/Quincy/x.json', kind: 'sidecar', text: latin1('{"EchoTime": 0.03}') },
        { path: 'a.bvec', kind: 'bvec', text: latin1('0 Quincy\n') },
      ],
      identifiers,
    );
    expect(found.map((f) => `${f.path}: ${f.kind}`)).toEqual([
      "the image's header field descrip: patient name",
      'an output file name: patient name',
      'the .bvec file: patient name',
    ]);
  });
});
