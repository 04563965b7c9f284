/**
 * Every compressed transfer syntax the preview shows, decoded in Node with the same decoders the
 * browser bundle inlines, against a reference that is not our decoder: the uncompressed twin in
 * the corpus, or what dcmtk (dcmdjpeg, dcmdjpls, dcmconv) makes of the same file, read by our
 * native path (itself checked against pydicom in pixels.test.ts). Lossless must be exact.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { corpusFile } from '../testing/corpus';
import { nodePixelTools } from '../testing/pixelTools';
import { decodeFrameSource, decodeSamples, frameSource } from './decodeFrame';
import { imageStatistics, type DisplayImage, type Samples } from './display';
import { readImageInfo } from './imageInfo';

const { codecs } = nodePixelTools;

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';
const CT = 'dicomParser/testImages/encapsulated/multi-frame/';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-pixels-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A file decompressed by dcmtk (`tool` is dcmdjpeg, dcmdjpls or dcmconv), as a path. */
function viaDcmtk(tool: string, relative: string): string {
  const out = path.join(scratch, `${tool}-${path.basename(relative)}.dcm`);
  const args =
    tool === 'dcmconv' ? ['+te', corpusFile(relative), out] : [corpusFile(relative), out];
  execFileSync(tool, args, { stdio: 'pipe' });
  return out;
}

const load = (file: string) => {
  const dicom = readDicom(readFileSync(file.startsWith('/') ? file : corpusFile(file)));
  return { dicom, info: readImageInfo(dicom) };
};

async function samples(file: string, frame = 0): Promise<Samples> {
  const { dicom, info } = load(file);
  return (await decodeSamples(info, frameSource(dicom, info, frame), codecs)).samples;
}

async function display(file: string, frame = 0): Promise<DisplayImage> {
  const { dicom, info } = load(file);
  return decodeFrameSource(info, frameSource(dicom, info, frame), codecs);
}

/** Largest and mean absolute difference of two equally long arrays. */
function difference(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

/** Grey: the stored values are equal. Colour: so are the RGB values drawn (layouts may differ). */
async function expectSameSamples(file: string, reference: string, frames = [0]): Promise<void> {
  for (const frame of frames) {
    const label = `${file} frame ${frame + 1}`;
    const [got, want] = await Promise.all([display(file, frame), display(reference, frame)]);
    if (got.kind === 'colour' && want.kind === 'colour') {
      expect(difference(got.rgba, want.rgba).max, label).toBe(0);
    } else {
      const [a, b] = await Promise.all([samples(file, frame), samples(reference, frame)]);
      expect(difference(a, b).max, label).toBe(0);
    }
  }
}

describe('RLE Lossless (our decoder)', () => {
  test.each([
    [`${P}MR_small_RLE.dcm`, `${P}MR_small.dcm`, [0]],
    [`${D}emri_small_RLE.dcm`, `${D}emri_small.dcm`, [0, 9]],
    [`${CT}CT0012.not_fragmented_bot_rle.dcm`, `${CT}CT0012.explicit_little_endian.dcm`, [0, 1]],
    [`${CT}CT0012.not_fragmented_no_bot_rle.dcm`, `${CT}CT0012.explicit_little_endian.dcm`, [0, 1]],
    [`${P}SC_rgb_rle.dcm`, `${D}SC_rgb.dcm`, [0]],
    [`${P}SC_rgb_rle_16bit.dcm`, `${D}SC_rgb_16bit.dcm`, [0]],
    [`${P}SC_rgb_rle_32bit_2frame.dcm`, `${D}SC_rgb_32bit_2frame.dcm`, [0, 1]],
  ])('%s equals %s', async (file, reference, frames) => {
    await expectSameSamples(file, reference, frames);
  });
});

describe('JPEG Lossless (jpeg-lossless-decoder-js)', () => {
  test.each([
    [
      `${CT}CT0012.fragmented_no_bot_jpeg_lossless.57.dcm`,
      `${CT}CT0012.explicit_little_endian.dcm`,
    ],
    [
      `${CT}CT0012.fragmented_no_bot_jpeg_lossless.70.dcm`,
      `${CT}CT0012.explicit_little_endian.dcm`,
    ],
  ])('%s (both frames) equals %s', async (file, reference) => {
    await expectSameSamples(file, reference, [0, 1]);
  });

  test('8-bit SV1 and RGB files equal what dcmdjpeg makes of them', async () => {
    const grey = `${D}JPGLosslessP14SV1_1s_1f_8b.dcm`;
    await expectSameSamples(grey, viaDcmtk('dcmdjpeg', grey));
    await expectSameSamples(`${P}SC_rgb_jpeg_gdcm.dcm`, `${D}SC_rgb.dcm`);
  });
});

describe('JPEG Baseline (libjpeg-turbo, wasm)', () => {
  test('8 RGB frames without offset table match the uncompressed original', async () => {
    const file = `${CT}IM00001.fragmented_no_bot_jpeg_baseline.50.dcm`;
    const reference = `${CT}IM00001.implicit_little_endian.dcm`;
    const decoded = viaDcmtk('dcmdjpeg', file);
    for (const frame of [0, 7]) {
      const [got, want, dcmtk] = await Promise.all([
        display(file, frame),
        display(reference, frame),
        display(decoded, frame),
      ]);
      if (got.kind !== 'colour' || want.kind !== 'colour' || dcmtk.kind !== 'colour')
        throw new Error('colour expected');
      // Lossy: close to the original, and within rounding of libjpeg's own decoding.
      expect(difference(got.rgba, want.rgba).mean).toBeLessThan(4);
      expect(difference(got.rgba, dcmtk.rgba).max).toBeLessThanOrEqual(3);
    }
  });

  test('YBR_FULL and YBR_FULL_422 JPEGs come out as the RGB original', async () => {
    const want = await display(`${D}SC_rgb.dcm`);
    for (const file of [`${P}SC_rgb_jpeg_dcmtk.dcm`, `${P}SC_rgb_dcmtk_+eb+cy+np.dcm`]) {
      const got = await display(file);
      if (got.kind !== 'colour' || want.kind !== 'colour') throw new Error('colour expected');
      expect(difference(got.rgba, want.rgba).mean, file).toBeLessThan(3);
    }
  });
});

describe('JPEG Extended 12-bit (our DCT decoder)', () => {
  test.each([
    [`${P}JPGExtended.dcm`, [0]],
    [`${CT}CT0012.fragmented_no_bot_jpeg_baseline.51.dcm`, [0, 1]],
  ])('%s matches dcmdjpeg within rounding', async (file, frames) => {
    const decoded = viaDcmtk('dcmdjpeg', file);
    for (const frame of frames) {
      const diff = difference(await samples(file, frame), await samples(decoded, frame));
      expect(diff.max).toBeLessThanOrEqual(2);
      expect(diff.mean).toBeLessThan(0.5);
    }
  });
});

describe('JPEG-LS (CharLS, wasm)', () => {
  test.each([
    [`${P}MR_small_jpeg_ls_lossless.dcm`, `${P}MR_small.dcm`, [0]],
    [`${D}emri_small_jpeg_ls_lossless.dcm`, `${D}emri_small.dcm`, [0, 9]],
    [
      `${CT}CT0012.fragmented_no_bot_jpeg_ls.80.dcm`,
      `${CT}CT0012.explicit_little_endian.dcm`,
      [0, 1],
    ],
    [
      `${CT}CT0012.not_fragmented_bot_jpeg_ls.80.dcm`,
      `${CT}CT0012.explicit_little_endian.dcm`,
      [1],
    ],
    [
      `${CT}CT0012.not_fragmented_no_bot_jpeg_ls.80.dcm`,
      `${CT}CT0012.explicit_little_endian.dcm`,
      [1],
    ],
  ])('lossless %s equals %s', async (file, reference, frames) => {
    await expectSameSamples(file, reference, frames);
  });

  test('signed 15-bit and colour in every interleave mode equal dcmdjpls', async () => {
    for (const name of ['JLSL_16_15_1_1F', 'JLSL_RGB_ILV0', 'JLSL_RGB_ILV1', 'JLSL_RGB_ILV2']) {
      const file = `${D}${name}.dcm`;
      await expectSameSamples(file, viaDcmtk('dcmdjpls', file));
    }
    const signed = await samples(`${D}JLSL_16_15_1_1F.dcm`);
    expect(Math.min(...signed)).toBeLessThan(0);
  });

  test('near-lossless stays within its error bound of the original', async () => {
    const reference = `${CT}CT0012.explicit_little_endian.dcm`;
    const file = `${CT}CT0012.fragmented_no_bot_jpeg_ls.81.dcm`;
    const diff = difference(await samples(file, 1), await samples(reference, 1));
    expect(diff.max).toBeGreaterThan(0);
    expect(diff.max).toBeLessThanOrEqual(10);
  });
});

describe('JPEG 2000 (OpenJPEG, wasm)', () => {
  test.each([
    [`${P}MR_small_jp2klossless.dcm`, `${P}MR_small.dcm`],
    [`${D}emri_small_jpeg_2k_lossless.dcm`, `${D}emri_small.dcm`],
    [`${D}US1_J2KR.dcm`, `${D}US1_UNCR.dcm`],
    [`${D}MR2_J2KR.dcm`, `${D}MR2_UNCR.dcm`],
    [`${D}693_J2KR.dcm`, `${D}693_UNCR.dcm`],
  ])('lossless %s equals %s', async (file, reference) => {
    await expectSameSamples(file, reference);
  });

  test.each([
    [`${D}US1_J2KI.dcm`, `${D}US1_UNCI.dcm`],
    [`${D}MR2_J2KI.dcm`, `${D}MR2_UNCI.dcm`],
  ])('lossy %s is within rounding of its decoded twin %s', async (file, reference) => {
    expect(difference(await samples(file), await samples(reference)).max).toBeLessThanOrEqual(1);
  });
});

describe('HTJ2K (OpenJPH, wasm)', () => {
  test('lossless HTJ2K equals what OpenJPEG (an independent decoder) makes of it', async () => {
    for (const name of ['HTJ2KLossless_08_RGB', 'HTJ2K_08_RGB']) {
      const { dicom, info } = load(`${D}${name}.dcm`);
      const source = frameSource(dicom, info, 0);
      const [openjph, openjpeg] = await Promise.all([
        codecs.htj2k(source.bytes),
        codecs.jpeg2000(source.bytes),
      ]);
      expect(difference(openjph.data, openjpeg.data).max).toBeLessThanOrEqual(
        name.includes('Lossless') ? 0 : 1,
      );
    }
  });

  test('lossy HTJ2K is close to the lossless one', async () => {
    const lossy = await display(`${D}HTJ2K_08_RGB.dcm`);
    const lossless = await display(`${D}HTJ2KLossless_08_RGB.dcm`);
    if (lossy.kind !== 'colour' || lossless.kind !== 'colour') throw new Error('colour expected');
    expect(difference(lossy.rgba, lossless.rgba).mean).toBeLessThan(2);
    expect(imageStatistics(lossy).sd).toBeGreaterThan(10);
  });
});

describe('Deflate (inflated by our reader)', () => {
  test('image_dfl equals what dcmconv makes of it', async () => {
    const file = 'dicomParser/testImages/deflate/image_dfl';
    await expectSameSamples(file, viaDcmtk('dcmconv', file));
    expect(imageStatistics(await display(file)).sd).toBeGreaterThan(10);
  });
});

describe('frames that cannot be decoded say why', () => {
  test.each([
    [
      `${P}MR_small_jp2klossless.dcm`,
      /^This image uses JPEG 2000 Lossless, which could not be decoded: OpenJPEG could not decode the frame/,
    ],
    [
      `${D}HTJ2KLossless_08_RGB.dcm`,
      /^This image uses HTJ2K Lossless, which could not be decoded: OpenJPH could not decode the frame/,
    ],
    [
      `${P}MR_small_jpeg_ls_lossless.dcm`,
      /^This image uses JPEG-LS Lossless, which could not be decoded: the JPEG-LS data is cut short/,
    ],
    [
      `${P}SC_rgb_jpeg_dcmtk.dcm`,
      /^This image uses JPEG Baseline, which could not be decoded: libjpeg-turbo could not decode the frame/,
    ],
  ])('%s damaged', async (file, message) => {
    const { dicom, info } = load(file);
    const { bytes } = frameSource(dicom, info, 0);
    // Cut short; OpenJPH shows what it has of a cut stream, so its header is broken instead.
    const damaged = file.includes('HTJ2K')
      ? bytes.map((b, i) => (i > 1 && i < 64 ? 0 : b))
      : bytes.slice(0, Math.floor(bytes.length / 3));
    await expect(decodeFrameSource(info, { bytes: damaged, bitOffset: 0 }, codecs)).rejects.toThrow(
      message,
    );
  });
});
