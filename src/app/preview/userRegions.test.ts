import { describe, expect, it } from 'vitest';
import { keyFromPassphrase, webCryptoKeyedHash } from '../../core/deid/keys';
import { PixelRegionsError } from '../../core/pixels/regions/problems';
import { seriesRegionKey } from '../../core/pixels/regions/seriesKey';
import {
  EMPTY_USER_REGIONS,
  regionsForRun,
  regionsWithoutKey,
  sameDevice,
  seriesBoxesOf,
  templateName,
  templateOf,
  toRegionsFile,
  withLoadedFile,
  withSeriesBoxes,
  withTemplateBoxes,
  type DeviceMatch,
  type UserBox,
} from './userRegions';

const BOX: UserBox = { x: 10, y: 20, width: 100, height: 30, frames: 'all' };
const OTHER: UserBox = { x: 0, y: 0, width: 640, height: 40, frames: [0, 2] };
const LOGIQ: DeviceMatch = {
  manufacturer: 'G.E. Medical Systems',
  model: 'LOGIQ 700',
  rows: 480,
  columns: 640,
};
const SERIES_UID = '1.2.840.113619.2.1.2411.1031152382.365.736169244';

describe('boxes drawn per series', () => {
  it('keeps, replaces and drops a series entry by the review screen key', () => {
    const one = withSeriesBoxes(EMPTY_USER_REGIONS, 'a', [BOX]);
    const two = withSeriesBoxes(one, 'b', [OTHER]);
    expect(seriesBoxesOf(two, 'a')).toEqual([BOX]);
    expect(seriesBoxesOf(two, 'b')).toEqual([OTHER]);
    expect(seriesBoxesOf(withSeriesBoxes(two, 'a', [OTHER]), 'a')).toEqual([OTHER]);
    const dropped = withSeriesBoxes(two, 'a', []);
    expect(dropped.series.map((entry) => entry.seriesKey)).toEqual(['b']);
    expect(seriesBoxesOf(dropped, 'a')).toEqual([]);
  });
});

describe('device templates', () => {
  it('matches a device as the engine does: trimmed, spaces folded, any case; sizes exactly', () => {
    const messy = { ...LOGIQ, manufacturer: '  g.e.  MEDICAL systems ', model: 'logiq 700' };
    expect(sameDevice(LOGIQ, messy)).toBe(true);
    expect(sameDevice(LOGIQ, { ...LOGIQ, rows: 481 })).toBe(false);
    expect(sameDevice(LOGIQ, { ...LOGIQ, model: 'LOGIQ 7' })).toBe(false);
    expect(sameDevice(LOGIQ, { ...LOGIQ, sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1' })).toBe(false);
  });

  it('names a template by device and size, within the 64 characters a name may have', () => {
    expect(templateName(LOGIQ)).toBe('G.E. Medical Systems LOGIQ 700, 640 × 480');
    expect(templateName({ rows: 1, columns: 2 })).toBe('Any device, 2 × 1');
    const long = templateName({ ...LOGIQ, manufacturer: 'M'.repeat(80) });
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long.endsWith(', 640 × 480')).toBe(true);
  });

  it('replaces the boxes of the same device, keeps names unique, drops an empty template', () => {
    const one = withTemplateBoxes(EMPTY_USER_REGIONS, LOGIQ, [BOX]);
    const again = withTemplateBoxes(one, { ...LOGIQ, model: 'logiq 700' }, [OTHER]);
    expect(again.templates).toHaveLength(1);
    expect(templateOf(again, LOGIQ)?.boxes).toEqual([OTHER]);
    // Another size of the same device: another template with another name.
    const bigger = withTemplateBoxes(again, { ...LOGIQ, rows: 600, columns: 800 }, [BOX]);
    const names = bigger.templates.map((t) => t.name.toLowerCase());
    expect(new Set(names).size).toBe(2);
    expect(withTemplateBoxes(bigger, LOGIQ, []).templates).toHaveLength(1);
  });
});

describe('the regions file and the run', () => {
  it('leaves drawn series boxes out without a key, and names them k1:HMAC under one', async () => {
    const regions = withTemplateBoxes(
      withSeriesBoxes(EMPTY_USER_REGIONS, SERIES_UID, [BOX]),
      LOGIQ,
      [OTHER],
    );
    const withoutKey = toRegionsFile(regions);
    expect(withoutKey.series).toEqual([]);
    expect(withoutKey.templates).toHaveLength(1);
    expect(regionsWithoutKey(regions)?.series).toEqual([]);

    const runKey = await keyFromPassphrase('a passphrase for userRegions.test');
    const expected = await seriesRegionKey(await webCryptoKeyedHash(runKey), SERIES_UID);
    expect(expected).toMatch(/^k1:[0-9a-f]{64}$/);
    const forRun = await regionsForRun(regions, runKey);
    expect(forRun?.series).toEqual([{ key: expected, boxes: [BOX] }]);
    expect(JSON.stringify(forRun)).not.toContain(SERIES_UID);
    expect(forRun?.templates.map((t) => t.match)).toEqual([LOGIQ]);
  });

  it('gives the run nothing when there are no boxes, as the CLI without --pixel-regions', async () => {
    expect(await regionsForRun(EMPTY_USER_REGIONS, undefined)).toBeUndefined();
    expect(regionsWithoutKey(EMPTY_USER_REGIONS)).toBeUndefined();
  });

  it('merges a loaded file: its templates replace the same device, its series keys stay', async () => {
    const mine = withTemplateBoxes(EMPTY_USER_REGIONS, LOGIQ, [BOX]);
    const loaded = withLoadedFile(mine, {
      version: 1,
      templates: [{ name: 'Banner', match: LOGIQ, boxes: [OTHER] }],
      series: [{ key: 'k1:abc', boxes: [BOX] }],
    });
    expect(loaded.templates).toHaveLength(1);
    expect(templateOf(loaded, LOGIQ)?.boxes).toEqual([OTHER]);
    expect(loaded.loadedSeries).toEqual([{ key: 'k1:abc', boxes: [BOX] }]);
    // Loading the same key again replaces its entry, as the parser refuses duplicates.
    const twice = withLoadedFile(loaded, {
      version: 1,
      templates: [],
      series: [{ key: 'k1:abc', boxes: [OTHER] }],
    });
    expect(twice.loadedSeries).toEqual([{ key: 'k1:abc', boxes: [OTHER] }]);
    expect((await regionsForRun(twice, undefined))?.series).toEqual([
      { key: 'k1:abc', boxes: [OTHER] },
    ]);
  });

  it('lets a drawn series entry win over a loaded one with the same key', async () => {
    const runKey = await keyFromPassphrase('a passphrase for userRegions.test');
    const key = await seriesRegionKey(await webCryptoKeyedHash(runKey), SERIES_UID);
    const regions = withSeriesBoxes(
      withLoadedFile(EMPTY_USER_REGIONS, {
        version: 1,
        templates: [],
        series: [{ key, boxes: [OTHER] }],
      }),
      SERIES_UID,
      [BOX],
    );
    expect((await regionsForRun(regions, runKey))?.series).toEqual([{ key, boxes: [BOX] }]);
  });

  it('refuses, through the core parser, boxes a file could not hold', async () => {
    const outside = withTemplateBoxes(EMPTY_USER_REGIONS, LOGIQ, [{ ...BOX, x: 700 }]);
    expect(() => regionsWithoutKey(outside)).toThrow(PixelRegionsError);
  });
});
