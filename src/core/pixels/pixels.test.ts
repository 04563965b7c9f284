/**
 * The native (uncompressed) paths and the colour handling against pydicom (Debian's
 * python3-pydicom with numpy, no plugins needed for these): byte orders, bit depths, 1-bit
 * pixels, signed values, float pixel data, PALETTE COLOR, YBR_FULL and YBR_FULL_422, multi-frame;
 * plus the plain-words messages for what cannot be shown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { corpusFile } from '../testing/corpus';
import { Codecs, jpegFrameMarker } from './codecs';
import { decodeFrameSource, decodeSamples, frameSource } from './decodeFrame';
import { toDisplayImage, type DisplayImage } from './display';
import { PixelError, readImageInfo } from './imageInfo';
import { decodeRle } from './rle';
import { samePixelData } from './samePixels';
import { describeSyntax } from './syntaxes';

/** Native files never reach a codec. */
const noCodecs = new Codecs(() => Promise.reject(new Error('no codec expected')));

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';

/**
 * pydicom's pixel_array for one frame as float64 bytes (base64), and the RGB it shows:
 * palette applied (apply_color_lut, 16-bit → 8-bit) or YBR converted (convert_color_space).
 */
const SCRIPT = String.raw`
import base64, json, sys, numpy as np, pydicom
from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space
path, frame = sys.argv[1], int(sys.argv[2])
ds = pydicom.dcmread(path, force=True)
if "TransferSyntaxUID" not in ds.file_meta:
    ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
arr = ds.pixel_array
if int(getattr(ds, 'NumberOfFrames', 1) or 1) > 1:
    arr = arr[frame]
pi = ds.PhotometricInterpretation
rgb = None
if pi == 'PALETTE COLOR':
    rgb = (apply_color_lut(arr, ds) >> 8).astype(np.uint8)
elif pi.startswith('YBR_FULL'):
    rgb = convert_color_space(arr, pi, 'RGB')
elif pi == 'RGB':
    rgb = arr
out = {'values': base64.b64encode(arr.astype('<f8').tobytes()).decode()}
if rgb is not None:
    out['rgb'] = base64.b64encode(np.ascontiguousarray(rgb).astype(np.uint8).tobytes()).decode()
print(json.dumps(out))
`;

function pydicom(file: string, frame = 0): { values: Float64Array; rgb?: Uint8Array } {
  const out = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', SCRIPT, corpusFile(file), String(frame)], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as { values: string; rgb?: string };
  const values = Buffer.from(out.values, 'base64');
  return {
    values: new Float64Array(values.buffer, values.byteOffset, values.byteLength / 8),
    ...(out.rgb ? { rgb: new Uint8Array(Buffer.from(out.rgb, 'base64')) } : {}),
  };
}

const load = (file: string) => {
  const dicom = readDicom(readFileSync(corpusFile(file)));
  return { dicom, info: readImageInfo(dicom) };
};

async function ours(file: string, frame = 0) {
  const { dicom, info } = load(file);
  const source = frameSource(dicom, info, frame);
  const { samples } = await decodeSamples(info, source, noCodecs);
  const image = await decodeFrameSource(info, source, noCodecs);
  return { samples, image, info };
}

function rgbOf(image: DisplayImage): Uint8Array {
  if (image.kind !== 'colour') throw new Error('colour expected');
  return image.rgba.filter((_, i) => i % 4 !== 3);
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('native pixel data equals pydicom', () => {
  test.each([
    [`${P}MR_small.dcm`, 0], // signed 16-bit
    [`${P}MR_small_bigendian.dcm`, 0], // explicit big endian
    [`${P}MR_small_implicit.dcm`, 0],
    [`${P}CT_small.dcm`, 0],
    [`${D}emri_small.dcm`, 5], // 12 of 16 bits, multi-frame
    [`${P}rtdose.dcm`, 3], // 32-bit, implicit VR, multi-frame
    [`${D}liver_nonbyte_aligned.dcm`, 1], // 1-bit frames that start mid-byte
    [`${D}parametric_map_float.dcm`, 0], // Float Pixel Data
    [`${P}examples_overlay.dcm`, 0],
  ])('%s frame %i', async (file, frame) => {
    const { samples } = await ours(file, frame);
    expect(maxDifference(samples, pydicom(file, frame).values)).toBe(0);
  });

  test('32-bit values keep their meaning after being spread over 16 bits', async () => {
    const { image } = await ours(`${P}rtdose.dcm`, 3);
    const want = pydicom(`${P}rtdose.dcm`, 3).values;
    if (image.kind !== 'grey') throw new Error('grey expected');
    const got = Array.from(image.pixels, (v) => v * image.slope + image.intercept);
    const range = Math.max(...want) - Math.min(...want);
    expect(maxDifference(got, want)).toBeLessThanOrEqual(range / 65535);
  });
});

describe('colour', () => {
  test.each([
    [`${D}SC_rgb.dcm`, 0],
    [`${D}SC_rgb_2frame.dcm`, 1],
    [`${P}SC_rgb_small_odd_big_endian.dcm`, 0],
    [`${D}SC_rgb_16bit_2frame.dcm`, 1],
    [`${D}color-pl.dcm`, 0], // planar configuration 1
    [`${D}OT-PAL-8-face.dcm`, 0], // PALETTE COLOR
    [`${P}examples_palette.dcm`, 0],
    [`${D}SC_ybr_full_uncompressed.dcm`, 0],
    [`${P}SC_ybr_full_422_uncompressed.dcm`, 0],
  ])('%s frame %i shows the RGB pydicom makes', async (file, frame) => {
    const { image, info } = await ours(file, frame);
    const want = pydicom(file, frame).rgb!;
    // Deeper samples are shown with their top 8 bits.
    const shift = Math.max(0, info.bitsStored - 8);
    const expected = shift ? new Uint8Array(want.length) : want;
    if (shift) {
      const values = pydicom(file, frame).values;
      for (let i = 0; i < values.length; i++) expected[i] = Math.floor(values[i]! / 2 ** shift);
    }
    const tolerance = info.photometric.startsWith('YBR') ? 1 : 0;
    expect(maxDifference(rgbOf(image), expected)).toBeLessThanOrEqual(tolerance);
  });

  test('MONOCHROME1 is drawn inverted, with a window over the modality values', async () => {
    const { info } = load(`${P}CT_small.dcm`);
    const layout = { ...info, photometric: 'MONOCHROME1', rows: 1, columns: 3 };
    const noWindow = { ...layout, windowCenter: undefined, windowWidth: undefined };
    const image = toDisplayImage(noWindow, new Int16Array([10, 20, 30]), 'MONOCHROME1', false);
    expect(image).toMatchObject({ kind: 'grey', invert: true, min: 10, max: 30 });
    if (image.kind !== 'grey') throw new Error('grey expected');
    const low = 10 * info.slope + info.intercept;
    expect(image.windowCenter).toBe(low + 10 * info.slope);
    expect(image.windowWidth).toBe(20 * info.slope);
  });
});

describe('what cannot be shown is said in plain words', () => {
  test('a file without pixel data', () => {
    const dicom = readDicom(readFileSync(corpusFile(`${P}rtplan.dcm`)));
    expect(() => readImageInfo(dicom)).toThrow(
      new PixelError('This file has no image: it holds no pixel data.'),
    );
  });

  test('a video transfer syntax', () => {
    const { dicom, info } = load(`${P}MR_small.dcm`);
    const video = { ...info, syntax: describeSyntax('1.2.840.10008.1.2.4.102') };
    expect(() => frameSource(dicom, video, 0)).toThrow(
      'This image uses MPEG-4 video, which cannot be shown: it holds video, which this preview does not play.',
    );
  });

  test('an unknown transfer syntax', () => {
    expect(describeSyntax('1.2.3.4')).toMatchObject({
      codec: 'unsupported',
      why: 'this transfer syntax is not known to this app',
    });
  });

  test('pixel data shorter than its frames', () => {
    const { dicom, info } = load(`${P}MR_small.dcm`);
    expect(() => frameSource(dicom, { ...info, frames: 3 }, 2)).toThrow(
      /^The image cannot be shown: its pixel data is shorter than 3 frame\(s\) of 64 × 64 need\.$/,
    );
  });
});

describe('building blocks', () => {
  test('identical pixel data is recognised, different encodings of it are not', () => {
    const a = load(`${P}MR_small.dcm`);
    const b = load(`${P}MR_small.dcm`);
    expect(samePixelData({ file: a.dicom, info: a.info }, { file: b.dicom, info: b.info })).toBe(
      true,
    );
    const rle = load(`${P}MR_small_RLE.dcm`);
    expect(
      samePixelData({ file: a.dicom, info: a.info }, { file: rle.dicom, info: rle.info }),
    ).toBe(false);
  });

  test('hostile RLE headers end in a PixelError, never a hang or a crash', () => {
    const layout = { rows: 4, columns: 4, samplesPerPixel: 1, bitsAllocated: 16 };
    const header = new Uint8Array(64);
    const view = new DataView(header.buffer);
    expect(() => decodeRle(header.subarray(0, 10), layout)).toThrow(PixelError);
    view.setUint32(0, 2, true);
    view.setUint32(4, 64, true);
    view.setUint32(8, 9999, true);
    expect(() => decodeRle(header, layout)).toThrow(PixelError);
    view.setUint32(0, 15, true);
    expect(() => decodeRle(header, layout)).toThrow(/15 segments where 2 are needed/);
  });

  test('a run longer than the frame is cut at the frame', () => {
    const layout = { rows: 1, columns: 3, samplesPerPixel: 1, bitsAllocated: 8 };
    const frame = new Uint8Array(64 + 4);
    new DataView(frame.buffer).setUint32(0, 1, true);
    new DataView(frame.buffer).setUint32(4, 64, true);
    frame.set([257 - 100, 7, 0, 1], 64); // repeat 7 a hundred times, then a literal
    expect(Array.from(decodeRle(frame, layout))).toEqual([7, 7, 7]);
  });

  test('the JPEG frame header decides the decoder', () => {
    const { dicom, info } = load(`${P}JPGExtended.dcm`);
    expect(jpegFrameMarker(frameSource(dicom, info, 0).bytes)).toEqual({
      marker: 0xc1,
      precision: 12,
    });
    const lossless = load(`${D}JPGLosslessP14SV1_1s_1f_8b.dcm`);
    expect(jpegFrameMarker(frameSource(lossless.dicom, lossless.info, 0).bytes)).toMatchObject({
      marker: 0xc3,
    });
  });
});
