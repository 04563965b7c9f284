import { describe, expect, it } from 'vitest';
import { combinePixelRegions } from './combineRegions';
import { regionsFor } from './matchRegions';
import { parsePixelRegions } from './parsePixelRegions';
import { KEY, image, template } from './regionTestFixtures';

describe('combinePixelRegions', () => {
  it('keeps every template once and joins the boxes of a series key', () => {
    const a = parsePixelRegions(
      JSON.stringify({
        version: 1,
        templates: [template()],
        series: [{ key: KEY, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] }],
      }),
    );
    const b = parsePixelRegions(
      JSON.stringify({
        version: 1,
        templates: [template(), template({ name: 'Other' })],
        series: [
          { key: KEY, boxes: [{ x: 5, y: 5, width: 1, height: 1 }] },
          { key: 'k2', boxes: [{ x: 0, y: 0, width: 2, height: 2 }] },
        ],
      }),
    );
    const both = combinePixelRegions(a, b);
    expect(both.templates.map((t) => t.name)).toEqual(['Acme Sono banner', 'Other']);
    expect(both.series).toEqual([
      {
        key: KEY,
        boxes: [
          { x: 0, y: 0, width: 1, height: 1, frames: 'all' },
          { x: 5, y: 5, width: 1, height: 1, frames: 'all' },
        ],
      },
      { key: 'k2', boxes: [{ x: 0, y: 0, width: 2, height: 2, frames: 'all' }] },
    ]);
    expect(regionsFor(both, image({ seriesKey: KEY }))).toHaveLength(3);
  });
});
