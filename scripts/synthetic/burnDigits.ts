/**
 * Test and benchmark only: burns a line of digits (a birth date, say) into the top left corner
 * of every frame of a generated CT (makeSyntheticCtSeries.ts draws no text), white on a black
 * plate with 2 px strokes (14 px tall characters), as a scanner burns its annotations. Native
 * 16-bit MONOCHROME2 with 12 bits stored, little endian: white is 4095. Changes `bytes` in place.
 */
import { findElement } from '../../src/core/dicom/dataset';
import { readDicom } from '../../src/core/dicom/readDicom';
import { PIXEL_DATA, readImageInfo } from '../../src/core/pixels/imageInfo';

/** 5 × 7 digits, one string of five bits per row (1: ink). */
const DIGITS: readonly (readonly string[])[] = [
  ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
];

/** Where the digits go: x, y of the first one's top left corner; each is 14 px wide. */
export const BURNED_AT = { x: 16, y: 16, step: 14, height: 14 } as const;
export const BURNED_WHITE = 4095;

export function burnDigits(bytes: Uint8Array, text = '20240601'): Uint8Array {
  const file = readDicom(bytes);
  const info = readImageInfo(file);
  if (info.bitsAllocated !== 16 || info.samplesPerPixel !== 1 || info.syntax.codec !== 'native')
    throw new Error('burnDigits draws into native 16-bit greyscale frames only');
  const element = findElement(file.dataset, PIXEL_DATA)!;
  const { columns, rows, frames } = info;
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.valueOffset, element.length);
  const set = (frame: number, x: number, y: number, value: number) =>
    view.setUint16((frame * rows * columns + y * columns + x) * 2, value, true);
  const { x: left, y: top, step, height } = BURNED_AT;
  for (let frame = 0; frame < frames; frame++) {
    for (let y = top - 8; y < top + height + 10; y++)
      for (let x = left - 8; x < left + text.length * step; x++) set(frame, x, y, 0);
    [...text].forEach((digit, i) =>
      DIGITS[Number(digit)]!.forEach((row, gy) =>
        [...row].forEach((bit, gx) => {
          if (bit !== '1') return;
          for (let d = 0; d < 4; d++)
            set(frame, left + i * step + gx * 2 + (d & 1), top + gy * 2 + (d >> 1), BURNED_WHITE);
        }),
      ),
    );
  }
  return bytes;
}
