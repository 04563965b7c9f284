/** Which templates and series boxes apply to one image, as the redaction wants them. */
import type { RedactionBox } from '../redact/boxes';
import type { ImageQuery, PixelRegions, RegionBox, RegionTemplate } from './types';

/** Trimmed, runs of white space as one space, lower case: how names are compared. */
export function normalizeName(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function nameMatches(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  const have = normalizeName(value);
  if (pattern.endsWith('*')) {
    const prefix = normalizeName(pattern.slice(0, -1));
    return have.startsWith(prefix);
  }
  return have === normalizeName(pattern);
}

/** A UI value as read may carry trailing NUL or space padding. */
const trimUid = (uid: string): string => uid.replace(/[\0\s]+$/, '').trim();

/** The templates that apply to an image, in file order. */
export function matchingTemplates(regions: PixelRegions, image: ImageQuery): RegionTemplate[] {
  return regions.templates.filter(
    ({ match }) =>
      match.rows === image.rows &&
      match.columns === image.columns &&
      nameMatches(match.manufacturer, image.manufacturer) &&
      nameMatches(match.model, image.model) &&
      (match.sopClassUid === undefined ||
        (image.sopClassUid !== undefined && trimUid(image.sopClassUid) === match.sopClassUid)),
  );
}

/**
 * The boxes to remove from an image: those of every matching template and of the image's series
 * entry, clipped to the image, in that order, without repeats. Boxes wholly outside the image are
 * dropped, and so are frame indexes at or past `image.frames` (when given), with any box left
 * with no frame. The result goes to the redaction (redact/boxes.ts) as it is.
 */
export function regionsFor(regions: PixelRegions, image: ImageQuery): RedactionBox[] {
  const sources: RegionBox[] = [];
  for (const template of matchingTemplates(regions, image)) sources.push(...template.boxes);
  if (image.seriesKey !== undefined) {
    for (const entry of regions.series) {
      if (entry.key === image.seriesKey) sources.push(...entry.boxes);
    }
  }
  const out: RedactionBox[] = [];
  const seen = new Set<string>();
  for (const box of sources) {
    const clipped = clipBox(box, image);
    if (!clipped) continue;
    const id = JSON.stringify(clipped);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(clipped);
  }
  return out;
}

function clipBox(box: RegionBox, image: ImageQuery): RedactionBox | undefined {
  const rows = Number.isInteger(image.rows) && image.rows > 0 ? image.rows : 0;
  const columns = Number.isInteger(image.columns) && image.columns > 0 ? image.columns : 0;
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(columns, box.x + box.width);
  const y1 = Math.min(rows, box.y + box.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  const clipped = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  if (box.frames === 'all') return clipped;
  const count = image.frames;
  const frames =
    count === undefined ? [...box.frames] : box.frames.filter((frame) => frame < count);
  return frames.length === 0 ? undefined : { ...clipped, frames };
}
