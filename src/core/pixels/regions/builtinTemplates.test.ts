/**
 * The built-in template set: a valid file in canonical form, every entry explained, and checked
 * against real ultrasound screens of the corpus. On each, every bright pixel above the scan area
 * (text: the patient banner, the institution, the date) must fall in a box of the templates that
 * match the file's own header, and the boxes must leave most of the image alone. Files that are
 * no screen capture must match nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../../scripts/burn-text/corpus';
import { findElement } from '../../dicom/dataset';
import { readDicom } from '../../dicom/readDicom';
import { tag } from '../../dicom/tag';
import { readNumbers, readStrings } from '../../dicom/values';
import { corpusFile } from '../../testing/corpus';
import { luminance } from '../detect/luminance';
import type { RedactionBox } from '../redact/boxes';
import { BUILTIN_PIXEL_REGIONS } from './builtinTemplates';
import { matchingTemplates, regionsFor } from './matchRegions';
import { parsePixelRegions } from './parsePixelRegions';
import { serializePixelRegions } from './serializeRegions';
import type { ImageQuery } from './types';

/** What the engine will ask with: the header values, as the header reader finds them. */
function queryOf(file: string): ImageQuery {
  const { dataset } = readDicom(readFileSync(file), { fileName: path.basename(file) });
  const text = (group: number, element: number): string | undefined => {
    const found = findElement(dataset, tag(group, element));
    return found ? readStrings(dataset, found)[0] : undefined;
  };
  const number = (group: number, element: number): number | undefined => {
    const found = findElement(dataset, tag(group, element));
    return found ? readNumbers(dataset, found)[0] : undefined;
  };
  return {
    manufacturer: text(0x0008, 0x0070),
    model: text(0x0008, 0x1090),
    rows: number(0x0028, 0x0010)!,
    columns: number(0x0028, 0x0011)!,
    sopClassUid: text(0x0008, 0x0016),
    frames: number(0x0028, 0x0008) ?? 1,
  };
}

const inBoxes = (boxes: readonly RedactionBox[], x: number, y: number): boolean =>
  boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-regions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The cine is stored zipped in deid-data. */
function unzipped(zip: string, member: string): string {
  execFileSync('unzip', ['-o', '-q', zip, member, '-d', scratch]);
  return path.join(scratch, member);
}

const ULTRASOUNDS = 'deid-data/deid_data/data/ultrasounds';

interface Screen {
  readonly file: () => string;
  /** The template names expected to match. */
  readonly templates: readonly string[];
  /**
   * First row of the scan area: RegionLocationMinY0 of the file's first Sequence of Ultrasound
   * Regions item, or (LOGIQ 700, which has none) the top edge of the image, read by eye.
   */
  readonly scanTop: number;
}

const SCREENS: Record<string, Screen> = {
  'Philips EPIQ 5G, 1024x768 (deid-data)': {
    file: () => corpusFile(`${ULTRASOUNDS}/GREYSCALE_IMAGE.dcm`),
    templates: ['Generic US 1024x768: top band'],
    scanTop: 38,
  },
  'Siemens S2000, 1024x768 RGB (deid-data)': {
    file: () => corpusFile(`${ULTRASOUNDS}/RGB_IMAGE.dcm`),
    templates: ['Generic US 1024x768: top band'],
    scanTop: 60,
  },
  'Philips EPIQ 5G cine, 800x600 (deid-data)': {
    file: () => unzipped(corpusFile(`${ULTRASOUNDS}/GREYSCALE_CINE.zip`), 'GREYSCALE_CINE.dcm'),
    templates: ['Generic US multi-frame 800x600: top band'],
    scanTop: 31,
  },
  'Philips CX50, 800x600 palette (pydicom-data)': {
    file: () => corpusFile('pydicom-data/data_store/data/OBXXXX1A_expb_2frame.dcm'),
    templates: ['Generic US 800x600: top band'],
    scanTop: 60,
  },
  'GE LOGIQ 700, 640x480 JPEG 2000 (pydicom)': {
    file: () => corpusFile('pydicom/src/pydicom/data/test_files/examples_jpeg2k.dcm'),
    templates: ['Generic US 640x480: top band', 'GE LOGIQ 700 640x480: header block'],
    scanTop: 108,
  },
};

describe('the built-in set', () => {
  it('is a valid regions file, written in canonical form, with a note on every template', () => {
    const text = readFileSync(new URL('./builtinTemplates.json', import.meta.url), 'utf8');
    expect(parsePixelRegions(text)).toEqual(BUILTIN_PIXEL_REGIONS);
    expect(serializePixelRegions(BUILTIN_PIXEL_REGIONS)).toBe(text);
    expect(BUILTIN_PIXEL_REGIONS.series).toEqual([]);
    for (const template of BUILTIN_PIXEL_REGIONS.templates) {
      expect(template.note?.length, template.name).toBeGreaterThan(80);
    }
  });

  for (const [name, screen] of Object.entries(SCREENS)) {
    it(`covers the text above the scan area: ${name}`, async () => {
      const file = screen.file();
      const query = queryOf(file);
      expect(matchingTemplates(BUILTIN_PIXEL_REGIONS, query).map((t) => t.name)).toEqual(
        screen.templates,
      );
      const boxes = regionsFor(BUILTIN_PIXEL_REGIONS, query);
      const [image] = await decodeFrames(file, 1);
      const grey = luminance(image!);
      const { columns } = image!;
      let bright = 0;
      let uncovered = 0;
      for (let y = 0; y < screen.scanTop; y++) {
        for (let x = 0; x < columns; x++) {
          if (grey[y * columns + x]! < 128) continue;
          bright++;
          if (!inBoxes(boxes, x, y)) uncovered++;
        }
      }
      expect(bright, 'text above the scan area').toBeGreaterThan(300);
      expect(uncovered).toBe(0);
      // Whole-width bands, at most a quarter of the rows: the scan area stays.
      const rowsCovered = new Set<number>();
      for (const b of boxes) for (let y = b.y; y < b.y + b.height; y++) rowsCovered.add(y);
      expect(rowsCovered.size / query.rows).toBeLessThanOrEqual(0.25);
    });
  }

  it('matches a screen whose segmented palette the decoder cannot show, by its header', () => {
    // Aloka SSD-4000: its banner is rows 1 to 23 (rendered with pydicom), the scan area from 24.
    const query = queryOf(corpusFile('pydicom-data/data_store/data/gdcm-US-ALOKA-16_big.dcm'));
    expect(regionsFor(BUILTIN_PIXEL_REGIONS, query)).toEqual([
      { x: 0, y: 0, width: 640, height: 48 },
    ]);
  });

  it('matches no image that is not a screen capture of a common size', () => {
    for (const file of [
      'deid-data/deid_data/data/humans/ctbrain1.dcm',
      'deid-data/deid_data/data/dicom-cookies/image1.dcm',
      'pydicom/src/pydicom/data/test_files/CT_small.dcm',
      'pydicom/src/pydicom/data/test_files/MR_small.dcm',
      'pydicom/src/pydicom/data/test_files/examples_rgb_color.dcm', // LOGIQ 700 at 320x240
    ]) {
      expect(regionsFor(BUILTIN_PIXEL_REGIONS, queryOf(corpusFile(file))), file).toEqual([]);
    }
  });
});
