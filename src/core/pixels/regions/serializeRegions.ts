/**
 * The canonical JSON form of a regions set: what the app's "save templates" writes, and what
 * combinePixelRegions compares templates and boxes by.
 */
import type { Json } from '../../deid/profileJson';
import { pixelRegionsFromValue } from './parsePixelRegions';
import {
  PIXEL_REGIONS_VERSION,
  type PixelRegions,
  type RegionBox,
  type RegionTemplate,
  type TemplateMatch,
} from './types';

/**
 * The JSON text of a regions set, for the app's "save templates": checked first (a file this
 * function writes is always one parsePixelRegions reads back to the same value), keys in a fixed
 * order, templates in their order, series sorted by key, frame lists sorted, `"frames": "all"`
 * left out; two-space indentation and a final newline.
 */
export function serializePixelRegions(regions: PixelRegions): string {
  const checked = pixelRegionsFromValue(plain(regions));
  const json = plain(checked);
  return JSON.stringify(json, null, 2) + '\n';
}

/** The value in key order; frames "all" left out; series sorted by key. */
function plain(regions: PixelRegions): Json {
  const box = plainBox;
  const match = (m: TemplateMatch): Json => ({
    ...(m.manufacturer === undefined ? {} : { manufacturer: m.manufacturer }),
    ...(m.model === undefined ? {} : { model: m.model }),
    rows: m.rows,
    columns: m.columns,
    ...(m.sopClassUid === undefined ? {} : { sopClassUid: m.sopClassUid }),
  });
  const series = [...(regions.series ?? [])].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  return {
    version: regions.version,
    templates: (regions.templates ?? []).map((t) => ({
      name: t.name,
      ...(t.note === undefined ? {} : { note: t.note }),
      match: match(t.match),
      boxes: t.boxes.map(box),
    })),
    series: series.map((s) => ({ key: s.key, boxes: s.boxes.map(box) })),
  } as Json;
}

export function plainTemplate(template: RegionTemplate): Json {
  const value = plain({ version: PIXEL_REGIONS_VERSION, templates: [template], series: [] });
  return (value as { templates: Json[] }).templates[0]!;
}

export function plainBox(b: RegionBox): Json {
  return {
    x: b.x,
    y: b.y,
    width: b.width,
    height: b.height,
    ...(b.frames === 'all' || b.frames === undefined
      ? {}
      : {
          frames: (Array.isArray(b.frames)
            ? [...(b.frames as readonly number[])].sort((p, q) => p - q)
            : b.frames) as Json,
        }),
  };
}
