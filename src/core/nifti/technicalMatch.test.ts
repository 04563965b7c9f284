/**
 * Issue 13: a series is not quarantined because a name equals, or is one word of, a technical
 * label that dcm2niix copies into a technical sidecar field (verifyOutputs.ts searches those as
 * coded text). Real series of dcm_qa_nih, converted by convertSeries as the CLI and the app do:
 *  - GE mr_0004 (150 files): Pulse Sequence Name "epiRT" (private (0019,109C)), Internal Pulse
 *    Sequence Name "EPI" (private (0019,109E)), CoilString "32Ch Head" (Receive Coil Name);
 *  - Siemens mr_0003 (2 mosaics): Sequence Name "epfid2d1_72" ((0018,0024)), ReceiveCoilName
 *    "Head_32" (from the CSA header).
 * A patient named after one of them is written, with the field in the sidecar. The controls: a
 * real two-part name whose words land in the same technical value is caught; a surname in a
 * kept free-text description (Clean Descriptors) is cut by cleaning or caught by the verifier.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../deid/api';
import { createDeidentifier } from '../deid/deidentifier';
import { webCryptoKeyedHash } from '../deid/keys';
import { StudyValueIndex, type StudyValue } from '../deid/studyValues';
import { isDictionaryWord } from '../dicom/dictionary';
import { putElement } from '../dicom/edit';
import { scanHeader } from '../scan/scanHeader';
import { corpusFile } from '../testing/corpus';
import { plantedFile } from '../testing/deidCases';
import { TEST_KEY } from '../testing/niftiCorpus';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import { convertSeries, type SeriesOutcome } from './convertSeries';
import { seriesStudyValues } from './seriesOf';
import { SIDECAR_FIELDS } from './sidecarFields';

const GE = 'dcm_qa_nih/In/20180918GE/mr_0004';
const SIEMENS = 'dcm_qa_nih/In/20180918Si/mr_0003';
const PATIENT_NAME = 0x00100010;
const SERIES_DESCRIPTION = 0x0008103e;
const OPERATORS_NAME = 0x00081070;
const GE_PULSE_SEQUENCE_NAME = 0x0019109c;
const RECEIVE_COIL_NAME = 0x00181250;
const BASIC: ProfileSpec = { base: 'basic', options: [] };
const CLEAN: ProfileSpec = { base: 'basic', options: ['clean-descriptors'] };
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

const names = (folder: string) =>
  readdirSync(corpusFile(folder))
    .filter((n) => n.endsWith('.dcm'))
    .sort();

/** The series' files with `edits` planted in each (and `more` done to the files it picks). */
function series(
  folder: string,
  edits: ReadonlyArray<readonly [number, string]>,
  more?: { readonly files: (index: number) => boolean; readonly text: (name: string) => string },
): Uint8Array[] {
  return names(folder).map((n, i) =>
    plantedFile(`${folder}/${n}`, edits, (file) => {
      if (more?.files(i)) putElement(file.dataset, OPERATORS_NAME, 'PN', latin1(more.text(n)));
    }),
  );
}

/** The study's values as the CLI and the app collect them (scanHeader, StudyValueIndex). */
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

/** convertSeries with the study's values, as niftiWorker.ts (CLI) and niftiJob.ts (app) call it. */
async function convert(
  files: readonly Uint8Array[],
  spec: ProfileSpec,
  studyValues?: readonly StudyValue[],
): Promise<SeriesOutcome> {
  const deidentifier = createDeidentifier(spec, await webCryptoKeyedHash(TEST_KEY));
  const dcm2niix = await loadNodeDcm2niix();
  return convertSeries(
    files,
    { dcm2niix, deidentifier, spec },
    { compress: true },
    { studyValues: studyValues ?? (await studyValuesOf(files)) },
  );
}

function sidecarOf(outcome: SeriesOutcome): Record<string, unknown> {
  if (outcome.status !== 'converted')
    throw new Error(`not converted: ${outcome.status}: ${outcome.reason}`);
  const json = outcome.files.find((file) => file.kind === 'sidecar')!;
  return JSON.parse(Buffer.concat(json.chunks).toString('utf8')) as Record<string, unknown>;
}

/** Every byte the series would save, names included, as lower-case Latin-1 text. */
function savedText(outcome: SeriesOutcome): string {
  if (outcome.status !== 'converted') return '';
  return outcome.files
    .map((file) => `${file.path}\n${Buffer.concat(file.chunks).toString('latin1')}`)
    .join('\n')
    .toLowerCase();
}

describe('the series as dcm2niix labels them (the premise of the cases below)', () => {
  it.each([
    [GE, { PulseSequenceName: 'epiRT', InternalPulseSequenceName: 'EPI', CoilString: '32Ch Head' }],
    [SIEMENS, { SequenceName: 'epfid2d1_72', ReceiveCoilName: 'Head_32' }],
  ])('%s: the labels are in technical sidecar fields', async (folder, labels) => {
    for (const key of Object.keys(labels)) expect(SIDECAR_FIELDS[key]?.kind).toBe('technical');
    expect(sidecarOf(await convert(series(folder, []), BASIC))).toMatchObject(labels);
  });
});

describe('a patient named after a technical label of the series is no leak in that label', () => {
  it.each([
    // One-word names equal to the whole label.
    [GE, 'epiRT', 'PulseSequenceName', 'epiRT'],
    [GE, 'EPI', 'InternalPulseSequenceName', 'EPI'],
    [SIEMENS, 'epfid2d1_72', 'SequenceName', 'epfid2d1_72'],
    [SIEMENS, 'Head_32', 'ReceiveCoilName', 'Head_32'],
    // A one-word name equal to one word of the label.
    [GE, '32Ch', 'CoilString', '32Ch Head'],
    // Two-word names whose words are the label: a phantom named after its coil.
    [GE, '32Ch^Head', 'CoilString', '32Ch Head'],
    [GE, '32Ch Head', 'CoilString', '32Ch Head'],
    // A real-looking two-part name of which one word is the label.
    [GE, 'epiRT^Harriet', 'PulseSequenceName', 'epiRT'],
  ])('%s, Patient Name "%s": written, with %s', async (folder, name, field, value) => {
    const outcome = await convert(series(folder, [[PATIENT_NAME, name]]), BASIC);
    expect(outcome.status, outcome.status === 'converted' ? '' : outcome.reason).toBe('converted');
    const json = sidecarOf(outcome);
    expect(json[field]).toBe(value);
    expect(json).not.toHaveProperty('PatientName');
  });
});

describe('control: a real two-part name in the same technical value is caught', () => {
  it('"Doe^John" as "John Doe" in GE\'s Pulse Sequence Name quarantines the series', async () => {
    const files = series(GE, [
      [PATIENT_NAME, 'Doe^John'],
      [GE_PULSE_SEQUENCE_NAME, 'epiRT John Doe'],
    ]);
    const outcome = await convert(files, BASIC);
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome).not.toHaveProperty('files');
    // The sidecar did it, not the de-identified first file (the engine removes the private tag).
    expect(outcome.reason).toMatch(
      /^quarantined, not saved: .*the JSON sidecar's "PulseSequenceName" held a patient name \(from PatientName\)/,
    );
    expect(outcome.reason).not.toMatch(/in a file of this series/);
    expect(outcome.reason).not.toMatch(/john|doe/i);
    expect(outcome.findings.map((f) => f.path)).toEqual([`the JSON sidecar's "PulseSequenceName"`]);
    expect(JSON.stringify(outcome.findings)).not.toMatch(/john|doe/i);
  });

  it('one word of the same name there is a term, and the series is written', async () => {
    const files = series(GE, [
      [PATIENT_NAME, 'Doe^John'],
      [GE_PULSE_SEQUENCE_NAME, 'epiRT John'],
    ]);
    expect(sidecarOf(await convert(files, BASIC))).toMatchObject({
      PulseSequenceName: 'epiRT John',
    });
  });

  // The standard Receive Coil Name, source of GE's CoilString, stays in the de-identified DICOM:
  // the engine's own check of the series' first file stops the series before dcm2niix runs.
  it('in the Receive Coil Name (CoilString) the first file is quarantined, and so the series', async () => {
    const files = series(GE, [
      [PATIENT_NAME, 'Doe^John'],
      [RECEIVE_COIL_NAME, '32Ch Head John Doe'],
    ]);
    const outcome = await convert(files, BASIC);
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome).not.toHaveProperty('files');
    expect(outcome.reason).not.toMatch(/john|doe/i);
    expect(outcome.reason).toMatch(
      /\(0018,1250\) held a patient name \(from PatientName\) \(in a file of this series: none of its outputs is saved\)$/,
    );
    expect(JSON.stringify(outcome.findings)).not.toMatch(/john|doe/i);
  });
});

describe('control: a surname in kept free text (Clean Descriptors)', () => {
  const SURNAME = 'Quackenbush';
  const DESCRIPTION = `Axial EPI for ${SURNAME}`;

  it('is no DICOM dictionary word (one word of a name counts in free text)', () => {
    expect(isDictionaryWord(SURNAME)).toBe(false);
  });

  it("the patient's own surname is cut from the description; the sidecar has the rest", async () => {
    const files = series(GE, [
      [PATIENT_NAME, `${SURNAME}^Harriet`],
      [SERIES_DESCRIPTION, DESCRIPTION],
    ]);
    const outcome = await convert(files, CLEAN);
    expect(sidecarOf(outcome).SeriesDescription).toBe('Axial EPI for ***');
    expect(savedText(outcome)).not.toContain(SURNAME.toLowerCase());
  });

  // Only files 2..n of the series name the operator: the first file, whose cleaning the sidecar
  // follows, does not know the name; dcm2niix copies the description as it is.
  const onlyLaterFiles = () =>
    series(GE, [[SERIES_DESCRIPTION, DESCRIPTION]], {
      files: (i) => i > 0,
      text: () => `${SURNAME}^Harriet`,
    });

  it("a name only other files carry is cut with the study's values (the CLI and app flow)", async () => {
    const outcome = await convert(onlyLaterFiles(), CLEAN);
    expect(sidecarOf(outcome).SeriesDescription).toBe('Axial EPI for ***');
    expect(savedText(outcome)).not.toContain(SURNAME.toLowerCase());
  });

  it('without them cleaning does not cut it; it reaches the sidecar and is caught', async () => {
    const outcome = await convert(onlyLaterFiles(), CLEAN, []);
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome.reason).toMatch(
      /^quarantined, not saved: .*the JSON sidecar's "SeriesDescription" held a person name \(from OperatorsName\)/,
    );
    expect(outcome.reason).not.toMatch(/in a file of this series/);
    expect(outcome.reason).not.toMatch(/quackenbush|harriet/i);
    expect(outcome.findings.map((f) => f.path)).toEqual([`the JSON sidecar's "SeriesDescription"`]);
  });
});
