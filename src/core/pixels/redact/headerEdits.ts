/**
 * The data set changes a redaction implies, as data for the caller (the file meta, with its
 * transfer syntax, is rebuilt elsewhere), and a way to apply them to a data set.
 */
import { findElement, valueBytes, type DicomFile, type DicomItem } from '../../dicom/dataset';
import { putElement, removeElements } from '../../dicom/edit';
import { tag } from '../../dicom/tag';
import { EXTENDED_OFFSET_TABLE, EXTENDED_OFFSET_TABLE_LENGTHS } from '../imageInfo';

export type HeaderEdit =
  | { readonly tag: number; readonly keyword: string; readonly vr: 'CS'; readonly value: string }
  | { readonly tag: number; readonly keyword: string; readonly vr: 'US'; readonly value: number }
  | { readonly tag: number; readonly keyword: string; readonly remove: true };

const PHOTOMETRIC = tag(0x0028, 0x0004);
const PLANAR_CONFIGURATION = tag(0x0028, 0x0006);
const BURNED_IN_ANNOTATION = tag(0x0028, 0x0301);
const LOSSY_IMAGE_COMPRESSION = tag(0x0028, 0x2110);
const LOSSY_METHOD = tag(0x0028, 0x2114);

export interface EditFacts {
  readonly photometricBefore: string;
  readonly photometricAfter: string;
  readonly samplesPerPixel: number;
  readonly planarBefore: number;
  /** Absent when the layout keeps its planar configuration (re-encoded frames). */
  readonly planarAfter?: number;
  /** The input held lossy frames: PS3.3 C.7.6.1.1.5 keeps that known forever. */
  readonly lossyMethod?: string;
  /** The pixel data is no longer the one an Extended Offset Table described. */
  readonly dropExtendedOffsets: boolean;
}

export function headerEdits(file: DicomFile, facts: EditFacts): HeaderEdit[] {
  const ds = file.dataset;
  const edits: HeaderEdit[] = [
    { tag: BURNED_IN_ANNOTATION, keyword: 'BurnedInAnnotation', vr: 'CS', value: 'NO' },
  ];
  if (facts.photometricAfter !== facts.photometricBefore) {
    const value = facts.photometricAfter;
    edits.push({ tag: PHOTOMETRIC, keyword: 'PhotometricInterpretation', vr: 'CS', value });
  }
  if (
    facts.samplesPerPixel > 1 &&
    facts.planarAfter !== undefined &&
    (facts.planarAfter !== facts.planarBefore || !findElement(ds, PLANAR_CONFIGURATION))
  ) {
    const value = facts.planarAfter;
    edits.push({ tag: PLANAR_CONFIGURATION, keyword: 'PlanarConfiguration', vr: 'US', value });
  }
  if (facts.lossyMethod) {
    const lossy = findElement(ds, LOSSY_IMAGE_COMPRESSION);
    const said = lossy ? ascii(valueBytes(ds, lossy)).trim() : '';
    if (said !== '01') {
      const keyword = 'LossyImageCompression';
      edits.push({ tag: LOSSY_IMAGE_COMPRESSION, keyword, vr: 'CS', value: '01' });
    }
    // A history already recorded (ratio and method, value by value) is kept as it is.
    if (!findElement(ds, LOSSY_METHOD)) {
      const value = facts.lossyMethod;
      edits.push({ tag: LOSSY_METHOD, keyword: 'LossyImageCompressionMethod', vr: 'CS', value });
    }
  }
  if (facts.dropExtendedOffsets) {
    for (const [t, keyword] of [
      [EXTENDED_OFFSET_TABLE, 'ExtendedOffsetTable'],
      [EXTENDED_OFFSET_TABLE_LENGTHS, 'ExtendedOffsetTableLengths'],
    ] as const) {
      if (findElement(ds, t)) edits.push({ tag: t, keyword, remove: true });
    }
  }
  return edits;
}

/** Applies the edits to a top-level data set (marks it for re-encoding by the writer). */
export function applyHeaderEdits(item: DicomItem, edits: readonly HeaderEdit[]): void {
  const le = item.encoding.littleEndian;
  for (const edit of edits) {
    if ('remove' in edit) removeElements(item, (e) => e.tag === edit.tag);
    else if (edit.vr === 'US') {
      const bytes = new Uint8Array(2);
      new DataView(bytes.buffer).setUint16(0, edit.value, le);
      putElement(item, edit.tag, 'US', bytes);
    } else {
      const text = edit.value.length % 2 ? `${edit.value} ` : edit.value;
      putElement(item, edit.tag, 'CS', new TextEncoder().encode(text));
    }
  }
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(0, 64));
}
