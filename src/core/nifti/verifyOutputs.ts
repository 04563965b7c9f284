/**
 * Fail closed, for NIfTI: before a converted series is saved, every text of it that leaves the
 * machine is searched for what the profile took away from the series' files and for the
 * identifying values of their study, with the DICOM verifier's own matching (leakCheck.ts).
 * The sidecar is filtered and the image header zeroed already; this catches what the filters
 * cannot know: a kept or cleaned field, or a technical one dcm2niix took from a private block,
 * that holds a name; a name only another file of the study carries.
 *
 * Searched: the output names, every key and string value of the JSON sidecar (as parsed back
 * from the bytes written), the image header's text fields, and bval/bvec. Not the voxels: what
 * an image shows is burned-in text, not a header (as for DICOM pixel data).
 */
import type { ProfileSpec } from '../deid/api';
import { DataSetPlan, textValues } from '../deid/dataSetPlan';
import { findElement, type DicomItem } from '../dicom/dataset';
import {
  identifiersOf,
  studyValuesTakenBy,
  withoutKeptNames,
  type Identifier,
} from '../deid/identifiers';
import { findLeaksInText, type LeakFinding, type TextPlace } from '../deid/leakCheck';
import { ResolvedProfile } from '../deid/profile';
import type { StudyValue } from '../deid/studyValues';
import { readDicom } from '../dicom/readDicom';
import { niftiHeaderTexts } from './niftiHeader';
import type { NiftiFileKind } from './niftiNames';
import { SIDECAR_FIELDS } from './sidecarFields';
import { describeFinding } from '../report/findingText';

/** Attributes whose copy in the sidecar gets the DICOM verifier's manufacturer exception. */
const SIDECAR_TAGS: Readonly<Record<string, number>> = {
  Manufacturer: 0x00080070,
  ManufacturersModelName: 0x00081090,
};

/**
 * The identifiers of a series: what the profile takes away from each of its files (as the
 * engine's verifier computes them for one file) and the study's values it takes away.
 * Throws what readDicom throws for a file that cannot be read.
 */
export function seriesIdentifiers(
  files: readonly Uint8Array[],
  spec: ProfileSpec,
  studyValues: readonly StudyValue[],
): Identifier[] {
  const profile = new ResolvedProfile(spec);
  const found = new Map<string, Identifier>();
  const add = (list: readonly Identifier[]) => {
    for (const identifier of list) {
      const key = `${identifier.kind}\u0000${identifier.value.toLowerCase()}`;
      if (!found.has(key)) found.set(key, identifier);
    }
  };
  let maker = '';
  let model = '';
  for (const bytes of files) {
    const dataset = readDicom(bytes).dataset;
    const plan = new DataSetPlan(profile, '');
    plan.walk(dataset, '', 'normal', true);
    add(identifiersOf([...plan.elements, ...plan.insideRemoved]));
    maker ||= firstValue(dataset, SIDECAR_TAGS.Manufacturer!);
    model ||= firstValue(dataset, SIDECAR_TAGS.ManufacturersModelName!);
  }
  add(identifiersOf([], studyValuesTakenBy(profile, studyValues)));
  // The sidecar keeps the make and model whatever the profile (they are technical there).
  return withoutKeptNames([...found.values()], { manufacturer: maker, model, institution: '' });
}

function firstValue(dataset: DicomItem, tag: number): string {
  const element = findElement(dataset, tag);
  if (!element || element.items) return '';
  try {
    return textValues(dataset, element, 'LO')[0] ?? '';
  } catch {
    return ''; // a name in a character set we cannot read exempts nothing
  }
}

/** One output file as it will be saved, with its header bytes before gzip for an image. */
export interface OutputToVerify {
  readonly path: string;
  readonly kind: NiftiFileKind;
  /** The image's header (the first chunk written), or the whole sidecar, bval or bvec. */
  readonly text: Uint8Array;
}

/** Where each text of the outputs stands, named without any value. */
export function placesOf(outputs: readonly OutputToVerify[]): TextPlace[] {
  const places: TextPlace[] = [];
  let images = 0;
  for (const output of outputs) {
    places.push({ where: 'an output file name', text: output.path, fileName: true });
    switch (output.kind) {
      case 'image': {
        images++;
        const which = images > 1 ? `image ${images}'s` : "the image's";
        for (const { field, text } of niftiHeaderTexts(output.text))
          places.push({ where: `${which} header field ${field}`, text });
        break;
      }
      case 'sidecar':
        places.push(...sidecarPlaces(new TextDecoder().decode(output.text)));
        break;
      case 'bval':
      case 'bvec':
        places.push({
          where: `the .${output.kind} file`,
          text: new TextDecoder().decode(output.text),
        });
        break;
    }
  }
  return places;
}

function sidecarPlaces(json: string): TextPlace[] {
  const places: TextPlace[] = [];
  const parsed = JSON.parse(json) as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed)) {
    // The filter lets only listed keys through, so a listed key names no one; any other is
    // only "a key".
    const listed = Object.hasOwn(SIDECAR_FIELDS, key);
    places.push({
      where: listed ? `the JSON sidecar's key "${key}"` : 'a key of the JSON sidecar',
      text: key,
    });
    const where = listed ? `the JSON sidecar's "${key}"` : 'a value of the JSON sidecar';
    const tag = SIDECAR_TAGS[key];
    const technical = listed && SIDECAR_FIELDS[key]!.kind === 'technical';
    for (const text of strings(value))
      places.push({
        where,
        text,
        ...(tag === undefined ? {} : { tag }),
        ...(technical ? { technical } : {}),
      });
  }
  return places;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** What the verifier found in the outputs of a series, or nothing. */
export function findNiftiLeaks(
  outputs: readonly OutputToVerify[],
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string> = new Set(),
): LeakFinding[] {
  return findLeaksInText(placesOf(outputs), identifiers, allowed);
}

/** The values the user allowed (ProfileSpec.allowValues), as the verifier compares them. */
export function allowedValues(spec: ProfileSpec): ReadonlySet<string> {
  return new ResolvedProfile(spec).allowed;
}

/** The report's reason: where and what kind, never the value. */
export function describeNiftiFindings(findings: readonly LeakFinding[]): string {
  const shown = findings.slice(0, 5).map(describeFinding).join('; ');
  const more = findings.length > 5 ? `; and ${findings.length - 5} more` : '';
  return `quarantined, not saved: identifying values remain in the NIfTI output of this series: ${shown}${more}`;
}
