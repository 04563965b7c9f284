/**
 * Overlays under Clean Pixel Data, on a real Siemens MR whose overlay plane holds a drawn
 * outline and a label: a name and an ID are drawn into the plane by pydicom and PIL (outside our
 * code), and Debian's tesseract is the oracle of what can still be read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tesseractWords } from '../../../../scripts/burn-text/ocr';
import type { ProfileSpec } from '../../deid/api';
import { findElement, valueBytes } from '../../dicom/dataset';
import { readDicom } from '../../dicom/readDicom';
import { writeDicom } from '../../dicom/writer';
import { corpusFile } from '../../testing/corpus';
import { outputBytes, testDeidentifier } from '../../testing/deid';
import { nodePixelToolsWithOcr } from '../../testing/pixelTools';
import { findPixelLeaks } from '../clean/verifyPixels';
import { isPlane, overlaysOf, unpackFrame } from './overlays';

const SOURCE = corpusFile('pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm');
/** Where the planted line is drawn in the 484 × 484 overlay, and the outline that must stay. */
const TEXT = { x: 20, y: 440, w: 300, h: 30 };
const OUTLINE = { x: 40, y: 230, w: 50, h: 50 };

const PLANT = String.raw`
import sys, numpy as np, pydicom
from pydicom.pixel_data_handlers.numpy_handler import pack_bits
from PIL import Image, ImageDraw, ImageFont
src, out = sys.argv[1], sys.argv[2]
ds = pydicom.dcmread(src)
plane = ds.overlay_array(0x6000).astype(np.uint8) * 255
image = Image.fromarray(plane)
font = ImageFont.truetype('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 18)
ImageDraw.Draw(image).text((24, 444), 'DOE^JOHN  ID 83920175', fill=255, font=font)
bits = (np.asarray(image) > 127).astype(np.uint8)
ds[0x60003000].value = pack_bits(bits)
ds.PatientName = 'DOE^JOHN'
ds.PatientID = '83920175'
ds.save_as(out)
`;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-overlay-'));
const planted = path.join(scratch, 'planted.dcm');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function planeOf(bytes: Uint8Array) {
  const dataset = readDicom(bytes).dataset;
  const plane = overlaysOf(dataset).find(isPlane);
  if (!plane) return undefined;
  return { plane, grey: unpackFrame(valueBytes(dataset, plane.element), plane, 0, false) };
}

/** The engine with Clean Pixel Data and these profile options, on one file. */
async function cleanWith(options: ProfileSpec['options'], input: Uint8Array) {
  const spec: ProfileSpec = { base: 'basic', options, pixels: { clean: true } };
  return (await testDeidentifier(spec, undefined, await nodePixelToolsWithOcr())).deidentify(input);
}

function setBitsIn(grey: Uint8Array, columns: number, box: typeof TEXT): number {
  let set = 0;
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) if (grey[y * columns + x]) set++;
  return set;
}

const readWords = (grey: Uint8Array, columns: number, rows: number) =>
  tesseractWords(grey, columns, rows, 50).map((word) => word.text.toUpperCase());

describe('overlays under Clean Pixel Data', () => {
  beforeAll(() => {
    execFileSync('/usr/bin/python3', ['-c', PLANT, SOURCE, planted]);
  });

  it('clears the text of an overlay the profile keeps, and keeps its outline', async () => {
    const input = new Uint8Array(readFileSync(planted));
    const before = planeOf(input)!;
    const { columns, rows } = before.plane;
    expect(readWords(before.grey, columns, rows).join(' ')).toContain('83920175');
    expect(setBitsIn(before.grey, columns, OUTLINE)).toBeGreaterThan(50);

    const outcome = await cleanWith(['clean-graphics'], input);
    expect(outcome.status, 'reason' in outcome ? outcome.reason : '').toBe('written');
    expect(outcome.status === 'written' && outcome.pixels?.overlays?.regions).toBeGreaterThan(0);
    const output = outputBytes(outcome);
    writeFileSync(path.join(scratch, 'out.dcm'), output);

    const after = planeOf(output)!;
    expect(setBitsIn(after.grey, columns, TEXT)).toBe(0);
    expect(setBitsIn(after.grey, columns, OUTLINE)).toBe(setBitsIn(before.grey, columns, OUTLINE));
    const read = readWords(after.grey, columns, rows).join(' ');
    expect(read).not.toContain('83920175');
    expect(read).not.toContain('DOE');
    // pydicom, independently, reads the cleaned plane and finds the outline where it was.
    const count =
      'import sys,pydicom;print(int(pydicom.dcmread(sys.argv[1]).overlay_array(0x6000).sum()))';
    const bits = execFileSync('/usr/bin/python3', ['-c', count, path.join(scratch, 'out.dcm')], {
      encoding: 'utf8',
    });
    expect(Number(bits)).toBeGreaterThan(100);
  }, 120_000);

  it('removes the overlay with the basic profile, as before', async () => {
    const outcome = await cleanWith([], new Uint8Array(readFileSync(planted)));
    const dataset = readDicom(outputBytes(outcome)).dataset;
    expect(dataset.elements.filter((e) => e.tag >>> 16 === 0x6000)).toEqual([]);
  }, 120_000);

  it('removes an overlay group whose bits are in the pixel data (retired form)', async () => {
    const file = readDicom(new Uint8Array(readFileSync(planted)));
    const ds = file.dataset;
    ds.elements = ds.elements.filter((e) => e.tag !== 0x60003000);
    ds.elementsChanged = true;
    const input = writeDicom(file, { keepTrailingBytes: false });
    const outcome = await cleanWith(['clean-graphics'], input);
    expect(outcome.status === 'written' && outcome.pixels?.overlays?.removed).toEqual([
      'overlay (6000,xxxx): its bits are in the Pixel Data (a retired form)',
    ]);
    const dataset = readDicom(outputBytes(outcome)).dataset;
    expect(dataset.elements.filter((e) => e.tag >>> 16 === 0x6000)).toEqual([]);
  }, 120_000);

  it('reads a name left in an overlay, and says where without saying what', async () => {
    const tools = await nodePixelToolsWithOcr();
    const file = readDicom(new Uint8Array(readFileSync(planted)));
    expect(findElement(file.dataset, 0x60003000)).toBeDefined();
    const findings = await findPixelLeaks(
      file,
      [{ kind: 'patient ID', value: '83920175', source: 'PatientID' }],
      tools.reader!,
      tools.codecs,
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.path).toMatch(/^the overlay \(6000,3000\), frame 1, region x \d+, y \d+/);
      expect(finding.path).not.toContain('83920175');
    }
  }, 120_000);
});
