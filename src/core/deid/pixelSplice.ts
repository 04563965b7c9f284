/**
 * A written file whose Pixel Data value lies in the input's memory is not copied into one new
 * buffer: the output is the rest of the file (everything but that element, as large files are
 * checked, bulkData.ts) with the element spliced back in as chunks. The value is the input's
 * either because Clean Pixel Data blacked it out where it lies (redact/nativeRedact.ts) or
 * because nothing changed it (the element is then spliced as its own bytes, header included,
 * which is what the writer copies for an untouched element). The bytes are those writeDicom
 * gives for the whole file (pixelSplice.test.ts); a 200 MB cine is held once, not twice, and a
 * 0.5 MB slice's image is not copied at all.
 */
import type { DicomElement, DicomFile } from '../dicom/dataset';
import { findElement, UNDEFINED_LENGTH, valueBytes } from '../dicom/dataset';
import { putElement } from '../dicom/edit';
import { groupOf, isGroupLengthTag } from '../dicom/tag';
import { encodeHeader } from '../dicom/writer';
import { PIXEL_DATA } from '../pixels/imageInfo';
import { bulkInsertOffset } from './bulkData';

/**
 * Smaller values are written whole: a copy of them costs less than the split (and what moves to
 * the main thread is copied below 64 KiB anyway, workerResult.ts).
 */
export const SPLICE_ABOVE_BYTES = 256 * 1024;

export interface PixelSplice {
  /** The file to write and check: the output without its Pixel Data element. */
  readonly rest: DicomFile;
  readonly element: DicomElement;
  readonly value: Uint8Array;
  /** The element's bytes as the input has them (header and value), when it is untouched. */
  readonly untouched?: Uint8Array;
  /** Nothing follows the element in the data set: it goes at the end of the written rest. */
  readonly last: boolean;
}

/**
 * The split of `file` when its Pixel Data value (native, of defined length) lies in `input`'s
 * memory and is large; undefined when the file is to be written whole. A deflated output, or a
 * group length for group 7FE0 (which the rest's would not count), is written whole.
 */
export function splitPixelValue(file: DicomFile, input: Uint8Array): PixelSplice | undefined {
  const dataset = file.dataset;
  const element = findElement(dataset, PIXEL_DATA);
  if (!element || element.fragments || element.items) return undefined;
  const untouched = isUntouched(element) && dataset.source.buffer === input.buffer;
  const value = element.newValue ?? (untouched ? valueBytes(dataset, element) : undefined);
  if (!value || value.buffer !== input.buffer) return undefined;
  if (value.length < SPLICE_ABOVE_BYTES || file.transferSyntax.deflated) return undefined;
  const pixelGroup = groupOf(PIXEL_DATA);
  if (dataset.elements.some((e) => isGroupLengthTag(e.tag) && groupOf(e.tag) === pixelGroup))
    return undefined;
  const elements = dataset.elements.filter((e) => e !== element);
  return {
    rest: { ...file, dataset: { ...dataset, elements, elementsChanged: true } },
    element,
    value,
    ...(untouched ? { untouched: dataset.source.subarray(element.start, element.end) } : {}),
    last: dataset.elements[dataset.elements.length - 1] === element,
  };
}

/** As the writer sees an element it copies from the input as it is (writer.ts). */
function isUntouched(element: DicomElement): boolean {
  return (
    !element.newValue &&
    !element.itemsChanged &&
    element.start >= 0 &&
    element.length !== UNDEFINED_LENGTH
  );
}

/** The whole output as chunks: `written` (the rest, as written and checked) with the element. */
export function spliceChunks(
  written: Uint8Array,
  splice: PixelSplice,
  file: DicomFile,
): Uint8Array[] {
  // The rest ends with its data set (trailing bytes are not kept): nothing to look for.
  const at = splice.last ? written.length : bulkInsertOffset(written, PIXEL_DATA);
  const { element, value, untouched } = splice;
  const spliced = untouched
    ? [untouched]
    : [encodeHeader(element.tag, element.vr, value.length, file.dataset.encoding), value];
  return [written.subarray(0, at), ...spliced, written.subarray(at)].filter(
    (chunk) => chunk.length > 0,
  );
}

/** The rest as read back from its bytes, with the Pixel Data value put back: for the OCR check. */
export function withPixelValue(restRead: DicomFile, splice: PixelSplice): DicomFile {
  putElement(restRead.dataset, PIXEL_DATA, splice.element.vr, splice.value);
  return restRead;
}
