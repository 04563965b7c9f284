/**
 * What the entry point does at its edges: no boxes, boxes it refuses, input it cannot redact
 * (each a PixelError with a reason), the lossy-history edits, and a timing of one 512 × 512
 * 16-bit frame per transfer syntax (printed, not asserted: machines differ).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findElement, valueBytes } from '../../dicom/dataset';
import { setValueBytes } from '../../dicom/edit';
import { readDicom } from '../../dicom/readDicom';
import { tag } from '../../dicom/tag';
import { corpusFile } from '../../testing/corpus';
import { nodePixelTools } from '../../testing/pixelTools';
import { PixelError } from '../imageInfo';
import { redactPixels } from './redactPixels';

const { codecs, encoders } = nodePixelTools;
const options = { codecs, encoders };

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';
const CT = 'dicomParser/testImages/encapsulated/multi-frame/';
const load = (file: string) => readDicom(readFileSync(corpusFile(file)));
const corner = { x: 0, y: 0, width: 10, height: 10 };

describe('nothing to do', () => {
  test('no boxes, or boxes wholly outside the image, change nothing', async () => {
    const dicom = load(`${P}MR_small.dcm`);
    for (const boxes of [[], [{ x: 100, y: 100, width: 5, height: 5 }]]) {
      const result = await redactPixels(dicom, boxes, options);
      expect(result).toMatchObject({ changed: false, syntaxChanged: false, headerEdits: [] });
      expect(result.pixelData).toBeUndefined();
    }
  });

  test('a box for one frame leaves the other frames of a re-encoded file byte for byte', async () => {
    const dicom = load(`${D}emri_small_jpeg_ls_lossless.dcm`);
    const result = await redactPixels(dicom, [{ ...corner, frames: [3] }], options);
    expect(result.frames).toEqual([{ frame: 3, pixels: 100 }]);
    const data = result.pixelData;
    if (!data?.encapsulated) throw new Error('encapsulated output expected');
    const source = dicom.dataset.source;
    const element = dicom.dataset.elements.find((e) => e.fragments)!;
    const fragments = element.fragments!.slice(1);
    data.frames.forEach((frame, i) => {
      const f = fragments[i]!;
      const original = source.subarray(f.valueOffset, f.valueOffset + f.length);
      expect(Buffer.compare(frame, original) === 0).toBe(i !== 3);
    });
  });
});

describe('refusals are PixelErrors that say why', () => {
  test.each([
    [[{ x: 0, y: 0, width: -1, height: 4 }], /Redaction box 1 is not a box/],
    [[{ x: Number.NaN, y: 0, width: 1, height: 4 }], /Redaction box 1 is not a box/],
    [[{ ...corner, frames: [5] }], /names frame 5, but the image has frames 0 to 0/],
  ])('bad boxes %#', async (boxes, message) => {
    await expect(redactPixels(load(`${P}MR_small.dcm`), boxes, options)).rejects.toThrow(message);
  });

  test('1-bit pixels', async () => {
    await expect(
      redactPixels(load(`${D}liver_nonbyte_aligned.dcm`), [corner], options),
    ).rejects.toThrow(
      new PixelError(
        'This image has 1-bit pixels (a segmentation or a bitmap), which redaction does not support.',
      ),
    );
  });

  test('absurd dimensions', async () => {
    const dicom = load(`${P}MR_small.dcm`);
    const rows = findElement(dicom.dataset, tag(0x0028, 0x0010))!;
    setValueBytes(rows, new Uint8Array([0xff, 0xff]));
    const columns = findElement(dicom.dataset, tag(0x0028, 0x0011))!;
    setValueBytes(columns, new Uint8Array([0xff, 0xff]));
    const error = await redactPixels(dicom, [corner], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PixelError);
    expect(String(error)).toMatch(/65535 × 65535 pixels is too large/);
  });

  test('truncated native frames', async () => {
    const dicom = load(`${D}emri_small.dcm`);
    const pixels = dicom.dataset.elements.find((e) => e.tag === tag(0x7fe0, 0x0010))!;
    setValueBytes(pixels, new Uint8Array(1000));
    await expect(redactPixels(dicom, [corner], options)).rejects.toThrow(
      /holds 1000 bytes, fewer than the 10 frame\(s\) of 64 × 64 it declares/,
    );
  });

  test('undecodable encapsulated data', async () => {
    const dicom = load(`${P}MR_small_jp2klossless.dcm`);
    const element = dicom.dataset.elements.find((e) => e.fragments)!;
    const f = element.fragments![1]!;
    // Overwrite the codestream's header in (a copy of) the source.
    const source = dicom.dataset.source;
    source.fill(0, f.valueOffset + 2, f.valueOffset + 60);
    await expect(redactPixels(dicom, [corner], options)).rejects.toThrow(
      /^This image uses JPEG 2000 Lossless, which could not be decoded/,
    );
  });

  test('a segmented palette', async () => {
    await expect(redactPixels(load(`${D}gdcm-US-ALOKA-16.dcm`), [corner], options)).rejects.toThrow(
      /segmented palette/,
    );
  });
});

describe('header edits', () => {
  test('a lossy JPEG written native keeps its lossy history and turns RGB', async () => {
    const dicom = load(`${P}SC_rgb_dcmtk_+eb+cy+s2.dcm`);
    const result = await redactPixels(dicom, [corner], options);
    expect(result.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(result.syntaxNote).toMatch(/JPEG Baseline has no lossless encoder here/);
    const keywords = Object.fromEntries(
      result.headerEdits.map((e) => [e.keyword, 'value' in e ? e.value : 'removed']),
    );
    expect(keywords).toMatchObject({
      BurnedInAnnotation: 'NO',
      PhotometricInterpretation: 'RGB',
    });
    // "01" is set unless the file already says so.
    const lossy = findElement(dicom.dataset, tag(0x0028, 0x2110));
    const said = lossy ? new TextDecoder().decode(valueBytes(dicom.dataset, lossy)).trim() : '';
    expect(keywords.LossyImageCompression ?? said).toBe('01');
  });

  test('native YBR_FULL_422 becomes YBR_FULL, interleaved', async () => {
    const result = await redactPixels(
      load(`${P}SC_ybr_full_422_uncompressed.dcm`),
      [corner],
      options,
    );
    expect(result.headerEdits).toContainEqual(
      expect.objectContaining({ keyword: 'PhotometricInterpretation', value: 'YBR_FULL' }),
    );
  });
});

describe('speed', () => {
  test('one 512 × 512 16-bit frame per syntax (fill + re-encode + verify)', async () => {
    const lines: string[] = [];
    for (const [label, file] of [
      ['native', `${CT}CT0012.explicit_little_endian.dcm`],
      ['RLE', `${CT}CT0012.not_fragmented_bot_rle.dcm`],
      ['JPEG-LS', `${CT}CT0012.fragmented_no_bot_jpeg_ls.80.dcm`],
      ['JPEG lossless → native', `${CT}CT0012.fragmented_no_bot_jpeg_lossless.70.dcm`],
    ] as const) {
      const dicom = load(file);
      const boxes = [{ ...corner, width: 200, height: 40, frames: [0] }];
      await redactPixels(dicom, boxes, options); // warm-up (wasm compile)
      const start = performance.now();
      const result = await redactPixels(dicom, boxes, options);
      lines.push(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
      expect(result.changed).toBe(true);
    }
    console.log(lines.join('\n'));
  });
});
