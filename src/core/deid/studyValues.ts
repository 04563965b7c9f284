/**
 * Identifying values of a whole study, for the verifier and for cleaning. A file may hold, in
 * text the profile keeps, a name or number that only another file of its study carries as an
 * attribute (the technologist typed the patient's name into one series' description, the
 * referring physician of another series): the file's own attributes cannot reveal that. So the
 * scan collects, from every header, the values that could identify someone, and each file is
 * de-identified with those of its study.
 *
 * Values are collected before any profile is chosen (the scan comes first); the engine asks its
 * profile which of them it takes away (see deidentifier.ts).
 */
import { findElement, type DicomItem } from '../dicom/dataset';
import { isPrivateCreatorTag, isPrivateTag, tag } from '../dicom/tag';
import { isTextVR } from '../dicom/vr';
import { effectiveVR, textValues } from './dataSetPlan';
import type { StudyValue } from './identifierTypes';
import { identifierKindOf, isWorthChecking } from './identifiers';

export type { StudyValue } from './identifierTypes';

const STUDY_INSTANCE_UID = tag(0x0020, 0x000d);
const PATIENT_ID = tag(0x0010, 0x0020);
const PATIENT_NAME = tag(0x0010, 0x0010);

/**
 * A hostile or unusual header must not make every task carry thousands of values: per file
 * and per study the collection stops at these counts (a real study has a few dozen).
 */
export const MAX_VALUES_PER_FILE = 256;
export const MAX_VALUES_PER_STUDY = 512;
const MAX_VALUE_LENGTH = 256;

/**
 * The study a header belongs to: its Study Instance UID, else its patient (files without a
 * study still share a patient's values). '' when there is neither.
 */
export function studyKeyOf(dataset: DicomItem): string {
  const study = firstValue(dataset, STUDY_INSTANCE_UID, 'UI');
  if (study !== '') return `study:${study}`;
  const id = firstValue(dataset, PATIENT_ID, 'LO');
  if (id !== '') return `patient-id:${id}`;
  const name = firstValue(dataset, PATIENT_NAME, 'PN');
  return name !== '' ? `patient-name:${name}` : '';
}

/**
 * The values of a header, at every depth, that would identify someone if the profile takes
 * them away: names, IDs, dates of birth, addresses, telephone numbers, institutions. Private
 * attributes are left out (they are removed for being unknown), and so are UIDs: every file's
 * own are checked already, and a study's thousands of instance UIDs would weigh on every task.
 */
export function identifyingValuesOf(dataset: DicomItem): StudyValue[] {
  const found = new Map<string, StudyValue>();
  const visit = (item: DicomItem, depth: number): void => {
    for (const element of item.elements) {
      if (found.size >= MAX_VALUES_PER_FILE) return;
      if (element.items) {
        if (depth < 8) for (const child of element.items) visit(child, depth + 1);
        continue;
      }
      if (isPrivateTag(element.tag) || isPrivateCreatorTag(element.tag)) continue;
      const vr = effectiveVR(element, undefined);
      if (!isTextVR(vr) || vr === 'UI') continue;
      const kind = identifierKindOf(element.tag, vr);
      if (!kind) continue;
      let values: string[];
      try {
        values = textValues(item, element, vr);
      } catch {
        continue; // a value in a character set we cannot decode identifies nothing we could find
      }
      for (const raw of values) {
        const value = raw.trim();
        if (value.length > MAX_VALUE_LENGTH || !isWorthChecking(kind, value)) continue;
        const studyValue = { tag: element.tag, vr, value };
        found.set(keyOf(studyValue), studyValue);
      }
    }
  };
  visit(dataset, 0);
  return [...found.values()];
}

/** The values of every scanned file, merged per study. */
export class StudyValueIndex {
  private readonly studies = new Map<string, Map<string, StudyValue>>();

  add(studyKey: string, values: readonly StudyValue[]): void {
    if (studyKey === '' || values.length === 0) return;
    let study = this.studies.get(studyKey);
    if (!study) this.studies.set(studyKey, (study = new Map()));
    for (const value of values) study.set(keyOf(value), value);
    // Past the bound, the first values in a fixed order are kept, not the first to arrive: the
    // app's scan finishes files in any order, and its outputs must equal the CLI's.
    if (study.size > 2 * MAX_VALUES_PER_STUDY) {
      this.studies.set(studyKey, new Map(sortedEntries(study).slice(0, MAX_VALUES_PER_STUDY)));
    }
  }

  /**
   * The study's values in a fixed order, so that a file's output does not depend on the order
   * in which the scan happened to read the study.
   */
  valuesOf(studyKey: string): StudyValue[] {
    const study = this.studies.get(studyKey);
    if (!study) return [];
    return sortedEntries(study)
      .slice(0, MAX_VALUES_PER_STUDY)
      .map(([, value]) => value);
  }
}

const keyOf = (value: StudyValue) => `${value.tag}\u0000${value.vr}\u0000${value.value}`;

function sortedEntries(study: Map<string, StudyValue>): Array<[string, StudyValue]> {
  return [...study.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function firstValue(item: DicomItem, t: number, vrIfUnknown: string): string {
  const element = findElement(item, t);
  if (!element || element.items) return '';
  try {
    return textValues(item, element, element.vr === 'UN' ? vrIfUnknown : element.vr)[0] ?? '';
  } catch {
    return '';
  }
}
