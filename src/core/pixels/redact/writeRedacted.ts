/**
 * Applying a PixelRedaction to a parsed file, for callers that write with writer.ts. The writer
 * writes an edited value with a defined length, which encapsulated pixel data cannot have; so
 * the new Pixel Data element is encoded whole here and appended to a copy of the data set's
 * source, where the writer copies it like any untouched element.
 */
import {
  UNDEFINED_LENGTH,
  type DicomElement,
  type DicomFile,
  type DicomItem,
} from '../../dicom/dataset';
import { putElement } from '../../dicom/edit';
import { TRANSFER_SYNTAX_UID } from '../../dicom/tag';
import { transferSyntaxOf } from '../../dicom/transferSyntax';
import { encodeHeader } from '../../dicom/writer';
import { PIXEL_DATA, PixelError } from '../imageInfo';
import { applyHeaderEdits } from './headerEdits';
import type { PixelRedaction } from './redactPixels';

export interface ApplyOptions {
  /**
   * Also set the file meta's Transfer Syntax UID (for tools and tests that write the result
   * directly; the de-identification engine rebuilds the file meta itself).
   */
  readonly setMetaTransferSyntax?: boolean;
}

/** A new DicomFile with the redacted pixels and header edits; `file` itself is not changed. */
export function applyPixelRedaction(
  file: DicomFile,
  redaction: PixelRedaction,
  options: ApplyOptions = {},
): DicomFile {
  const pixels = redaction.pixelData;
  if (!redaction.changed || !pixels) return file;
  const old = file.dataset;
  let dataset: DicomItem = { ...old, elements: [...old.elements], elementsChanged: true };
  if (pixels.encapsulated) {
    const element = encapsulatedElement(pixels.frames);
    const source = new Uint8Array(old.source.length + element.length);
    source.set(old.source);
    source.set(element, old.source.length);
    const start = old.source.length;
    const placed: DicomElement = {
      tag: PIXEL_DATA,
      vr: 'OB',
      start,
      valueOffset: start + 12,
      length: UNDEFINED_LENGTH,
      end: start + element.length,
    };
    dataset = { ...dataset, source };
    const index = dataset.elements.findIndex((e) => e.tag === PIXEL_DATA);
    if (index < 0) throw new PixelError('The file has no Pixel Data element to replace.');
    dataset.elements[index] = placed;
  } else {
    putElement(dataset, PIXEL_DATA, pixels.vr, pixels.bytes);
  }
  applyHeaderEdits(dataset, redaction.headerEdits);
  let meta = file.meta;
  if (options.setMetaTransferSyntax && meta && redaction.syntaxChanged) {
    meta = { ...meta, elements: [...meta.elements], elementsChanged: true };
    const uid = redaction.transferSyntaxUid;
    const padded = uid.length % 2 ? `${uid}\0` : uid;
    putElement(meta, TRANSFER_SYNTAX_UID, 'UI', new TextEncoder().encode(padded));
  }
  return {
    ...file,
    meta,
    dataset,
    transferSyntax: transferSyntaxOf(redaction.transferSyntaxUid),
  };
}

/**
 * Pixel Data (7FE0,0010) OB of undefined length, explicit VR little endian (every encapsulated
 * syntax is): a Basic Offset Table, one fragment per frame (padded to even), the delimiter.
 */
export function encapsulatedElement(frames: readonly Uint8Array[]): Uint8Array {
  const padded = frames.map((f) => f.length + (f.length % 2));
  const total = padded.reduce((n, l) => n + 8 + l, 0);
  // Offsets beyond 32 bits cannot be listed: the table is then left empty, as PS3.5 allows.
  const withTable = total < 2 ** 32;
  const tableLength = withTable ? 4 * frames.length : 0;
  const size = 12 + 8 + tableLength + total + 8;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(
    encodeHeader(PIXEL_DATA, 'OB', UNDEFINED_LENGTH, { littleEndian: true, explicitVR: true }),
  );
  let at = 12;
  const item = (length: number) => {
    view.setUint16(at, 0xfffe, true);
    view.setUint16(at + 2, 0xe000, true);
    view.setUint32(at + 4, length, true);
    at += 8;
  };
  item(tableLength);
  let offset = 0;
  if (withTable) {
    padded.forEach((length, i) => {
      view.setUint32(at + 4 * i, offset, true);
      offset += 8 + length;
    });
    at += tableLength;
  }
  frames.forEach((frame, i) => {
    item(padded[i]!);
    out.set(frame, at);
    at += padded[i]!;
  });
  view.setUint16(at, 0xfffe, true);
  view.setUint16(at + 2, 0xe0dd, true);
  view.setUint32(at + 4, 0, true);
  return out;
}
