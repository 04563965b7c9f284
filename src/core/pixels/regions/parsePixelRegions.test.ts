import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/corpus';
import { regionsFor } from './matchRegions';
import { parsePixelRegions, pixelRegionsFromValue } from './parsePixelRegions';
import { KEY, SC, US, image, problemsOf, problemsOfText, template } from './regionTestFixtures';
import { PIXEL_REGIONS_LIMITS } from './types';

describe('parsePixelRegions', () => {
  it('reads a valid file with templates and series', () => {
    const regions = parsePixelRegions(`{
      "version": 1,
      "templates": [
        {
          "name": " Acme Sono banner ",
          "note": "The banner across the top.",
          "match": { "manufacturer": "Acme ", "model": "Sono*", "rows": 600, "columns": 800,
                     "sopClassUid": "${US}" },
          "boxes": [{ "x": 0, "y": 0, "width": 800, "height": 60, "frames": "all" }]
        }
      ],
      "series": [
        { "key": "${KEY}", "boxes": [{ "x": 10, "y": 500, "width": 200, "height": 40,
                                       "frames": [3, 1, 3] }] }
      ]
    }`);
    expect(regions).toEqual({
      version: 1,
      templates: [
        {
          name: 'Acme Sono banner',
          note: 'The banner across the top.',
          match: { manufacturer: 'Acme', model: 'Sono*', rows: 600, columns: 800, sopClassUid: US },
          boxes: [{ x: 0, y: 0, width: 800, height: 60, frames: 'all' }],
        },
      ],
      series: [{ key: KEY, boxes: [{ x: 10, y: 500, width: 200, height: 40, frames: [1, 3] }] }],
    });
  });

  it('accepts a file with no regions, and templates keyed by SOP class alone', () => {
    expect(parsePixelRegions('{"version": 1}')).toEqual({ version: 1, templates: [], series: [] });
    const regions = pixelRegionsFromValue({
      version: 1,
      templates: [
        {
          name: 'US band',
          match: { rows: 600, columns: 800, sopClassUid: US },
          boxes: [{ x: 0, y: 0, width: 800, height: 60 }],
        },
      ],
    });
    expect(regions.templates[0]!.match).toEqual({ rows: 600, columns: 800, sopClassUid: US });
  });

  it('reports invalid JSON by position only, never quoting the text', () => {
    const [problem, ...rest] = problemsOfText(
      `{"version": 1, "series": [{"key": "${KEY}" "boxes": []}]}`,
    );
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^\$: invalid JSON/);
    expect(problem).not.toContain('9f86d0');
    expect(problemsOfText('{"version": 1,')[0]).toMatch(/^\$: invalid JSON/);
  });

  it('refuses a root that is not an object and text that is too long', () => {
    expect(problemsOfText('[]')).toEqual([
      '$: a pixel regions file must be a JSON object, not an array',
    ]);
    expect(problemsOfText(' '.repeat(PIXEL_REGIONS_LIMITS.maxTextLength + 1))[0]).toMatch(
      /^\$: \d+ characters; a pixel regions file may have at most/,
    );
  });

  it('lists every problem of a bad file, each with its JSON path', () => {
    const problems = problemsOf({
      version: 2,
      templtes: [],
      templates: [
        {
          name: '',
          match: {
            manufacturer: 'Ac*me',
            model: 5,
            rows: 0,
            columns: 800.5,
            sopClassUid: '1.2.x',
            size: 3,
          },
          boxes: [
            { x: -1, y: 0, width: 0, height: 70000 },
            { x: 900, y: 700, width: 10, height: 10, frames: [] },
            { x: 0, y: 0, width: 10, height: 10, frames: 'some' },
            { x: 0, y: 0, width: 10, height: 10, frames: [0, -2, 1.5] },
            { x: '0', y: 0, width: 10, height: 10, colour: 'red' },
            'box',
          ],
        },
        { name: 'No match', boxes: [] },
        {
          name: 'Only size',
          match: { rows: 10, columns: 10 },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
        {
          name: 'Model alone',
          match: { model: 'X', rows: 10, columns: 10, sopClassUid: US },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
        {
          name: 'Star',
          match: { manufacturer: '*', rows: 10, columns: 10 },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
        {
          name: 'star',
          match: { manufacturer: 'A\\B', rows: 10, columns: 10 },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
        {
          name: 'STAR',
          match: { manufacturer: 'A', rows: 10, columns: 10 },
          boxes: [{ x: 0, y: 0, width: 1, height: 1 }],
        },
      ],
      series: { key: KEY },
    });
    expect(problems).toEqual([
      'templtes: unknown key (did you mean templates?); expected version, templates, series',
      'version: 2 is not a version this program reads; only 1 is',
      'templates[0].name: must not be empty',
      'templates[0].match.size: unknown key; expected manufacturer, model, rows, columns, sopClassUid',
      'templates[0].match.manufacturer: "*" may only end the value, to match a prefix',
      'templates[0].match.model: must be a string, not a number',
      'templates[0].match.rows: 0 is outside 1 to 65535',
      'templates[0].match.columns: must be a whole number of pixels, not 800.5',
      'templates[0].match.sopClassUid: not a UID; write digits and dots, as in "1.2.840.10008.5.1.4.1.1.6.1"',
      'templates[0].boxes[0].x: -1 is outside 0 to 65534',
      'templates[0].boxes[0].width: 0 is outside 1 to 65535',
      'templates[0].boxes[0].height: 70000 is outside 1 to 65535',
      'templates[0].boxes[1].frames: empty; leave it out or write "all" for every frame',
      'templates[0].boxes[2].frames: must be "all" or an array of frame indexes from 0, not "some"',
      'templates[0].boxes[3].frames[1]: -2 is outside 0 to 2147483647',
      'templates[0].boxes[3].frames[2]: must be a whole number, not 1.5',
      'templates[0].boxes[4].colour: unknown key; expected x, y, width, height, frames',
      'templates[0].boxes[4].x: must be a whole number, not a string',
      'templates[0].boxes[5]: must be an object with x, y, width and height, not a string',
      'templates[1].match: missing; a template needs at least rows, columns and a manufacturer or SOP class',
      'templates[1].boxes: empty; give at least one box',
      'templates[2].match: needs a manufacturer or a sopClassUid; rows and columns alone would match every image of that size',
      'templates[3].match.model: needs a manufacturer too; model names are not unique across makers',
      'templates[4].match.manufacturer: "*" alone is not allowed; leave the key out to match any value',
      'templates[5].match.manufacturer: must not contain a backslash or a control character',
      'series: must be an array, not an object',
      'templates[5].name: the same name as templates[4]',
      'templates[6].name: the same name as templates[4]',
    ]);
  });

  it('refuses a template box that starts outside the template image', () => {
    expect(
      problemsOf({
        version: 1,
        templates: [
          template({
            boxes: [
              { x: 800, y: 599, width: 1, height: 1 },
              { x: 0, y: 600, width: 1, height: 1 },
            ],
          }),
        ],
      }),
    ).toEqual([
      "templates[0].boxes[0].x: 800 is right of the template's image (columns 800)",
      "templates[0].boxes[1].y: 600 is below the template's image (rows 600)",
    ]);
  });

  it('never repeats a series key or a property name found in a series entry', () => {
    const uid = '1.2.826.0.1.3680043.8.498.12345';
    const problems = problemsOf({
      version: 1,
      series: [
        { key: uid, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
        { key: `Doe^John ${KEY}`, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
        { key: KEY, [uid]: [], boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
        { key: KEY, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
        { key: KEY, boxes: [{ x: 0, y: 0, width: -5, height: 1 }] },
        { key: '', boxes: [] },
        { key: 7, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
        { boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
      ],
    });
    expect(problems).toEqual([
      'series[0].key: looks like a DICOM UID; use an opaque key derived from it (docs/pixel-regions.md)',
      'series[1].key: may hold printable ASCII characters other than space only',
      'series[2]: an unknown key (not shown); expected only key, boxes',
      'series[4].boxes[0].width: -5 is outside 1 to 65535',
      'series[5].key: must have 1 to 256 characters, not 0',
      'series[5].boxes: empty; give at least one box',
      'series[6].key: must be a string, not a number',
      'series[7].key: missing',
    ]);
    for (const line of problems) {
      expect(line).not.toContain('9f86d0');
      expect(line).not.toContain('3680043');
      expect(line).not.toContain('Doe');
    }
  });

  it('reports a repeated series key by path', () => {
    const box = [{ x: 0, y: 0, width: 1, height: 1 }];
    expect(
      problemsOf({
        version: 1,
        series: [
          { key: KEY, boxes: box },
          { key: 'other', boxes: box },
          { key: KEY, boxes: box },
        ],
      }),
    ).toEqual(['series[2].key: the same key as series[0]; merge them']);
  });

  it('enforces the count limits and caps the list of problems', () => {
    const box = { x: 0, y: 0, width: 1, height: 1 };
    expect(
      problemsOf({
        version: 1,
        series: [
          { key: KEY, boxes: Array.from({ length: PIXEL_REGIONS_LIMITS.maxBoxes + 1 }, () => box) },
        ],
      }),
    ).toEqual([
      `series[0].boxes: ${PIXEL_REGIONS_LIMITS.maxBoxes + 1} boxes; at most ${PIXEL_REGIONS_LIMITS.maxBoxes} are allowed`,
    ]);
    expect(
      problemsOf({
        version: 1,
        templates: Array.from({ length: PIXEL_REGIONS_LIMITS.maxTemplates + 1 }, () => 0),
      }),
    ).toEqual([
      `templates: ${PIXEL_REGIONS_LIMITS.maxTemplates + 1} entries; at most ${PIXEL_REGIONS_LIMITS.maxTemplates} are allowed`,
    ]);
    const many = problemsOf({ version: 1, series: Array.from({ length: 150 }, () => 'x') });
    expect(many).toHaveLength(PIXEL_REGIONS_LIMITS.maxProblems + 1);
    expect(many.at(-1)).toBe('$: 50 more problems not listed');
  });
});

describe('docs/pixel-regions.md', () => {
  it("has an example that parses, and problem lines in the parser's words", () => {
    const doc = readFileSync(`${PROJECT_ROOT}/docs/pixel-regions.md`, 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const regions = parsePixelRegions(example);
    expect(regions.templates).toHaveLength(1);
    expect(
      regionsFor(regions, image({ manufacturer: 'ACME MEDICAL', model: 'Sono 5 Pro' })),
    ).toEqual([{ x: 0, y: 0, width: 800, height: 60 }]);
    const shown = /```text\n([\s\S]*?)```/.exec(doc)![1]!.trim().split('\n');
    const box = { x: 0, y: 0, width: 1, height: 1 };
    const named = (name: string): object => ({
      name,
      match: { manufacturer: 'A', rows: 1, columns: 1 },
      boxes: [box],
    });
    const problems = problemsOf({
      version: 1,
      templtes: [],
      templates: [
        {
          ...named('One'),
          match: { model: 'X', sopClassUid: SC, rows: 1, columns: 1 },
          boxes: [box, { ...box, width: 0 }],
        },
        named('Two'),
        named('one'),
      ],
      series: [
        ...['a', 'b', 'c', 'd'].map((key) => ({ key, boxes: [box] })),
        { key: '1.2.3.4', boxes: [box] },
        ...['e', 'f'].map((key) => ({ key, boxes: [box] })),
        { key: 'c', boxes: [box] },
      ],
    });
    for (const line of shown) {
      expect(problems).toContain(line);
    }
  });
});
