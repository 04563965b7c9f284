/**
 * The text segments of real compressed frames: the JPEG 2000 and JPEG comments their encoders
 * wrote are found (and only blanked when asked), the segments decoders need are never offered,
 * and the input's bytes stay as they were.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { corpusFile } from '../testing/corpus';
import { blankCodestreamText, fragmentTexts } from './codestreamText';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files/';

function textsOf(relative: string): string[] {
  const texts: string[] = [];
  blankCodestreamText(readDicom(readFileSync(corpusFile(relative))), (text) => {
    texts.push(text);
    return false;
  });
  return texts;
}

describe('blankCodestreamText', () => {
  it('offers the comments encoders wrote into JPEG 2000 and JPEG headers', () => {
    expect(textsOf(`${TEST_FILES}JPEG2000.dcm`)).toEqual(['Kakadu-2.2']);
    expect(textsOf('pydicom-data/data_store/data/liver_j2k.dcm')).toEqual(
      Array(3).fill('Created by OpenJPEG version 2.5.2'),
    );
    expect(textsOf('pydicom-data/data_store/data/JPGLosslessP14SV1_1s_1f_8b.dcm')).toEqual([
      'MITRA_DICOM_STANDARD',
    ]);
  });

  it('never offers JFIF or Adobe segments, nor native pixel data', () => {
    expect(textsOf(`${TEST_FILES}SC_rgb_jpeg_app14_dcmd.dcm`)).toEqual([]);
    expect(textsOf(`${TEST_FILES}SC_rgb_jpeg_dcmtk.dcm`)).toEqual([]);
    expect(textsOf(`${TEST_FILES}CT_small.dcm`)).toEqual([]);
  });

  it('blanks what is asked in a copy, byte for byte in place, and leaves the input alone', () => {
    const input = readFileSync(corpusFile(`${TEST_FILES}JPEG2000.dcm`));
    const before = Buffer.from(input);
    const file = readDicom(input);
    const result = blankCodestreamText(file, (text) => text.startsWith('Kakadu'));
    expect(result.segments).toBe(1);
    const source = result.file.dataset.source;
    expect(source).not.toBe(file.dataset.source);
    expect(input.equals(before)).toBe(true);
    const at = input.indexOf('Kakadu-2.2');
    expect(at).toBeGreaterThan(0);
    const differing = [...source.keys()].filter((i) => source[i] !== input[i]);
    expect(differing).toEqual(Array.from({ length: 10 }, (_, i) => at + i));
    expect(source.subarray(at, at + 10).every((byte) => byte === 0)).toBe(true);

    const untouched = blankCodestreamText(file, () => false);
    expect(untouched).toEqual({ file, segments: 0 });
  });

  it('reads the comments of a fragment from its first bytes, as far as they go', () => {
    const file = readDicom(readFileSync(corpusFile(`${TEST_FILES}JPEG2000.dcm`)));
    const pixels = file.dataset.elements.find((e) => e.tag === 0x7fe00010)!;
    const first = pixels.fragments![1]!;
    const bytes = file.dataset.source.subarray(first.valueOffset, first.valueOffset + first.length);
    expect(fragmentTexts(bytes)).toEqual(['Kakadu-2.2']);
    const at = Buffer.from(bytes).indexOf('Kakadu');
    expect(fragmentTexts(bytes.subarray(0, at + 3))).toEqual(['Kak']);
    expect(fragmentTexts(bytes.subarray(0, at - 6))).toEqual([]);
  });
});
