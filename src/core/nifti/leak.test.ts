/**
 * No identifying value of an input reaches any byte of the NIfTI output: not the image (its
 * header, extensions or gzip wrapper, nor the decompressed bytes), the JSON sidecar, bval/bvec
 * or the output names. Inputs: the MR series of the corpus, among them a phantom with
 * pseudo-PHI (flywheel-deidentification), converted with the default (basic) profile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { textValues } from '../deid/dataSetPlan';
import type { DicomItem } from '../dicom/dataset';
import { readDicom } from '../dicom/readDicom';
import { SHARED_DATA } from '../testing/corpus';
import { convertCorpusSeries, type ConvertedSeries } from '../testing/niftiCorpus';

const FOLDERS = ['dcm_qa_nih/In', 'dcm_qa/In', 'flywheel-deidentification', 'pydicom-deid'];

/** Attributes whose values identify (beyond every PN, DA, DT, TM and UI value). */
const IDENTIFYING_TAGS = new Set([
  0x00080050, // AccessionNumber
  0x00080080, // InstitutionName
  0x00080081, // InstitutionAddress
  0x00081010, // StationName
  0x00081030, // StudyDescription
  0x0008103e, // SeriesDescription
  0x00081040, // InstitutionalDepartmentName
  0x00100020, // PatientID
  0x00101000, // OtherPatientIDs
  0x00101040, // PatientAddress
  0x00181000, // DeviceSerialNumber
  0x00181030, // ProtocolName
  0x00200010, // StudyID
  0x00204000, // ImageComments
  0x00400254, // PerformedProcedureStepDescription
]);

/**
 * What must not appear, lower-cased: values of at least 4 characters (shorter ones such as
 * "M" or "NIH" would match by chance; names, IDs and UIDs are longer), person-name parts, and
 * dates and times also in the spellings dcm2niix uses (2018-09-18, 12:24:58).
 */
function identifyingStrings(dataset: DicomItem, out: Set<string>): void {
  const add = (value: string) => {
    const v = value.trim().toLowerCase();
    if (v.length >= 4) out.add(v);
  };
  for (const element of dataset.elements) {
    if (element.items) continue;
    const { vr } = element;
    if (!['PN', 'DA', 'DT', 'TM', 'UI'].includes(vr) && !IDENTIFYING_TAGS.has(element.tag))
      continue;
    for (const value of textValues(dataset, element, vr)) {
      if (vr === 'PN') value.split(/[\^=]/).forEach(add);
      else if (vr === 'DA' || vr === 'DT') {
        add(value.slice(0, 8));
        if (/^\d{8}/.test(value))
          add(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`);
      } else if (vr === 'TM') {
        if (/^\d{6}/.test(value)) {
          add(value.slice(0, 6));
          add(`${value.slice(0, 2)}:${value.slice(2, 4)}:${value.slice(4, 6)}`);
        }
      } else add(value);
    }
  }
}

/** The output as text to search: names, and every byte (decompressed too) as Latin-1. */
function outputTexts(series: ConvertedSeries): string[] {
  if (series.outcome.status !== 'converted') return [];
  const texts: string[] = [];
  for (const file of series.outcome.files) {
    const bytes = Buffer.concat(file.chunks);
    texts.push(file.path, bytes.toString('latin1'));
    if (file.path.endsWith('.gz')) texts.push(Buffer.from(gunzipSync(bytes)).toString('latin1'));
  }
  return texts.map((text) => text.toLowerCase());
}

/**
 * Long values anywhere; short ones (a name part such as "test") as whole words only, since
 * "N4_VE11C_LATEST_20160120" is a software version, not the patient.
 */
function appears(value: string, text: string): boolean {
  if (value.length >= 8) return text.includes(value);
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`).test(text);
}

describe('NIfTI output carries no identifying value of its inputs', () => {
  let converted: ConvertedSeries[] = [];

  beforeAll(async () => {
    for (const folder of FOLDERS)
      converted.push(...(await convertCorpusSeries(path.join(SHARED_DATA, folder) + path.sep)));
    converted = converted.filter((series) => series.outcome.status === 'converted');
  });

  it('converts the series (the phantom with pseudo-PHI included)', () => {
    expect(converted.length).toBeGreaterThanOrEqual(35);
    expect(converted.some((s) => s.files[0]!.includes('flywheel-deidentification'))).toBe(true);
  });

  it('no name, ID, UID, date, time, institution, device or description in any output byte', () => {
    let checked = 0;
    for (const series of converted) {
      const forbidden = new Set<string>();
      for (const file of series.files) {
        identifyingStrings(readDicom(readFileSync(file)).dataset, forbidden);
        // The file's name, and folder names with digits (dates, IDs, series); plain words such
        // as "Orientation" are no identifier and may well appear in a sidecar key.
        const parts = path.relative(SHARED_DATA, file).split('/');
        forbidden.add(parts.pop()!.toLowerCase());
        for (const part of parts) if (/\d/.test(part)) forbidden.add(part.toLowerCase());
      }
      const texts = outputTexts(series);
      for (const value of forbidden) {
        const found = texts.some((text) => appears(value, text));
        expect(found, `${value} in the output of ${series.files[0]}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('the image headers keep no text: descrip, aux_file, intent_name, db_name are zero', () => {
    for (const series of converted) {
      if (series.outcome.status !== 'converted') continue;
      for (const file of series.outcome.files.filter((f) => f.kind === 'image')) {
        const nii = gunzipSync(Buffer.concat(file.chunks));
        for (const [at, length] of [
          [4, 28],
          [148, 104],
          [328, 16],
        ] as const)
          expect(
            nii.subarray(at, at + length).every((b) => b === 0),
            file.path,
          ).toBe(true);
        expect(new DataView(nii.buffer).getFloat32(108, true)).toBe(352); // no extensions
      }
    }
  });
});
