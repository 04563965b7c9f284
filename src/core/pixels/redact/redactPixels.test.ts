/**
 * Redaction on real files of every transfer syntax family and photometric interpretation in the
 * corpus: two boxes (a corner one in every frame, a middle one in the last frame only), the
 * result written with our writer, then decoded independently — by pydicom where it can (native,
 * RLE, JPEG 2000 through Pillow), by dcmtk's dcmdjpls + pydicom for JPEG-LS, and by our own
 * decoders only for HTJ2K, which nothing else here reads. Inside the boxes every sample must be
 * black; outside, equal to the input as pydicom decodes it (lossless inputs) or as we decode it
 * (lossy inputs, whose decoded pixels are what the native output holds).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readDicom } from '../../dicom/readDicom';
import { writeDicom } from '../../dicom/writer';
import { corpusFile } from '../../testing/corpus';
import { nodePixelTools } from '../../testing/pixelTools';
import { decodeSamples, frameSource } from '../decodeFrame';
import { readImageInfo, type ImageInfo } from '../imageInfo';
import { rectsByFrame, type RedactionBox } from './boxes';
import { blackValues } from './fillValue';
import { redactPixels } from './redactPixels';
import { applyPixelRedaction } from './writeRedacted';

const { codecs, encoders } = nodePixelTools;

const P = 'pydicom/src/pydicom/data/test_files/';
const D = 'pydicom-data/data_store/data/';
const CT = 'dicomParser/testImages/encapsulated/multi-frame/';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-redact-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PYDICOM = String.raw`
import base64, json, sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
arr = ds.pixel_array
print(json.dumps({'shape': list(arr.shape), 'values': base64.b64encode(arr.astype('<f8').tobytes()).decode()}))
`;

/** pydicom's pixel_array, all frames, samples interleaved, as numbers; and its shape. */
function pydicom(file: string): { shape: number[]; values: Float64Array } {
  const out = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', PYDICOM, file], {
      cwd: scratch,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    }),
  ) as { shape: number[]; values: string };
  const bytes = Buffer.from(out.values, 'base64');
  return {
    shape: out.shape,
    values: new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8),
  };
}

/** Our decoding of every frame (normalised as the preview sees it), samples interleaved. */
async function ours(file: string): Promise<Float64Array> {
  const dicom = readDicom(readFileSync(file));
  const info = readImageInfo(dicom);
  const perFrame = info.rows * info.columns * info.samplesPerPixel;
  const all = new Float64Array(perFrame * info.frames);
  for (let f = 0; f < info.frames; f++) {
    const { samples, planar } = await decodeSamples(info, frameSource(dicom, info, f), codecs);
    const pixels = info.rows * info.columns;
    for (let i = 0; i < perFrame; i++) {
      const at = planar ? (i % pixels) * info.samplesPerPixel + Math.floor(i / pixels) : i;
      all[f * perFrame + at] = samples[i]!;
    }
  }
  return all;
}

/** Corner box in every frame; a middle box in the last frame only. */
function boxesFor(info: ImageInfo): RedactionBox[] {
  const { rows, columns, frames } = info;
  return [
    { x: 0, y: 0, width: Math.ceil(columns / 4), height: Math.ceil(rows / 5) },
    {
      x: Math.floor(columns * 0.4),
      y: Math.floor(rows * 0.45),
      width: Math.max(1, Math.floor(columns / 5)),
      height: Math.max(1, Math.floor(rows / 6)),
      frames: [frames - 1],
    },
  ];
}

type Decoder = 'pydicom' | 'dcmdjpls' | 'ours';

interface Case {
  file: string;
  /** Transfer syntax of the output. */
  syntax: string;
  /** Who decodes the output; the input is read by pydicom unless `inputByUs`. */
  decoder: Decoder;
  /** Lossy (or pydicom cannot read it): the reference is our decoding of the input. */
  inputByUs?: boolean;
}

const EVRLE = '1.2.840.10008.1.2.1';
const same = (uid: string) => uid;
const CASES: Case[] = [
  // Native: byte orders, VRs, signedness, bits, samples, planar configuration, multi-frame.
  { file: `${P}MR_small.dcm`, syntax: same(EVRLE), decoder: 'pydicom' },
  { file: `${P}MR_small_bigendian.dcm`, syntax: '1.2.840.10008.1.2.2', decoder: 'pydicom' },
  { file: `${P}MR_small_implicit.dcm`, syntax: '1.2.840.10008.1.2', decoder: 'pydicom' },
  { file: `${D}emri_small.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}emri_small_big_endian.dcm`, syntax: '1.2.840.10008.1.2.2', decoder: 'pydicom' },
  {
    file: `${P}dicomdirtests/77654033/CR1/6154`, // MONOCHROME1
    syntax: EVRLE,
    decoder: 'pydicom',
  },
  { file: `${D}SC_rgb_2frame.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}color-pl.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}SC_rgb_16bit_2frame.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}SC_rgb_expb_2frame.dcm`, syntax: '1.2.840.10008.1.2.2', decoder: 'pydicom' },
  { file: `${D}SC_rgb_32bit_2frame.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}SC_ybr_full_uncompressed.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${P}SC_ybr_full_422_uncompressed.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  { file: `${D}OBXXXX1A_2frame.dcm`, syntax: EVRLE, decoder: 'pydicom' },
  {
    file: 'dicomParser/testImages/deflate/image_dfl',
    syntax: '1.2.840.10008.1.2.1.99',
    decoder: 'pydicom',
  },
  // RLE Lossless, re-encoded with our encoder.
  { file: `${P}MR_small_RLE.dcm`, syntax: '1.2.840.10008.1.2.5', decoder: 'pydicom' },
  { file: `${D}emri_small_RLE.dcm`, syntax: '1.2.840.10008.1.2.5', decoder: 'pydicom' },
  { file: `${P}SC_rgb_rle_16bit_2frame.dcm`, syntax: '1.2.840.10008.1.2.5', decoder: 'pydicom' },
  { file: `${P}SC_rgb_rle_32bit.dcm`, syntax: '1.2.840.10008.1.2.5', decoder: 'pydicom' },
  { file: `${D}OBXXXX1A_rle_2frame.dcm`, syntax: '1.2.840.10008.1.2.5', decoder: 'pydicom' },
  // JPEG-LS lossless, re-encoded with CharLS; near-lossless written native.
  {
    file: `${P}MR_small_jpeg_ls_lossless.dcm`,
    syntax: '1.2.840.10008.1.2.4.80',
    decoder: 'dcmdjpls',
    inputByUs: true,
  },
  {
    file: `${D}emri_small_jpeg_ls_lossless.dcm`,
    syntax: '1.2.840.10008.1.2.4.80',
    decoder: 'dcmdjpls',
    inputByUs: true,
  },
  {
    file: `${D}JLSL_16_15_1_1F.dcm`,
    syntax: '1.2.840.10008.1.2.4.80',
    decoder: 'dcmdjpls',
    inputByUs: true,
  },
  {
    file: `${D}JLSL_RGB_ILV0.dcm`,
    syntax: '1.2.840.10008.1.2.4.80',
    decoder: 'dcmdjpls',
    inputByUs: true,
  },
  {
    file: `${D}JLSL_RGB_ILV2.dcm`,
    syntax: '1.2.840.10008.1.2.4.80',
    decoder: 'dcmdjpls',
    inputByUs: true,
  },
  {
    file: `${CT}CT0012.fragmented_no_bot_jpeg_ls.81.dcm`,
    syntax: EVRLE,
    decoder: 'pydicom',
    inputByUs: true,
  },
  // JPEG 2000: lossless re-encoded with OpenJPEG, lossy written native.
  { file: `${P}MR_small_jp2klossless.dcm`, syntax: '1.2.840.10008.1.2.4.90', decoder: 'pydicom' },
  {
    file: `${D}emri_small_jpeg_2k_lossless.dcm`,
    syntax: '1.2.840.10008.1.2.4.90',
    decoder: 'pydicom',
  },
  { file: `${D}RG3_J2KR.dcm`, syntax: '1.2.840.10008.1.2.4.90', decoder: 'pydicom' },
  { file: `${D}US1_J2KR.dcm`, syntax: '1.2.840.10008.1.2.4.90', decoder: 'pydicom' },
  {
    file: `${P}GDCMJ2K_TextGBR.dcm`,
    syntax: '1.2.840.10008.1.2.4.90',
    decoder: 'pydicom',
    inputByUs: true,
  },
  { file: `${D}MR2_J2KI.dcm`, syntax: EVRLE, decoder: 'pydicom', inputByUs: true },
  // HTJ2K: lossless re-encoded with OpenJPH (only our decoders read it), lossy written native.
  {
    file: `${D}HTJ2KLossless_08_RGB.dcm`,
    syntax: '1.2.840.10008.1.2.4.201',
    decoder: 'ours',
    inputByUs: true,
  },
  { file: `${D}HTJ2K_08_RGB.dcm`, syntax: EVRLE, decoder: 'pydicom', inputByUs: true },
  // JPEG: no encoder here, always written native; lossy ones keep their history.
  { file: `${P}SC_rgb_jpeg_dcmtk.dcm`, syntax: EVRLE, decoder: 'pydicom', inputByUs: true },
  { file: `${P}examples_ybr_color.dcm`, syntax: EVRLE, decoder: 'pydicom', inputByUs: true },
  { file: `${P}JPEG-lossy.dcm`, syntax: EVRLE, decoder: 'pydicom', inputByUs: true },
  {
    file: `${D}JPGLosslessP14SV1_1s_1f_8b.dcm`,
    syntax: EVRLE,
    decoder: 'pydicom',
    inputByUs: true,
  },
  {
    file: `${CT}CT0012.fragmented_no_bot_jpeg_lossless.57.dcm`,
    syntax: EVRLE,
    decoder: 'pydicom',
    inputByUs: true,
  },
];

/** Redacts, writes with our writer, and returns what the checks need. */
async function redactAndWrite(relative: string) {
  const input = corpusFile(relative);
  const dicom = readDicom(readFileSync(input));
  const info = readImageInfo(dicom);
  const boxes = boxesFor(info);
  const result = await redactPixels(dicom, boxes, { codecs, encoders });
  const written = writeDicom(applyPixelRedaction(dicom, result, { setMetaTransferSyntax: true }), {
    keepTrailingBytes: false,
  });
  const output = path.join(scratch, `${path.basename(relative)}.redacted.dcm`);
  writeFileSync(output, written);
  return { input, output, info, boxes, result };
}

function decodeOutput(output: string, decoder: Decoder) {
  if (decoder === 'pydicom') return pydicom(output).values;
  if (decoder === 'dcmdjpls') {
    const plain = `${output}.dcmdjpls.dcm`;
    execFileSync('dcmdjpls', [output, plain], { stdio: 'pipe' });
    return pydicom(plain).values;
  }
  return undefined;
}

describe('redaction of real files, checked by an independent decoder', () => {
  test.each(CASES.map((c) => ({ ...c, name: path.basename(c.file) })))(
    '$name → $syntax (decoded by $decoder)',
    async ({ file, syntax, decoder, inputByUs }) => {
      const { input, output, info, boxes, result } = await redactAndWrite(file);
      expect(result.changed).toBe(true);
      expect(result.transferSyntaxUid).toBe(syntax);
      expect(result.headerEdits).toContainEqual(
        expect.objectContaining({ keyword: 'BurnedInAnnotation', value: 'NO' }),
      );

      // The output as a file: read back by us, frames and size unchanged.
      const back = readDicom(readFileSync(output));
      const outInfo = readImageInfo(back);
      expect(back.transferSyntax.uid).toBe(syntax);
      expect([outInfo.rows, outInfo.columns, outInfo.frames, outInfo.samplesPerPixel]).toEqual([
        info.rows,
        info.columns,
        info.frames,
        info.samplesPerPixel,
      ]);
      execFileSync('dcmdump', ['-q', output], { stdio: 'pipe' }); // throws unless dcmdump reads it

      const got = decodeOutput(output, decoder) ?? (await ours(output));
      const want = inputByUs ? await ours(input) : pydicom(input).values;
      expect(got.length).toBe(want.length);
      if (decoder === 'pydicom') {
        const shape = pydicom(output).shape;
        expect(shape.slice(info.frames > 1 ? 1 : 0, (info.frames > 1 ? 1 : 0) + 2)).toEqual([
          info.rows,
          info.columns,
        ]);
        if (info.frames > 1) expect(shape[0]).toBe(info.frames);
      }

      // Black as the output's samples show it (JPEG 2000 decoders hand out YBR_RCT as RGB).
      const shown =
        outInfo.photometric === 'YBR_RCT' || outInfo.photometric === 'YBR_ICT'
          ? 'RGB'
          : outInfo.photometric;
      const black = blackValues(outInfo, {
        photometric: shown,
        samplesPerPixel: outInfo.samplesPerPixel,
        bitsStored: outInfo.bitsStored,
        signed: outInfo.pixelRepresentation === 1,
      });
      // Stored values as Bits Stored defines them: pydicom 2.3 leaves the bits above unmasked.
      const stored = (v: number) => {
        const bits = outInfo.bitsStored;
        let x = ((v % 2 ** bits) + 2 ** bits) % 2 ** bits;
        if (outInfo.pixelRepresentation === 1 && x >= 2 ** (bits - 1)) x -= 2 ** bits;
        return x;
      };
      const rects = rectsByFrame(boxes, info.rows, info.columns, info.frames);
      const spp = info.samplesPerPixel;
      const perFrame = info.rows * info.columns * spp;
      let inside = 0;
      let badInside = 0;
      let badOutside = 0;
      for (let f = 0; f < info.frames; f++) {
        const mask = new Uint8Array(info.rows * info.columns);
        for (const r of rects[f]!)
          for (let y = r.y0; y < r.y1; y++)
            mask.fill(1, y * info.columns + r.x0, y * info.columns + r.x1);
        for (let p = 0; p < mask.length; p++) {
          for (let s = 0; s < spp; s++) {
            const i = f * perFrame + p * spp + s;
            if (mask[p]) {
              inside++;
              if (stored(got[i]!) !== stored(black[s]!)) badInside++;
            } else if (stored(got[i]!) !== stored(want[i]!)) badOutside++;
          }
        }
      }
      expect(inside).toBeGreaterThan(0);
      expect(badInside, 'samples inside a box that are not black').toBe(0);
      expect(badOutside, 'samples outside the boxes that changed').toBe(0);
    },
  );
});
