import { plainBox, plainTemplate } from './serializeRegions';
import {
  PIXEL_REGIONS_VERSION,
  type PixelRegions,
  type RegionBox,
  type RegionTemplate,
} from './types';

/**
 * Several regions sets as one (the built-in set and a user's file, say): templates in order,
 * an exact repeat of an earlier template left out; the boxes of series entries with the same
 * key joined, without repeats. Nothing overrides anything: every box of every set still applies. Names need not
 * be unique across sets; serializing a combination with repeated names fails, as a file would.
 */
export function combinePixelRegions(...sets: readonly PixelRegions[]): PixelRegions {
  const templates: RegionTemplate[] = [];
  const seenTemplates = new Set<string>();
  const series = new Map<string, RegionBox[]>();
  for (const set of sets) {
    for (const template of set.templates) {
      const id = JSON.stringify(plainTemplate(template));
      if (seenTemplates.has(id)) continue;
      seenTemplates.add(id);
      templates.push(template);
    }
    for (const entry of set.series) {
      const boxes = series.get(entry.key) ?? [];
      for (const box of entry.boxes) {
        const id = JSON.stringify(plainBox(box));
        if (!boxes.some((b) => JSON.stringify(plainBox(b)) === id)) boxes.push(box);
      }
      series.set(entry.key, boxes);
    }
  }
  return {
    version: PIXEL_REGIONS_VERSION,
    templates,
    series: [...series].map(([key, boxes]) => ({ key, boxes })),
  };
}
