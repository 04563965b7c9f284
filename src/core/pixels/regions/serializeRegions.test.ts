import { describe, expect, it } from 'vitest';
import { parsePixelRegions } from './parsePixelRegions';
import { KEY, SC, US, template } from './regionTestFixtures';
import { serializePixelRegions } from './serializeRegions';
import type { PixelRegions } from './types';

describe('serializePixelRegions', () => {
  const text = JSON.stringify({
    version: 1,
    series: [
      { key: 'zz', boxes: [{ height: 4, width: 3, y: 2, x: 1, frames: [5, 2] }] },
      { key: 'aa', boxes: [{ x: 1, y: 2, width: 3, height: 4, frames: 'all' }] },
    ],
    templates: [
      template({ note: 'n' }, { sopClassUid: US }),
      {
        boxes: [{ x: 0, y: 0, width: 8, height: 8 }],
        match: { sopClassUid: SC, columns: 8, rows: 8 },
        name: 'SC',
      },
    ],
  });

  it('writes keys in a fixed order, series by key, frames sorted and "all" left out', () => {
    const out = serializePixelRegions(parsePixelRegions(text));
    expect(out.endsWith('}\n')).toBe(true);
    const value = JSON.parse(out) as { series: { key: string }[] };
    expect(Object.keys(value)).toEqual(['version', 'templates', 'series']);
    expect(value.series.map((s) => s.key)).toEqual(['aa', 'zz']);
    expect(out).toContain('"frames": [\n            2,\n            5\n          ]');
    expect(out).not.toContain('"all"');
    expect(Object.keys((JSON.parse(out) as { templates: object[] }).templates[0]!)).toEqual([
      'name',
      'note',
      'match',
      'boxes',
    ]);
  });

  it('round-trips: parse(serialize(r)) equals r, and serializing again gives the same text', () => {
    const regions = parsePixelRegions(text);
    const out = serializePixelRegions(regions);
    const again = parsePixelRegions(out);
    expect(again.templates).toEqual(regions.templates);
    expect(again.series).toEqual([...regions.series].sort((a, b) => a.key.localeCompare(b.key)));
    expect(serializePixelRegions(again)).toBe(out);
  });

  it('refuses to write regions a file could not hold', () => {
    const bad = {
      version: 1,
      templates: [],
      series: [{ key: KEY, boxes: [{ x: 0, y: 0, width: 0, height: 1, frames: 'all' }] }],
    } as unknown as PixelRegions;
    expect(() => serializePixelRegions(bad)).toThrow(
      'series[0].boxes[0].width: 0 is outside 1 to 65535',
    );
  });
});
