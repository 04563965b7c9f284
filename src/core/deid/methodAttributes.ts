import type { DicomItem } from '../dicom/dataset';
import { newItem, putElement, putSequence } from '../dicom/edit';
import { encodeTextValue } from '../dicom/values';
import type { ChangeRecord } from './api';
import { BASIC_PROFILE_CODE, PROFILE_OPTIONS } from './options';
import type { ResolvedProfile } from './profile';

const PATIENT_IDENTITY_REMOVED = 0x00120062;
const DEIDENTIFICATION_METHOD = 0x00120063;
const DEIDENTIFICATION_METHOD_CODE_SEQUENCE = 0x00120064;
const LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = 0x00280303;

export const PRODUCT = 'dicomanon 0.1';
/** CID 7050: the Clean Pixel Data Option has no column in Table E.1-1, only its code. */
const CLEAN_PIXEL_DATA = { code: '113101', meaning: 'Clean Pixel Data Option' };

/**
 * Records in the file how it was de-identified (PS3.15 E.1.1 and PS3.3 C.7.1.1): Patient Identity
 * Removed, the method in words, the CID 7050 codes of the profile and each option, and whether
 * dates were kept, shifted or removed. The codes are claimed only for the Basic Profile itself:
 * the legacy table and custom profiles that override the table do not conform to it.
 */
export function addMethodAttributes(
  dataset: DicomItem,
  profile: ResolvedProfile,
  changes: ChangeRecord[],
): void {
  const spec = profile.spec;
  const conforms = spec.base === 'basic' && (spec.overrides ?? []).length === 0;
  const options: ReadonlyArray<{ code: string; meaning: string }> = [
    ...PROFILE_OPTIONS.filter((o) => spec.options.includes(o.name)),
    ...(spec.pixels?.clean ? [CLEAN_PIXEL_DATA] : []),
  ];
  const put = (tag: number, vr: string, value: string, path: string) => {
    putElement(dataset, tag, vr, encodeTextValue(dataset, vr, value));
    changes.push({ path, action: 'added', value });
  };

  put(PATIENT_IDENTITY_REMOVED, 'CS', 'YES', '(0012,0062)');
  const method = [
    `${PRODUCT} ${spec.name ?? (spec.base === 'basic' ? 'PS3.15 Basic Profile' : 'legacy table')}`,
    ...(spec.base === 'basic' ? options.map((o) => o.meaning) : []),
    ...(spec.overrides?.length ? [`custom actions for ${spec.overrides.length} attributes`] : []),
  ]
    .map((v) => v.slice(0, 64))
    .join('\\');
  put(DEIDENTIFICATION_METHOD, 'LO', method, '(0012,0063)');

  if (conforms) {
    const codes = [BASIC_PROFILE_CODE, ...options];
    const items = codes.map((code) => {
      const item = newItem(dataset);
      putElement(item, 0x00080100, 'SH', encodeTextValue(item, 'SH', code.code));
      putElement(item, 0x00080102, 'SH', encodeTextValue(item, 'SH', 'DCM'));
      putElement(item, 0x00080104, 'LO', encodeTextValue(item, 'LO', code.meaning));
      return item;
    });
    putSequence(dataset, DEIDENTIFICATION_METHOD_CODE_SEQUENCE, items);
    changes.push({
      path: '(0012,0064)',
      action: 'added',
      value: codes.map((c) => c.code).join(', '),
    });
  }

  const dates =
    spec.base === 'legacy' || profile.dates === 'keep'
      ? 'UNMODIFIED'
      : profile.dates === 'shift'
        ? 'MODIFIED'
        : 'REMOVED';
  put(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, 'CS', dates, '(0028,0303)');
}
