/**
 * NIfTI output with Clean Pixel Data: the volume dcm2niix stacks must not show the text that
 * was burned into the DICOM images. Inputs are real images with identifying lines burned in by
 * scripts/burn-text; the oracle is Debian's tesseract reading the NIfTI voxels that nibabel
 * (outside our code) loads, in every orientation, since dcm2niix flips and transposes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBurned, type GroundTruth } from '../../../scripts/burn-text/corpus';
import { tesseractWords } from '../../../scripts/burn-text/ocr';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import type { ProfileSpec } from '../deid/api';
import { createDeidentifier } from '../deid/deidentifier';
import { webCryptoKeyedHash } from '../deid/keys';
import { TEST_KEY } from '../testing/deid';
import { nodePixelToolsWithOcr } from '../testing/pixelTools';
import { concatBytes } from '../dicom/byteChunks';
import type { PixelTools } from '../pixels/clean/cleanPixels';
import type { TextReader } from '../pixels/ocr/types';
import { cleanForConversion } from './cleanForConversion';
import { convertSeries, type SeriesOutcome } from './convertSeries';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-nifti-clean-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 8-bit grey of a 2D NIfTI image, in each of the 8 flips and transposes, via nibabel. */
const ORIENTATIONS = String.raw`
import sys, numpy as np, nibabel as nib
a = np.squeeze(np.asarray(nib.load(sys.argv[1]).dataobj, dtype=np.float64))
if a.ndim > 2: a = a[..., 0] if a.shape[-1] < a.shape[0] else a[:, :, 0]
lo, hi = np.percentile(a, 0.5), a.max()
g = np.clip((a - lo) * 255.0 / max(hi - lo, 1e-9), 0, 255).astype(np.uint8)
for k in range(8):
    v = np.rot90(g, k % 4)
    if k >= 4: v = np.fliplr(v)
    v = np.ascontiguousarray(v)
    sys.stdout.buffer.write(np.array(v.shape, dtype='<u4').tobytes() + v.tobytes())
`;

function wordsInNifti(bytes: Uint8Array): string[] {
  const file = path.join(scratch, `v${Math.random().toString(36).slice(2)}.nii.gz`);
  writeFileSync(file, bytes);
  const out = execFileSync('/usr/bin/python3', ['-c', ORIENTATIONS, file], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const words: string[] = [];
  for (let pos = 0; pos < out.length;) {
    const rows = out.readUInt32LE(pos);
    const columns = out.readUInt32LE(pos + 4);
    const grey = new Uint8Array(out.subarray(pos + 8, pos + 8 + rows * columns));
    pos += 8 + rows * columns;
    for (const word of tesseractWords(grey, columns, rows, 60))
      words.push(...word.text.toUpperCase().split(/[^A-Z0-9]+/));
  }
  return words;
}

function planted(truth: GroundTruth): Set<string> {
  return new Set(
    truth.lines
      .filter((line) => line.kind !== 'label')
      .flatMap((line) => line.text.toUpperCase().split(/[^A-Z0-9]+/))
      .filter((word) => word.length >= 4),
  );
}

const CLEAN: ProfileSpec = { base: 'basic', options: [], pixels: { clean: true } };

async function convert(
  bytes: Uint8Array,
  clean: boolean,
  pixelTools?: PixelTools,
): Promise<SeriesOutcome> {
  const spec: ProfileSpec = clean ? CLEAN : { base: 'basic', options: [] };
  const hash = await webCryptoKeyedHash(TEST_KEY);
  const tools = clean ? (pixelTools ?? (await nodePixelToolsWithOcr())) : undefined;
  const deidentifier = createDeidentifier(spec, hash, tools);
  const pixels = tools ? { tools, hash } : undefined;
  return convertSeries(
    [bytes],
    { dcm2niix: await loadNodeDcm2niix(), deidentifier, spec, pixels },
    { compress: true },
  );
}

const imageOf = (outcome: SeriesOutcome) => {
  if (outcome.status !== 'converted') throw new Error(`${outcome.status}: ${outcome.reason}`);
  return concatBytes(outcome.files.find((file) => file.kind === 'image')!.chunks);
};

describe('NIfTI with Clean Pixel Data', () => {
  let truths: GroundTruth[];
  beforeAll(() => {
    truths = generateBurned(scratch, 4, 7).filter(
      (t) => t.frames === 1 && t.photometric.startsWith('MONOCHROME') && t.layout !== 'report',
    );
  }, 120_000);

  it('stacks the volume from cleaned pixels: no planted line is readable in it', async () => {
    expect(truths.length).toBeGreaterThan(0);
    let readBefore = 0;
    for (const truth of truths) {
      const bytes = new Uint8Array(readFileSync(path.join(scratch, truth.file)));
      const words = planted(truth);
      const plain = wordsInNifti(imageOf(await convert(bytes, false)));
      readBefore += plain.filter((word) => words.has(word)).length;
      const outcome = await convert(bytes, true);
      expect(outcome.status === 'converted' && outcome.notes.join(' ')).toMatch(
        /text blacked out in 1 image/,
      );
      const cleaned = wordsInNifti(imageOf(outcome));
      expect(
        cleaned.filter((word) => words.has(word)),
        truth.file,
      ).toEqual([]);
    }
    // The oracle reads the planted lines in a volume made without cleaning.
    expect(readBefore).toBeGreaterThan(0);
  }, 300_000);

  it('cleans and checks each file once, the first one too', async () => {
    // The real OCR, counting its reads: every cleaned image is read by the check, so the reads
    // of a conversion tell how many times its image was cleaned and checked.
    const tools = await nodePixelToolsWithOcr();
    const reader = tools.reader!;
    let reads = 0;
    const counting: TextReader = {
      read: (...args) => {
        reads++;
        return reader.read(...args);
      },
      close: () => reader.close(),
    };
    const counted = { ...tools, reader: counting };
    const truth = truths[0]!;
    const bytes = new Uint8Array(readFileSync(path.join(scratch, truth.file)));

    const hash = await webCryptoKeyedHash(TEST_KEY);
    const identifiers = [{ kind: 'patient ID' as const, value: 'none such', source: 'PatientID' }];
    const once = await cleanForConversion(
      [bytes],
      CLEAN.pixels!,
      { tools: counted, hash },
      [...identifiers],
      new Set(),
    );
    expect(once.status).toBe('cleaned');
    const readsOfOneCleaning = reads;
    expect(readsOfOneCleaning).toBeGreaterThan(0);

    reads = 0;
    const outcome = await convert(bytes, true, counted);
    expect(outcome.status).toBe('converted');
    expect(reads).toBe(readsOfOneCleaning);
    reader.close();
  }, 120_000);
});
