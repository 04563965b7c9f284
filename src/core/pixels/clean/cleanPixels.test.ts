/**
 * Clean Pixel Data through the engine, on real images with identifying text burned in by
 * scripts/burn-text (ground-truth boxes) and on the real burned-in ultrasounds of deid-data.
 * The oracle is Debian's tesseract, independent of our detector: every identifying word it can
 * read in an input must be unreadable in the output; pixels change only near text; a file
 * without text keeps its pixel data byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFrames,
  generateBurned,
  type Box,
  type GroundTruth,
} from '../../../../scripts/burn-text/corpus';
import { tesseractWords } from '../../../../scripts/burn-text/ocr';
import type { ProfileSpec } from '../../deid/api';
import { readDicom } from '../../dicom/readDicom';
import { corpusFile } from '../../testing/corpus';
import { outputBytes, testDeidentifier } from '../../testing/deid';
import { nodePixelTools, nodePixelToolsWithOcr } from '../../testing/pixelTools';
import type { DisplayImage } from '../display';
import { findElement, valueBytes } from '../../dicom/dataset';
import { PIXEL_DATA } from '../imageInfo';
import { luminance } from '../detect/luminance';
import { isSafeLabel } from './safeText';
import { findPixelLeaks } from './verifyPixels';

const CLEAN: ProfileSpec = { base: 'basic', options: [], pixels: { clean: true } };
/** Pixels further than this from a planted line count as "not near text". */
const NEAR = 12;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-clean-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 8-bit grey of a displayed frame as the detector sees it, for tesseract too. */
const grey = (image: DisplayImage): Uint8Array => luminance(image);
const size = (image: DisplayImage) => ({ width: image.columns, height: image.rows });

/** Words of the planted identifying lines that tesseract reads in a frame (upper case). */
function readableIdentifiers(image: DisplayImage, truth: GroundTruth): string[] {
  const planted = new Set(
    truth.lines
      .filter((line) => line.kind !== 'label')
      .flatMap((line) => line.text.toUpperCase().split(/[^A-Z0-9]+/))
      .filter((word) => word.length >= 4),
  );
  const { width, height } = size(image);
  return [grey(image), ...(image.kind === 'grey' ? [stretched(image.pixels)] : [])]
    .flatMap((view) => tesseractWords(view, width, height))
    .flatMap((word) => word.text.toUpperCase().split(/[^A-Z0-9]+/))
    .filter((word) => planted.has(word));
}

/**
 * The stored values stretched from their 0.5th percentile to their maximum, as a user who moves
 * the window would see them: text the default window clips away must be gone too.
 */
function stretched(pixels: ArrayLike<number>): Uint8Array {
  const sorted = Float64Array.from(pixels).sort();
  const low = sorted[Math.floor(sorted.length * 0.005)]!;
  const high = sorted[sorted.length - 1]!;
  const out = new Uint8Array(pixels.length);
  const scale = 255 / Math.max(high - low, 1e-9);
  for (let i = 0; i < pixels.length; i++)
    out[i] = Math.max(0, Math.min(255, Math.round((pixels[i]! - low) * scale)));
  return out;
}

/**
 * The share of frame `frame`'s pixels whose stored value changed further than NEAR from any line
 * planted in that frame.
 */
function changedFarFromText(
  before: DisplayImage,
  after: DisplayImage,
  truth: GroundTruth,
  frame: number,
): number {
  const { columns, rows } = before;
  const same = (i: number): boolean => {
    if (before.kind === 'grey' && after.kind === 'grey')
      return before.pixels[i] === after.pixels[i];
    if (before.kind === 'colour' && after.kind === 'colour')
      return [0, 1, 2].every((c) => before.rgba[i * 4 + c] === after.rgba[i * 4 + c]);
    return false;
  };
  const near = (x: number, y: number, box: Box) =>
    x >= box.x - NEAR && x < box.x + box.w + NEAR && y >= box.y - NEAR && y < box.y + box.h + NEAR;
  const lines = truth.lines.filter((line) => line.frames.includes(frame));
  let far = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      if (same(y * columns + x)) continue;
      if (!lines.some((line) => near(x, y, line.box))) far++;
    }
  }
  return far / (columns * rows);
}

describe('Clean Pixel Data on burned-in images', () => {
  let truths: GroundTruth[];
  beforeAll(() => {
    truths = generateBurned(scratch, 12, 7);
  }, 120_000);

  it('leaves no planted identifier readable, and changes pixels only near text', async () => {
    // With the OCR check: a cleaned file it would hold back would fail this test too.
    const deidentifier = await testDeidentifier(CLEAN, undefined, await nodePixelToolsWithOcr());
    let readBefore = 0;
    const stillReadable: string[] = [];
    const farShares: Array<{ file: string; share: number }> = [];
    for (const truth of truths) {
      const input = path.join(scratch, truth.file);
      const outcome = await deidentifier.deidentify(new Uint8Array(readFileSync(input)));
      expect(outcome.status, `${truth.file}: ${'reason' in outcome ? outcome.reason : ''}`).toBe(
        'written',
      );
      if (outcome.status !== 'written') continue;
      expect(outcome.pixels?.changed, truth.file).toBe(true);
      const output = path.join(scratch, `${truth.file}.out.dcm`);
      writeFileSync(output, outputBytes(outcome));
      const inputFrames = await decodeFrames(input);
      const outputFrames = await decodeFrames(output);
      const before = readableIdentifiers(inputFrames[0]!, truth);
      readBefore += before.length;
      const after = readableIdentifiers(outputFrames[0]!, truth);
      if (after.length)
        stillReadable.push(`${truth.file} (${truth.layout}): ${after.length} words`);
      if (truth.layout !== 'report' && truth.layout !== 'letter')
        farShares.push({
          file: `${truth.file} (${truth.layout}, ${truth.frames} frames)`,
          // The frame where the most changed: a cine's frames are redacted one by one.
          share: Math.max(
            ...inputFrames.map((frame, i) => changedFarFromText(frame, outputFrames[i]!, truth, i)),
          ),
        });
    }
    console.log(
      `clean pixels: ${readBefore} identifying words readable before, ` +
        `${stillReadable.length} files with some after; pixels changed far from text: ` +
        farShares.map((s) => `${s.file} ${(s.share * 100).toFixed(1)} %`).join(', '),
    );
    expect(readBefore).toBeGreaterThan(10);
    expect(stillReadable).toEqual([]);
    // Issue 14 asks for at most 2 %. In a cine, the detector joins moving speckle that touches a
    // line to it in some frames; such boxes are cut back to the text present in every frame
    // (cineBoxes.ts): 2.2 % of the cine's first frame before, 0.7 % after.
    for (const { file, share } of farShares) expect(share, file).toBeLessThanOrEqual(0.02);
  }, 300_000);
});

describe('Keep labels and measurements', () => {
  it('keeps some harmless labels readable, and still no identifier', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-keep-'));
    try {
      const truths = generateBurned(dir, 8, 7);
      const spec: ProfileSpec = { ...CLEAN, pixels: { clean: true, keepSafeText: true } };
      const deidentifier = await testDeidentifier(spec, undefined, await nodePixelToolsWithOcr());
      const labels = new Set(['TGC', 'CM', 'FR']);
      let labelsKept = 0;
      const leaked: string[] = [];
      for (const truth of truths.filter((t) => t.layout === 'corners' || t.layout === 'bands')) {
        const input = path.join(dir, truth.file);
        const outcome = await deidentifier.deidentify(new Uint8Array(readFileSync(input)));
        expect(outcome.status, truth.file).toBe('written');
        const output = path.join(dir, `${truth.file}.out.dcm`);
        writeFileSync(output, outputBytes(outcome));
        const [cleaned] = await decodeFrames(output, 1);
        leaked.push(...readableIdentifiers(cleaned!, truth));
        const { width, height } = size(cleaned!);
        labelsKept += tesseractWords(grey(cleaned!), width, height).filter((w) =>
          labels.has(w.text.toUpperCase()),
        ).length;
      }
      console.log(`keep-safe-text: ${labelsKept} label words still readable`);
      expect(leaked).toEqual([]);
      expect(labelsKept).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('reads only confident, known labels as harmless', () => {
    const word = (text: string, confidence = 90) => ({
      text,
      confidence,
      box: { x: 0, y: 0, width: 1, height: 1 },
      line: 0,
    });
    for (const text of ['L', 'R', '5.0 cm', 'TGC', 'FR 12', '12/40', '3.5MHz'])
      expect(isSafeLabel(text.split(' ').map((t) => word(t))), text).toBe(true);
    for (const text of ['DOE', 'John Doe', '12345678', '1972-08-14', 'St Elsewhere'])
      expect(isSafeLabel(text.split(' ').map((t) => word(t))), text).toBe(false);
    expect(isSafeLabel([word('TGC', 40)])).toBe(false);
    expect(isSafeLabel([])).toBe(false);
  });
});

describe('Clean Pixel Data on real burned-in files', () => {
  const ULTRASOUNDS = [
    'deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm',
    'deid-data/deid_data/data/ultrasounds/RGB_IMAGE.dcm',
  ];
  for (const relative of ULTRASOUNDS) {
    it(`${path.basename(relative)}: what tesseract read there is gone`, async () => {
      const input = corpusFile(relative);
      const deidentifier = await testDeidentifier(CLEAN, undefined, nodePixelTools);
      const outcome = await deidentifier.deidentify(new Uint8Array(readFileSync(input)));
      expect(outcome.status).toBe('written');
      const output = path.join(scratch, `${path.basename(relative)}.out.dcm`);
      writeFileSync(output, outputBytes(outcome));
      const [before] = await decodeFrames(input, 1);
      const [after] = await decodeFrames(output, 1);
      const words = (image: DisplayImage) => {
        const { width, height } = size(image);
        return tesseractWords(grey(image), width, height).map((word) => word.text);
      };
      const read = words(before!);
      const left = words(after!);
      console.log(
        `${path.basename(relative)}: tesseract read ${read.length} words before, ${left.length} after`,
      );
      expect(read.length).toBeGreaterThan(5);
      expect(left.length).toBeLessThanOrEqual(Math.floor(read.length * 0.1));
    }, 120_000);
  }

  // Real CT and MR images without burned-in text; all but CT_small got boxes (and lost
  // anatomy) before lone characters had a least size and small frames were left alone.
  for (const relative of [
    'pydicom/src/pydicom/data/test_files/CT_small.dcm',
    'pydicom-data/data_store/data/693_UNCR.dcm',
    'pydicom/src/pydicom/data/test_files/dicomdirtests/77654033/CT2/17106',
    'pydicom/src/pydicom/data/test_files/MR_small.dcm',
    'pydicom/src/pydicom/data/test_files/dicomdirtests/98892003/MR1/5641',
    'dcm_qa_nih/In/20180918GE/mr_0007/axial_epi_fmri_sequential_s_to_i-00144.dcm',
    'flywheel-deidentification/exampleData/penn_prisma/dicom/6_anat_acq_vnavsetter_T1w/6_anat_acq_vnavsetter_T1w_007.dcm',
  ])
    it(`${path.basename(relative)}, without text, keeps its pixel data byte for byte`, async () => {
      const input = new Uint8Array(readFileSync(corpusFile(relative)));
      const deidentifier = await testDeidentifier(CLEAN, undefined, nodePixelTools);
      const outcome = await deidentifier.deidentify(input);
      expect(outcome.status).toBe('written');
      if (outcome.status !== 'written') return;
      const pixelsOf = (bytes: Uint8Array) => {
        const file = readDicom(bytes);
        return valueBytes(file.dataset, findElement(file.dataset, PIXEL_DATA)!);
      };
      expect(outcome.pixels?.changed).toBe(false);
      expect(pixelsOf(outputBytes(outcome))).toEqual(pixelsOf(input));
    });
});

describe('the OCR check of cleaned images', () => {
  let truths: GroundTruth[];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-verify-'));
    truths = generateBurned(dir, 4, 11);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the identifiers burned into an image that was not cleaned, and names where', async () => {
    const tools = await nodePixelToolsWithOcr();
    let found = 0;
    for (const truth of truths) {
      const file = readDicom(new Uint8Array(readFileSync(path.join(dir, truth.file))));
      const identifiers = truth.lines
        .filter((line) => line.kind === 'patient-id' || line.kind === 'accession')
        .map((line) => ({
          kind: 'patient ID' as const,
          value: line.text.replace(/^\D+/, ''),
          source: 'PatientID',
        }))
        .filter((identifier) => identifier.value.length >= 5);
      const findings = await findPixelLeaks(file, identifiers, tools.reader!, tools.codecs);
      for (const finding of findings) {
        expect(finding.path).toMatch(
          /^the image, frame \d+, region x \d+, y \d+, \d+ × \d+ pixels$/,
        );
        for (const identifier of identifiers) expect(finding.path).not.toContain(identifier.value);
      }
      found += findings.length;
    }
    expect(found).toBeGreaterThan(0);
    tools.reader!.close();
  }, 120_000);
});
