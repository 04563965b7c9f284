/**
 * Codes are not always vocabulary. A standard scheme's meaning for its code is safe; a local
 * scheme's (designator "99...", or none the standard registers) is whatever a site typed, such
 * as "reviewed by Dr Harriet". Real files get names planted into code meanings in sequences
 * the profile keeps, keeps with dummy content (X/Z, D) and in SR content trees, at every depth;
 * then no written output may hold the name anywhere (searched in the raw bytes, independently
 * of our reader), and the local codes keep their value and designator.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DicomItem } from '../dicom/dataset';
import { DicomError } from '../dicom/errors';
import { newItem, putElement, putSequence } from '../dicom/edit';
import { readDicom } from '../dicom/readDicom';
import { encodeTextValue, readStrings } from '../dicom/values';
import { writeDicom } from '../dicom/writer';
import { corpusFiles, NOT_DICOM_NAME, relativeToCorpus } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { plantedFile } from '../testing/deidCases';
import type { FileOutcome, ProfileSpec } from './api';
import { isLocalCode } from './codingSchemes';

const BASIC: ProfileSpec = { base: 'basic', options: [] };
const CT = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
const SR = 'pydicom/src/pydicom/data/test_files/test-SR.dcm';

const PATIENT_NAME = 0x00100010;
const REFERRING = 0x00080090;
const CODE_VALUE = 0x00080100;
const DESIGNATOR = 0x00080102;
const CODE_MEANING = 0x00080104;
const PROCEDURE_CODES = 0x00081032; // not in Table E.1-1: kept
const REFERENCED_STUDY = 0x00081110; // X/Z: items kept with dummy content
const PURPOSE_OF_REFERENCE = 0x0040a170;
const REFERENCED_SOP_CLASS = 0x00081150;
const REFERENCED_SOP_INSTANCE = 0x00081155;

/** The patient and the referring physician of every planted file. */
const PATIENT = 'Harriet^Quincy';
const DOCTOR = 'Okonkwo^Adaeze';
const PLANTED = /harriet|quincy|okonkwo|adaeze/i;

function code(parent: DicomItem, value: string, designator: string, meaning: string): DicomItem {
  const item = newItem(parent);
  putElement(item, CODE_VALUE, 'SH', encodeTextValue(item, 'SH', value));
  putElement(item, DESIGNATOR, 'SH', encodeTextValue(item, 'SH', designator));
  putElement(item, CODE_MEANING, 'LO', encodeTextValue(item, 'LO', meaning));
  return item;
}

/** Raw output bytes as lower-case text, inflated first when the data set is deflated. */
function searchable(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const metaEnd = 132 + 12 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(140, true);
  if (!text.slice(0, metaEnd).includes('1.2.840.10008.1.2.1.99')) return text;
  return text.slice(0, metaEnd) + inflateRawSync(bytes.subarray(metaEnd)).toString('latin1');
}

function leaked(outcome: FileOutcome): boolean {
  return outcome.status === 'written' && PLANTED.test(searchable(outputBytes(outcome)));
}

async function deidentify(bytes: Uint8Array, spec = BASIC) {
  return (await testDeidentifier(spec)).deidentify(bytes);
}

describe('code meanings', () => {
  it('a local scheme meaning in a kept sequence is cleaned; its code stays', async () => {
    const input = plantedFile(CT, [[PATIENT_NAME, PATIENT]], (file) => {
      const item = code(file.dataset, 'RV1', '99HOSP', 'CT head reviewed by Quincy Harriet');
      putSequence(file.dataset, PROCEDURE_CODES, [item]);
    });
    const outcome = await deidentify(input);
    expect(outcome.status).toBe('written');
    expect(leaked(outcome)).toBe(false);
    const item = readDicom(outputBytes(outcome)).dataset.elements.find(
      (e) => e.tag === PROCEDURE_CODES,
    )!.items![0]!;
    const value = (tag: number) =>
      readStrings(
        item,
        item.elements.find((e) => e.tag === tag)!,
      );
    expect(value(CODE_VALUE)).toEqual(['RV1']);
    expect(value(DESIGNATOR)).toEqual(['99HOSP']);
    expect(value(CODE_MEANING)[0]).toMatch(/^CT head reviewed by/);
  });

  it('one surname alone in a local meaning is cut too, as in any free text', async () => {
    const input = plantedFile(CT, [[PATIENT_NAME, PATIENT]], (file) => {
      putSequence(file.dataset, PROCEDURE_CODES, [
        code(file.dataset, 'RV2', '99HOSP', 'Seen by Dr Harriet'),
      ]);
    });
    const outcome = await deidentify(input);
    expect(outcome.status).toBe('written');
    expect(leaked(outcome)).toBe(false);
  });

  it('inside an X/Z sequence kept for validity, a nested local meaning becomes dummy', async () => {
    const input = plantedFile(CT, [[PATIENT_NAME, PATIENT]], (file) => {
      const study = newItem(file.dataset);
      putElement(
        study,
        REFERENCED_SOP_CLASS,
        'UI',
        encodeTextValue(study, 'UI', '1.2.840.10008.3.1.2.3.1'),
      );
      putElement(
        study,
        REFERENCED_SOP_INSTANCE,
        'UI',
        encodeTextValue(study, 'UI', '1.2.3.4.5.6.7'),
      );
      putSequence(study, PURPOSE_OF_REFERENCE, [
        code(study, 'P1', '99LOCAL', 'Adaeze Okonkwo asked for comparison'),
      ]);
      putSequence(file.dataset, REFERENCED_STUDY, [study]);
    });
    const outcome = await deidentify(input);
    expect(outcome.status).toBe('written');
    expect(leaked(outcome)).toBe(false);
  });

  it("a standard scheme's meaning is kept, but a whole name planted there still quarantines", async () => {
    const input = plantedFile(CT, [[PATIENT_NAME, PATIENT]], (file) => {
      putSequence(file.dataset, PROCEDURE_CODES, [
        code(file.dataset, '77477000', 'SCT', 'CT of Quincy Harriet'),
      ]);
    });
    const outcome = await deidentify(input);
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome.findings).toContainEqual({
      path: '(0008,1032)[0].(0008,0104)',
      kind: 'patient name',
      source: 'PatientName',
    });
    expect(outcome.reason).not.toMatch(PLANTED);
  });

  it('the legacy table keeps local meanings, and the check then holds the file back', async () => {
    const input = plantedFile(CT, [[PATIENT_NAME, PATIENT]], (file) => {
      putSequence(file.dataset, PROCEDURE_CODES, [
        code(file.dataset, 'RV3', '99HOSP', 'Seen by Dr Harriet'),
      ]);
    });
    const outcome = await deidentify(input, { base: 'legacy', options: [] });
    expect(outcome.status).toBe('quarantined');
  });

  it('an SR content tree: local concept names with a name planted go dummy at every depth', async () => {
    const input = plantedFile(SR, [[PATIENT_NAME, PATIENT]], (file) => {
      plantInCodes(file.dataset, 'Quincy Harriet');
    });
    const outcome = await deidentify(input);
    expect(outcome.status).toBe('written');
    expect(leaked(outcome)).toBe(false);
  });
});

/**
 * Appends a name to every code meaning at every depth (only those of local schemes when asked);
 * returns how many it changed.
 */
function plantInCodes(item: DicomItem, name: string, onlyLocal = false): number {
  let n = 0;
  for (const element of item.elements) {
    if (element.items) {
      for (const child of element.items) n += plantInCodes(child, name, onlyLocal);
      continue;
    }
    if (element.tag !== CODE_MEANING) continue;
    if (onlyLocal && !isLocalCode(item)) continue;
    const meaning = readStrings(item, element)[0] ?? '';
    putElement(
      item,
      CODE_MEANING,
      'LO',
      encodeTextValue(item, 'LO', `${meaning} ${name}`.slice(0, 64)),
    );
    n++;
  }
  return n;
}

describe('code canary: names planted in the code meanings of real files', () => {
  const specs: ProfileSpec[] = [
    BASIC,
    { base: 'basic', options: ['clean-descriptors', 'clean-structured-content'] },
  ];

  /** Plants in every readable corpus file with codes; counts meanings, written files, leaks. */
  async function run(onlyLocal: boolean) {
    let planted = 0;
    let written = 0;
    const leaks: string[] = [];
    const files = corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f));
    for (const spec of specs) {
      const deidentifier = await testDeidentifier(spec);
      for (const file of files) {
        const original = new Uint8Array(readFileSync(file));
        if (original.length > 4 << 20) continue;
        let parsed;
        try {
          parsed = readDicom(original);
        } catch (error) {
          if (error instanceof DicomError) continue;
          throw error;
        }
        const setName = (tag: number, value: string) => {
          try {
            putElement(parsed.dataset, tag, 'PN', encodeTextValue(parsed.dataset, 'PN', value));
          } catch (error) {
            if (!(error instanceof DicomError)) throw error;
          }
        };
        setName(PATIENT_NAME, PATIENT);
        setName(REFERRING, DOCTOR);
        const count = plantInCodes(parsed.dataset, 'Quincy Harriet, Dr Okonkwo', onlyLocal);
        if (count === 0) continue;
        planted += count;
        const outcome = await deidentifier.deidentify(writeDicom(parsed));
        if (outcome.status === 'written') written++;
        if (leaked(outcome)) leaks.push(relativeToCorpus(file));
      }
    }
    return { planted, written, leaks };
  }

  it('in every code meaning: nothing reaches a written output (standard ones quarantine)', async () => {
    const { planted, written, leaks } = await run(false);
    console.log(`code canary, all schemes: ${planted} meanings planted, ${written} written`);
    expect(planted).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
  }, 300_000);

  it('in local schemes only: files are written, cleaned, and nothing leaks', async () => {
    const { planted, written, leaks } = await run(true);
    console.log(`code canary, local schemes: ${planted} meanings planted, ${written} written`);
    expect(planted).toBeGreaterThan(100);
    expect(written).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  }, 300_000);
});
