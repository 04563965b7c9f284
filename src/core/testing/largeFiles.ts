/**
 * Test-only: DICOM files of several GiB that take no disk space (sparse: the image data is a
 * hole but for a few marks), for the tests of large inputs in the CLI, the worker and the page.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { readDicom } from '../dicom/readDicom';
import { corpusFile } from './corpus';

export const CT_SMALL = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
export const DEFLATED = 'pydicom/src/pydicom/data/test_files/image_dfl.dcm';

/** Recognisable bytes at offset `at` of the image data. */
export const markOf = (i: number) => Buffer.from(`MARK${i}-0123456789`.slice(0, 16));

/**
 * CT_small (its real header, with its patient) with `imageBytes` of pixel data, holding the
 * marks at the given offsets of the image; returns where the image's value starts.
 */
export function makeLargeDicom(file: string, imageBytes: number, marks: readonly number[]): number {
  const small = new Uint8Array(readFileSync(corpusFile(CT_SMALL)));
  const pixelStart = readDicom(small).dataset.elements.find((e) => e.tag === 0x7fe00010)!.start;
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x7fe0, 0);
  header.writeUInt16LE(0x0010, 2);
  header.write('OW', 4, 'latin1');
  header.writeUInt32LE(imageBytes, 8);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, small.subarray(0, pixelStart), 0, pixelStart, 0);
    writeSync(fd, header, 0, 12, pixelStart);
    ftruncateSync(fd, pixelStart + 12 + imageBytes);
    marks.forEach((at, i) => writeSync(fd, markOf(i), 0, 16, pixelStart + 12 + at));
  } finally {
    closeSync(fd);
  }
  return pixelStart + 12;
}

/** A deflated file (which must be read whole) grown to `size` with a hole after its end. */
export function makeLargeDeflated(file: string, size: number): void {
  const deflated = readFileSync(corpusFile(DEFLATED));
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, deflated, 0, deflated.length, 0);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}
