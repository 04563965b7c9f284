/**
 * Boxes a user drew on one series (saved under the series' opaque key) are blacked out in that
 * series, and only there: the engine derives the same key from the file's original Series
 * Instance UID and the run's key as the page does when it saves the boxes.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findElement, valueBytes } from '../../dicom/dataset';
import { readDicom } from '../../dicom/readDicom';
import { readStrings } from '../../dicom/values';
import { webCryptoKeyedHash } from '../../deid/keys';
import { corpusFile } from '../../testing/corpus';
import { outputBytes, TEST_KEY, testDeidentifier } from '../../testing/deid';
import { nodePixelTools } from '../../testing/pixelTools';
import { PIXEL_DATA } from '../imageInfo';
import { pixelRegionsFromValue } from './parsePixelRegions';
import { seriesRegionKey } from './seriesKey';

const MR = corpusFile(
  'flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_000.dcm',
);
const BOX = { x: 100, y: 120, width: 40, height: 30 };

function seriesUidOf(bytes: Uint8Array): string {
  const dataset = readDicom(bytes).dataset;
  return readStrings(dataset, findElement(dataset, 0x0020000e)!)[0]!;
}

function pixelsOf(bytes: Uint8Array): Uint16Array {
  const file = readDicom(bytes);
  const raw = valueBytes(file.dataset, findElement(file.dataset, PIXEL_DATA)!);
  return new Uint16Array(raw.slice().buffer);
}

describe('series boxes of a regions file', () => {
  it('are keyed by HMAC-SHA-256 of "series:" + Series Instance UID under the run key', async () => {
    const uid = '1.2.3.4.5';
    const expected = createHmac('sha256', TEST_KEY).update(`series:${uid}`).digest('hex');
    expect(await seriesRegionKey(await webCryptoKeyedHash(TEST_KEY), uid)).toBe(`k1:${expected}`);
  });

  it('black out their box in that series only', async () => {
    const input = new Uint8Array(readFileSync(MR));
    const uid = seriesUidOf(input);
    const regionsFor = async (seriesUid: string) =>
      pixelRegionsFromValue({
        version: 1,
        templates: [],
        series: [
          {
            key: await seriesRegionKey(await webCryptoKeyedHash(TEST_KEY), seriesUid),
            boxes: [BOX],
          },
        ],
      });
    const run = async (seriesUid: string) => {
      const spec = {
        base: 'basic',
        options: [],
        pixels: { clean: true, regions: await regionsFor(seriesUid) },
      } as const;
      const outcome = await (
        await testDeidentifier(spec, TEST_KEY, nodePixelTools)
      ).deidentify(input);
      return outcome;
    };

    const other = await run('1.2.3.4.5');
    expect(other.status === 'written' && other.pixels?.changed).toBe(false);

    const own = await run(uid);
    expect(own.status === 'written' && own.pixels?.changed).toBe(true);
    const before = pixelsOf(input);
    const after = pixelsOf(outputBytes(own));
    const columns = 512;
    const rows = before.length / columns;
    let insideChanged = 0;
    let outsideChanged = 0;
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < columns; x++) {
        const i = y * columns + x;
        const inside = x >= BOX.x && x < BOX.x + BOX.width && y >= BOX.y && y < BOX.y + BOX.height;
        if (before[i] !== after[i]) {
          if (inside) insideChanged++;
          else outsideChanged++;
        }
      }
    expect(insideChanged).toBeGreaterThan(BOX.width * BOX.height * 0.5);
    expect(outsideChanged).toBe(0);
  });
});
