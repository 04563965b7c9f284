import { describe, expect, it } from 'vitest';
import { matchingTemplates, regionsFor } from './matchRegions';
import { parsePixelRegions } from './parsePixelRegions';
import { KEY, SC, US, image, template } from './regionTestFixtures';
import type { ImageQuery } from './types';

describe('regionsFor', () => {
  const regions = parsePixelRegions(
    JSON.stringify({
      version: 1,
      templates: [
        template(),
        template(
          { name: 'Any Acme Sono, SC only', boxes: [{ x: 700, y: 550, width: 500, height: 500 }] },
          { model: 'SONO*', sopClassUid: SC },
        ),
        {
          name: 'US band by class',
          match: { rows: 600, columns: 800, sopClassUid: US },
          boxes: [{ x: 0, y: 0, width: 800, height: 60 }],
        },
      ],
      series: [
        {
          key: KEY,
          boxes: [
            { x: 10, y: 500, width: 200, height: 40, frames: [0, 30] },
            { x: 900, y: 0, width: 5, height: 5 },
          ],
        },
      ],
    }),
  );

  it('compares manufacturer and model trimmed, spaces folded and ignoring case', () => {
    const names = (query: ImageQuery): string[] =>
      matchingTemplates(regions, query).map((t) => t.name);
    expect(names(image())).toEqual(['Acme Sono banner', 'US band by class']);
    expect(names(image({ manufacturer: '  ACME ', model: 'sono   5 ' }))).toEqual([
      'Acme Sono banner',
      'US band by class',
    ]);
    expect(names(image({ model: 'Sono 50' }))).toEqual(['US band by class']);
    expect(names(image({ model: undefined }))).toEqual(['US band by class']);
    expect(names(image({ manufacturer: undefined }))).toEqual(['US band by class']);
  });

  it('matches a model prefix only where the template ends it with *', () => {
    const names = (query: ImageQuery): string[] =>
      matchingTemplates(regions, query).map((t) => t.name);
    expect(names(image({ model: 'Sono 50', sopClassUid: SC }))).toEqual(['Any Acme Sono, SC only']);
    expect(names(image({ model: 'Sono', sopClassUid: SC }))).toEqual(['Any Acme Sono, SC only']);
    expect(names(image({ model: 'Son', sopClassUid: SC }))).toEqual([]);
  });

  it('needs the exact rows, columns and SOP class', () => {
    expect(matchingTemplates(regions, image({ rows: 601 }))).toEqual([]);
    expect(matchingTemplates(regions, image({ columns: 600, rows: 800 }))).toEqual([]);
    expect(
      matchingTemplates(regions, image({ sopClassUid: undefined })).map((t) => t.name),
    ).toEqual(['Acme Sono banner']);
    expect(
      matchingTemplates(regions, image({ sopClassUid: `${US}\0` })).map((t) => t.name),
    ).toEqual(['Acme Sono banner', 'US band by class']);
  });

  it('unites template and series boxes, clipped to the image, without repeats', () => {
    expect(regionsFor(regions, image({ sopClassUid: SC, seriesKey: KEY }))).toEqual([
      { x: 0, y: 0, width: 800, height: 60 },
      { x: 700, y: 550, width: 100, height: 50 },
      { x: 10, y: 500, width: 200, height: 40, frames: [0, 30] },
    ]);
    // The two banners are one box; the series' box at x 900 is outside the image and dropped.
    expect(regionsFor(regions, image({ seriesKey: KEY, frames: 27 }))).toEqual([
      { x: 0, y: 0, width: 800, height: 60 },
      { x: 10, y: 500, width: 200, height: 40, frames: [0] },
    ]);
    expect(regionsFor(regions, image({ seriesKey: 'another', frames: 27 }))).toEqual([
      { x: 0, y: 0, width: 800, height: 60 },
    ]);
    expect(regionsFor(regions, image({ manufacturer: 'Other', sopClassUid: SC }))).toEqual([]);
  });

  it('applies series boxes to any image of the series, whatever its size', () => {
    expect(regionsFor(regions, { rows: 100, columns: 100, seriesKey: KEY, frames: 1 })).toEqual([]);
    expect(regionsFor(regions, { rows: 520, columns: 100, seriesKey: KEY, frames: 1 })).toEqual([
      { x: 10, y: 500, width: 90, height: 20, frames: [0] },
    ]);
  });
});
