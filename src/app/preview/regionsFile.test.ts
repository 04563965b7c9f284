import { describe, expect, it } from 'vitest';
import { keyFromPassphrase, webCryptoKeyedHash } from '../../core/deid/keys';
import { parsePixelRegions } from '../../core/pixels/regions/parsePixelRegions';
import { seriesRegionKey } from '../../core/pixels/regions/seriesKey';
import { loadRegions, plainProblem, savedRegions } from './regionsFile';
import {
  EMPTY_USER_REGIONS,
  withLoadedFile,
  withSeriesBoxes,
  withTemplateBoxes,
  type UserBox,
} from './userRegions';

const SERIES_UID = '1.2.826.0.1.3680043.8.498.1234567890';
const BOX: UserBox = { x: 10, y: 20, width: 100, height: 30, frames: 'all' };
const DEVICE = { manufacturer: 'Acme', model: 'Sono 5', rows: 600, columns: 800 };
const DRAWN = withTemplateBoxes(withSeriesBoxes(EMPTY_USER_REGIONS, SERIES_UID, [BOX]), DEVICE, [
  { x: 0, y: 0, width: 800, height: 60, frames: [2, 0] },
]);

describe('Save boxes and templates', () => {
  it('writes what the CLI reads, series named by the key the engine derives', async () => {
    const runKey = await keyFromPassphrase('regionsFile.test passphrase');
    const saved = await savedRegions(DRAWN, runKey);
    expect(saved).toMatchObject({ templates: 1, series: 1, seriesWithoutKey: 0 });
    const parsed = parsePixelRegions(saved.text!);
    const key = await seriesRegionKey(await webCryptoKeyedHash(runKey), SERIES_UID);
    expect(parsed.series).toEqual([{ key, boxes: [BOX] }]);
    expect(parsed.templates[0]!.match).toEqual(DEVICE);
    expect(parsed.templates[0]!.boxes[0]!.frames).toEqual([0, 2]);
    expect(saved.text).not.toContain(SERIES_UID);
    expect(saved.text!.endsWith('}\n')).toBe(true);
  });

  it('without a key saves the templates and counts the series boxes it could not name', async () => {
    const saved = await savedRegions(DRAWN, undefined);
    expect(saved).toMatchObject({ templates: 1, series: 0, seriesWithoutKey: 1 });
    expect(parsePixelRegions(saved.text!).series).toEqual([]);
    const seriesOnly = await savedRegions(
      withSeriesBoxes(EMPTY_USER_REGIONS, SERIES_UID, [BOX]),
      undefined,
    );
    expect(seriesOnly).toEqual({ text: undefined, templates: 0, series: 0, seriesWithoutKey: 1 });
  });

  it('keeps the series entries of a loaded file as they were, key and all', async () => {
    const loaded = withLoadedFile(EMPTY_USER_REGIONS, {
      version: 1,
      templates: [],
      series: [{ key: 'k1:00ff', boxes: [BOX] }],
    });
    const saved = await savedRegions(loaded, undefined);
    expect(parsePixelRegions(saved.text!).series).toEqual([{ key: 'k1:00ff', boxes: [BOX] }]);
  });
});

describe('Load boxes and templates', () => {
  it('reads a saved file back into the same boxes', async () => {
    const saved = await savedRegions(DRAWN, await keyFromPassphrase('regionsFile.test passphrase'));
    const loaded = loadRegions(saved.text!);
    expect('file' in loaded && loaded.file.templates).toHaveLength(1);
    expect('file' in loaded && loaded.file.series).toHaveLength(1);
  });

  it('says what is wrong in words, and never repeats a series key or a UID', () => {
    const loaded = loadRegions(
      JSON.stringify({
        version: 2,
        templates: [
          {
            name: 'Banner',
            match: { manufacturer: 'Acme', rows: 10, columns: 10 },
            boxes: [{ x: 20, y: 0, width: 1, height: 1 }],
          },
        ],
        series: [
          { key: SERIES_UID, boxes: [BOX] },
          { key: 'k1:secret-key-value', boxes: [], [SERIES_UID]: 1 },
        ],
      }),
    );
    expect('problems' in loaded).toBe(true);
    const problems = 'problems' in loaded ? loaded.problems : [];
    expect(problems.some((p) => p.startsWith('Version: 2 is not a version'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Template 1, box 1, x: 20 is right of'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Series entry 1, key: looks like a DICOM UID'))).toBe(
      true,
    );
    expect(problems.some((p) => p.startsWith('Series entry 2, boxes: empty'))).toBe(true);
    const all = problems.join('\n');
    expect(all).not.toContain(SERIES_UID);
    expect(all).not.toContain('secret-key-value');
    expect(all).not.toMatch(/\$|\[\d+\]/);
  });

  it('says where a file that is not JSON stops making sense', () => {
    // V8 gives a position for some errors only; the parser never quotes the text around it.
    expect(loadRegions('{"version": 1,\n  "series": [{"key": "k1:abc"}')).toEqual({
      problems: ['The file: invalid JSON at line 2, column 31'],
    });
    expect(loadRegions('{"version": 1,\n  "series": [}')).toEqual({
      problems: [expect.stringMatching(/^The file: invalid JSON( at line 2, column \d+)?$/)],
    });
  });
});

describe('problem lines in words', () => {
  it('turns JSON paths into numbered things from 1', () => {
    expect(plainProblem('templates[0].match.rows: missing')).toBe(
      'Template 1, match, rows: missing',
    );
    expect(plainProblem('series[11].boxes[3].frames[0]: must be')).toBe(
      'Series entry 12, box 4, frame 1: must be',
    );
    expect(plainProblem('$: invalid JSON')).toBe('The file: invalid JSON');
    expect(plainProblem('no path here')).toBe('no path here');
  });
});
