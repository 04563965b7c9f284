/**
 * Whether two files hold the same pixel data byte for byte and describe it the same way (the
 * de-identified copy of a file whose pixels were not cleaned): the preview then decodes each
 * frame once and says the pixels are identical.
 */
import { valueBytes, type DicomFile } from '../dicom/dataset';
import type { ImageInfo } from './imageInfo';

export function samePixelData(
  a: { file: DicomFile; info: ImageInfo },
  b: { file: DicomFile; info: ImageInfo },
): boolean {
  const { info: x } = a;
  const { info: y } = b;
  if (
    x.syntaxUid !== y.syntaxUid ||
    x.rows !== y.rows ||
    x.columns !== y.columns ||
    x.frames !== y.frames ||
    x.samplesPerPixel !== y.samplesPerPixel ||
    x.photometric !== y.photometric ||
    x.bitsAllocated !== y.bitsAllocated ||
    x.bitsStored !== y.bitsStored ||
    x.pixelRepresentation !== y.pixelRepresentation ||
    x.planarConfiguration !== y.planarConfiguration ||
    x.slope !== y.slope ||
    x.intercept !== y.intercept ||
    x.windowCenter !== y.windowCenter ||
    x.windowWidth !== y.windowWidth ||
    !!x.palette !== !!y.palette ||
    a.file.dataset.encoding.littleEndian !== b.file.dataset.encoding.littleEndian
  ) {
    return false;
  }
  return equalBytes(pixelBytes(a.file, a.info), pixelBytes(b.file, b.info));
}

/** The pixel data value as stored: fragments and item headers included when encapsulated. */
function pixelBytes(file: DicomFile, info: ImageInfo): Uint8Array {
  const element = info.pixelElement;
  if (!element.fragments) return valueBytes(file.dataset, element);
  return file.dataset.source.subarray(element.valueOffset, element.end);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
