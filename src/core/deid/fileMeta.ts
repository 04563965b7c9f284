import { UNDEFINED_LENGTH, type DicomItem } from '../dicom/dataset';
import { putElement } from '../dicom/edit';
import { EXPLICIT_LITTLE } from '../dicom/transferSyntax';
import { encodeTextValue } from '../dicom/values';
import { hasShortLength } from '../dicom/vr';

/** Our implementation's identity in every file we write (PS3.7 D.3.3.2). */
export const IMPLEMENTATION_CLASS_UID = '2.25.80853378469258792446922724565073280052';
export const IMPLEMENTATION_VERSION_NAME = 'DICOMANON_0_1';

/**
 * A new file meta group rather than an edited copy of the old one: the original can carry the
 * sending station's AE title, a private creator and private information, none of which belong
 * in a de-identified file. A file read without meta gets one, so every output is Part 10.
 */
export function buildFileMeta(
  sopClassUID: string,
  sopInstanceUID: string,
  transferSyntaxUID: string,
): DicomItem {
  const meta: DicomItem = {
    source: new Uint8Array(0),
    encoding: EXPLICIT_LITTLE,
    start: -1,
    length: UNDEFINED_LENGTH,
    end: -1,
    elements: [],
    elementsChanged: true,
  };
  const text = (vr: string, value: string) => encodeTextValue(meta, vr, value);
  putElement(meta, 0x00020001, 'OB', new Uint8Array([0, 1]));
  putElement(meta, 0x00020002, 'UI', text('UI', sopClassUID));
  // Absent rather than empty when the input had none anywhere: an empty one is a new error.
  if (sopInstanceUID !== '') putElement(meta, 0x00020003, 'UI', text('UI', sopInstanceUID));
  putElement(meta, 0x00020010, 'UI', text('UI', transferSyntaxUID));
  putElement(meta, 0x00020012, 'UI', text('UI', IMPLEMENTATION_CLASS_UID));
  putElement(meta, 0x00020013, 'SH', text('SH', IMPLEMENTATION_VERSION_NAME));
  // The group length is written as given (an added element is not recomputed by the writer).
  let length = 0;
  for (const e of meta.elements) length += (hasShortLength(e.vr) ? 8 : 12) + e.newValue!.length;
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, length, true);
  putElement(meta, 0x00020000, 'UL', groupLength);
  return meta;
}
