/**
 * A written file whose Pixel Data value is a view of the input (Clean Pixel Data blacked it out
 * where it lies, redact/nativeRedact.ts) is not copied into one new buffer: the output is the
 * rest of the file (everything but that element, as large files are checked, bulkData.ts) with
 * the element's header and value spliced back in as chunks. The bytes are those writeDicom
 * gives for the whole file (pixelSplice.test.ts); a 200 MB cine is then held once, not twice.
 */
import type { DicomElement, DicomFile } from '../dicom/dataset';
import { findElement } from '../dicom/dataset';
import { putElement } from '../dicom/edit';
import { groupOf, isGroupLengthTag } from '../dicom/tag';
import { encodeHeader } from '../dicom/writer';
import { PIXEL_DATA } from '../pixels/imageInfo';
import { bulkInsertOffset } from './bulkData';

/** Smaller values are written whole: a copy of them costs less than the split. */
export const SPLICE_ABOVE_BYTES = 1 << 20;

export interface PixelSplice {
  /** The file to write and check: the output without its Pixel Data element. */
  readonly rest: DicomFile;
  readonly element: DicomElement;
  readonly value: Uint8Array;
}

/**
 * The split of `file` when its Pixel Data value (a new value, of even length) lies in `input`'s
 * memory and is large; undefined when the file is to be written whole. A deflated output, or a
 * group length for group 7FE0 (which the rest's would not count), is written whole.
 */
export function splitPixelValue(file: DicomFile, input: Uint8Array): PixelSplice | undefined {
  const dataset = file.dataset;
  const element = findElement(dataset, PIXEL_DATA);
  const value = element?.newValue;
  if (!element || !value || value.buffer !== input.buffer) return undefined;
  if (value.length < SPLICE_ABOVE_BYTES || file.transferSyntax.deflated) return undefined;
  const pixelGroup = groupOf(PIXEL_DATA);
  if (dataset.elements.some((e) => isGroupLengthTag(e.tag) && groupOf(e.tag) === pixelGroup))
    return undefined;
  const elements = dataset.elements.filter((e) => e !== element);
  return {
    rest: { ...file, dataset: { ...dataset, elements, elementsChanged: true } },
    element,
    value,
  };
}

/** The whole output as chunks: `written` (the rest, as written and checked) with the element. */
export function spliceChunks(
  written: Uint8Array,
  splice: PixelSplice,
  file: DicomFile,
): Uint8Array[] {
  const at = bulkInsertOffset(written, PIXEL_DATA);
  const { element, value } = splice;
  const header = encodeHeader(element.tag, element.vr, value.length, file.dataset.encoding);
  return [written.subarray(0, at), header, value, written.subarray(at)].filter(
    (chunk) => chunk.length > 0,
  );
}

/** The rest as read back from its bytes, with the Pixel Data value put back: for the OCR check. */
export function withPixelValue(restRead: DicomFile, splice: PixelSplice): DicomFile {
  putElement(restRead.dataset, PIXEL_DATA, splice.element.vr, splice.value);
  return restRead;
}
