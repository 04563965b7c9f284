/**
 * Which series a file belongs to, and whether that series can become NIfTI. dcm2niix converts a
 * folder; it is given exactly the files of one series (Study and Series Instance UID), so that
 * it never mixes series and its memory stays bounded by the largest series.
 *
 * A series is convertible when its objects carry pixel data and are images of a body: not
 * segmentations (SEG's frames are labels, which dcm2niix does not turn into a volume) and not
 * objects without pixels (SR, key object selections, presentation states, RT structure sets and
 * plans, waveforms, encapsulated documents). The caller writes the others as de-identified
 * DICOM.
 */
import { findElement, type DicomFile, type DicomItem } from '../dicom/dataset';
import { IMAGE_DATA_TAGS } from '../dicom/tag';
import { readDicom } from '../dicom/readDicom';
import { textValues } from '../deid/dataSetPlan';
import { unreadableOutcome } from '../deid/unreadable';
import type { StudyValue } from '../deid/studyValues';

export type SeriesOf =
  | {
      readonly status: 'dicom';
      /** Groups files for one conversion: Study + Series Instance UID. */
      readonly seriesKey: string;
      /** Why the series cannot become NIfTI; undefined when it can. */
      readonly notConvertible: string | undefined;
    }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

const SOP_CLASS_UID = 0x00080016;
const MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
const STUDY_INSTANCE_UID = 0x0020000d;
const SERIES_INSTANCE_UID = 0x0020000e;
const DIRECTORY_RECORD_SEQUENCE = 0x00041220;
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export function seriesOf(bytes: Uint8Array): SeriesOf {
  let file: DicomFile;
  try {
    file = readDicom(bytes);
  } catch (error) {
    return unreadableOutcome(error);
  }
  const dataset = file.dataset;
  const sopClass =
    firstUid(dataset, SOP_CLASS_UID) ||
    (file.meta ? firstUid(file.meta, MEDIA_STORAGE_SOP_CLASS_UID) : '');
  if (sopClass === MEDIA_STORAGE_DIRECTORY || findElement(dataset, DIRECTORY_RECORD_SEQUENCE)) {
    return {
      status: 'skipped',
      reason:
        'DICOMDIR (a media index, not an image): it lists the original file names and patients, so it is not copied',
    };
  }
  const seriesKey = `${firstUid(dataset, STUDY_INSTANCE_UID)}|${firstUid(dataset, SERIES_INSTANCE_UID)}`;
  return { status: 'dicom', seriesKey, notConvertible: whyNotConvertible(dataset, sopClass) };
}

function whyNotConvertible(dataset: DicomItem, sopClass: string): string | undefined {
  if (!IMAGE_DATA_TAGS.some((tag) => findElement(dataset, tag)))
    return 'not an image (no pixel data: a report, presentation state, RT structure or plan, key object or similar)';
  if (sopClass === SEGMENTATION_STORAGE)
    return 'a segmentation (its frames are labels, not an image dcm2niix converts)';
  return undefined;
}

function firstUid(item: DicomItem, tag: number): string {
  const element = findElement(item, tag);
  if (!element || element.items) return '';
  return textValues(item, element, 'UI')[0] ?? '';
}

/**
 * The study values a series is converted with: those of each of its files' studies, merged
 * (one study in practice: a series is grouped by its Study Instance UID; files without one are
 * grouped by patient). Sorted like StudyValueIndex.valuesOf, so that the CLI and the app, which
 * each hold one list per file, give the engine the same list.
 */
export function seriesStudyValues(lists: ReadonlyArray<readonly StudyValue[]>): StudyValue[] {
  const merged = new Map<string, StudyValue>();
  for (const list of lists)
    for (const value of list)
      merged.set(`${value.tag}\u0000${value.vr}\u0000${value.value}`, value);
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}
