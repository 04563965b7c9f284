/**
 * The OCR confirming weak boxes in the engine, on real images with the real OCR: text-free CT
 * and MR that the detector boxed blobs or a drawing in keep their pixel data byte for byte, and
 * identifiers of two characters burned into real CT and MR (scripts/burn-text/burn_short.py),
 * which the detector finds only as weak boxes, are still blacked out in every frame.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, isFound, type PlantedLine } from '../../../../scripts/burn-text/corpus';
import type { ProfileSpec } from '../../deid/api';
import { findElement, valueBytes } from '../../dicom/dataset';
import { readDicom } from '../../dicom/readDicom';
import { corpusFile, PROJECT_ROOT } from '../../testing/corpus';
import { outputBytes, testDeidentifier } from '../../testing/deid';
import { nodePixelTools, nodePixelToolsWithOcr } from '../../testing/pixelTools';
import { LONE_SCORE, STRONG_SCORE } from '../detect/detectText';
import { readsAsText } from '../ocr/readsAsText';
import { searchFrame } from '../detect/searchFrame';
import { PIXEL_DATA, readImageInfo } from '../imageInfo';
import type { PixelTools } from './cleanPixels';
import { regionsToClean } from './cleanPixels';
import { ENGINE_EVIDENCE, onPlainGround } from './confirmBoxes';

const NARROW = 'LiberationSansNarrow-Regular';
const CLEAN: ProfileSpec = { base: 'basic', options: [], pixels: { clean: true } };

let tools: PixelTools;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-confirm-'));
beforeAll(async () => {
  tools = await nodePixelToolsWithOcr();
}, 60_000);
afterAll(() => {
  tools.reader?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const pixelsOf = (bytes: Uint8Array) => {
  const file = readDicom(bytes);
  return valueBytes(file.dataset, findElement(file.dataset, PIXEL_DATA)!);
};

describe('weak boxes the OCR reads no text in', () => {
  // Real CT and MR without burned-in text that got regions before the OCR confirmed weak
  // boxes: blobs in the tiles of an EPI mosaic, pairs of blobs in an EPI slice and a field
  // map, a lossy CT, a drawing on a light page boxed as a band of ink.
  for (const relative of [
    'dcm_qa/In/Orientation/ax/axasc36/MR.1.3.12.2.1107.5.2.32.35131.2014031012525641770887330',
    'dcm_qa_nih/In/20180918Si/mr_0004/epi_pe_pa-00001.dcm',
    'flywheel-deidentification/exampleData/penn_prisma/dicom/10_SpinEchoFieldMap_AP/10_SpinEchoFieldMap_AP_002.dcm',
    'pydicom-data/data_store/data/693_UNCI.dcm',
    'deid-data/deid_data/data/humans/ctbrain1.dcm',
  ])
    it(`${path.basename(relative)} keeps its pixel data byte for byte`, async () => {
      const input = new Uint8Array(readFileSync(corpusFile(relative)));
      const file = readDicom(input);
      const unread = await regionsToClean(file, readImageInfo(file), nodePixelTools, {});
      expect(unread.boxes.length, 'boxes without a reader').toBeGreaterThan(0);
      const deidentifier = await testDeidentifier(CLEAN, undefined, tools);
      const outcome = await deidentifier.deidentify(input);
      expect(outcome.status).toBe('written');
      if (outcome.status !== 'written') return;
      expect(outcome.pixels?.changed).toBe(false);
      expect(pixelsOf(outputBytes(outcome))).toEqual(pixelsOf(input));
    }, 60_000);
});

/** Burns `text` into `source` with burn_short.py; the file and its line's ground truth. */
function burn(
  source: string,
  text: string,
  size: number,
  font: string,
  x: number,
  y: number,
): { out: string; line: PlantedLine } {
  const out = path.join(scratch, `${text}-${path.basename(source)}`);
  const args = ['--size', String(size), '--font', font, '--x', String(x), '--y', String(y)];
  const script = path.join(PROJECT_ROOT, 'scripts/burn-text/burn_short.py');
  const json = execFileSync('/usr/bin/python3', [script, source, out, text, ...args], {
    encoding: 'utf8',
  });
  return { out, line: JSON.parse(json) as PlantedLine };
}

/** Cleans `out` with the OCR and checks that every pixel of the line's box is the image's black. */
async function expectBlackedOut(out: string, line: PlantedLine, text: string): Promise<void> {
  const before = await decodeFrames(out);
  const deidentifier = await testDeidentifier(CLEAN, undefined, tools);
  const outcome = await deidentifier.deidentify(new Uint8Array(readFileSync(out)));
  expect(outcome.status).toBe('written');
  if (outcome.status !== 'written') return;
  expect(outcome.pixels?.changed).toBe(true);
  const cleaned = path.join(scratch, `${text}-cleaned.dcm`);
  writeFileSync(cleaned, outputBytes(outcome));
  const after = await decodeFrames(cleaned);
  expect(after.length).toBe(before.length);
  const { x: bx, y: by, w, h } = line.box;
  for (const frame of after) {
    if (frame.kind !== 'grey') throw new Error('grey images only');
    // Every pixel of the line's ink box holds one value: the image's black.
    const values = new Set<number>();
    for (let row = by; row < by + h; row++)
      for (let col = bx; col < bx + w; col++) values.add(frame.pixels[row * frame.columns + col]!);
    expect(values.size, `frame ${after.indexOf(frame)}`).toBe(1);
  }
}

describe('short identifiers burned in, found only as weak boxes', () => {
  const CASES = [
    // source, text, size, font, x, y
    [
      'flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_000.dcm',
      'JD',
      16,
      'LiberationMono-Regular',
      12,
      12,
    ],
    [
      'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm',
      'AB',
      14,
      'LiberationSans-Regular',
      420,
      30,
    ],
    [
      'pydicom-data/data_store/data/MR2_UNCR.dcm',
      'KM',
      20,
      'LiberationSansNarrow-Regular',
      420,
      30,
    ],
    ['pydicom-data/data_store/data/eCT_Supplemental.dcm', '42', 18, 'DejaVuSerif', 12, 12],
  ] as const;
  for (const [source, text, size, font, x, y] of CASES)
    it(`"${text}" (${size} px) on ${path.basename(source)} is blacked out in every frame`, async () => {
      const { out, line } = burn(source, text, size, font, x, y);
      // The detector's box around it is weak: the OCR's reading is what keeps it.
      const found = searchFrame((await decodeFrames(out))[0]!).found.filter((b) =>
        isFound(line.box, [b]),
      );
      expect(found.length).toBeGreaterThan(0);
      expect(Math.max(...found.map((b) => b.score))).toBeLessThan(STRONG_SCORE);
      await expectBlackedOut(out, line, text);
    }, 60_000);
});

describe('short identifiers the OCR cannot read, on the plain background of a corner', () => {
  // Found by the detector as a pair of characters, which the OCR reads as nothing or under
  // ENGINE_EVIDENCE's confidence (scripts/burn-text/shortRecall.ts, seed 1): the flat ground
  // around the pair is what keeps it.
  const CASES = [
    // source, text, size, font, x, y
    ['dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm', '99', 10, NARROW, 15, 476],
    ['pydicom-data/data_store/data/MR2_UNCR.dcm', 'XW6', 14, NARROW, 961, 11],
    [
      'pydicom-data/data_store/data/eCT_Supplemental.dcm',
      '2U',
      12,
      'LiberationMono-Regular',
      9,
      14,
    ],
  ] as const;
  for (const [source, text, size, font, x, y] of CASES)
    it(`"${text}" (${size} px) on ${path.basename(source)} is blacked out in every frame`, async () => {
      const { out, line } = burn(source, text, size, font, x, y);
      const search = searchFrame((await decodeFrames(out))[0]!);
      const { grey, hidden } = search;
      const { columns, rows } = (await decodeFrames(out, 1))[0]!;
      const found = search.found.filter((b) => isFound(line.box, [b]));
      expect(found.length).toBeGreaterThan(0);
      for (const box of found) {
        expect(box.score).toBeGreaterThan(LONE_SCORE);
        expect(box.score).toBeLessThan(STRONG_SCORE);
        expect(onPlainGround(box, columns, rows, grey)).toBe(true);
        // The OCR alone would keep it: in neither view does it read a word it accepts.
        const region = { x: box.x, y: box.y, width: box.w, height: box.h };
        for (const data of [grey, hidden]) {
          if (!data) continue;
          const words = await tools.reader!.read({ width: columns, height: rows, data }, region, {
            layout: 'block',
          });
          expect(readsAsText(words, [region], ENGINE_EVIDENCE)).toBe(false);
        }
      }
      await expectBlackedOut(out, line, text);
    }, 60_000);
});
