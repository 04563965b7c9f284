/**
 * The boxes a user draws in the preview and the device templates of the run, kept in the
 * settings as plain data and turned into a pixel regions file (docs/pixel-regions.md) for the
 * run, for saving, and from a loaded file. The types mirror src/core/pixels/regions/types.ts
 * field for field, so the result goes to the core parser and serializer unchanged.
 */
import { webCryptoKeyedHash } from '../../core/deid/keys';
import { pixelRegionsFromValue } from '../../core/pixels/regions/parsePixelRegions';
import { seriesRegionKey } from '../../core/pixels/regions/seriesKey';
import type { PixelRegions } from '../../core/pixels/regions/types';

export interface UserBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Zero-based frame indexes, or every frame (the default of the file format). */
  readonly frames: 'all' | readonly number[];
}

/** Which images a template covers: a device (maker and model) and an image size. */
export interface DeviceMatch {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly rows: number;
  readonly columns: number;
  readonly sopClassUid?: string;
}

export interface UserTemplate {
  readonly name: string;
  readonly note?: string;
  readonly match: DeviceMatch;
  readonly boxes: readonly UserBox[];
}

export interface UserRegions {
  readonly templates: readonly UserTemplate[];
  /**
   * Boxes per series by the review screen's series key (its Series Instance UID). The UID stays
   * in this page's memory: the run and a saved file get an opaque key made from it (below).
   */
  readonly series: readonly { readonly seriesKey: string; readonly boxes: readonly UserBox[] }[];
  /** Series entries of a loaded file: opaque keys only the run's key can match, kept as given. */
  readonly loadedSeries: readonly { readonly key: string; readonly boxes: readonly UserBox[] }[];
}

export const EMPTY_USER_REGIONS: UserRegions = { templates: [], series: [], loadedSeries: [] };

/** The file format's plain object (PixelRegions), ready for the core serializer. */
export interface RegionsFile {
  readonly version: 1;
  readonly templates: readonly UserTemplate[];
  readonly series: readonly { readonly key: string; readonly boxes: readonly UserBox[] }[];
}

export function seriesBoxesOf(regions: UserRegions, seriesKey: string): readonly UserBox[] {
  return regions.series.find((entry) => entry.seriesKey === seriesKey)?.boxes ?? [];
}

/** The series' boxes replaced (none: the series' entry goes). */
export function withSeriesBoxes(
  regions: UserRegions,
  seriesKey: string,
  boxes: readonly UserBox[],
): UserRegions {
  const others = regions.series.filter((entry) => entry.seriesKey !== seriesKey);
  return { ...regions, series: boxes.length > 0 ? [...others, { seriesKey, boxes }] : others };
}

/** Same device and size: compared as the core's matching does (trimmed, spaces, case). */
export function sameDevice(a: DeviceMatch, b: DeviceMatch): boolean {
  const norm = (text: string | undefined) => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return (
    norm(a.manufacturer) === norm(b.manufacturer) &&
    norm(a.model) === norm(b.model) &&
    a.rows === b.rows &&
    a.columns === b.columns &&
    (a.sopClassUid ?? '') === (b.sopClassUid ?? '')
  );
}

export function templateOf(regions: UserRegions, match: DeviceMatch): UserTemplate | undefined {
  return regions.templates.find((template) => sameDevice(template.match, match));
}

/** "GE LOGIQ 700, 640 × 480": a device and size; never anything of a patient or a site. */
export function templateName(match: DeviceMatch): string {
  const device = [match.manufacturer, match.model].filter(Boolean).join(' ') || 'Any device';
  const size = `, ${match.columns} × ${match.rows}`;
  return device.slice(0, 64 - size.length).trim() + size;
}

/**
 * The device's template replaced by one with these boxes (none: it goes). A template needs a
 * manufacturer or a SOP class (docs/pixel-regions.md): the caller gives one of them.
 */
export function withTemplateBoxes(
  regions: UserRegions,
  match: DeviceMatch,
  boxes: readonly UserBox[],
): UserRegions {
  const old = templateOf(regions, match);
  const others = regions.templates.filter((template) => template !== old);
  if (boxes.length === 0) return { ...regions, templates: others };
  let name = old?.name ?? templateName(match);
  // Names are unique in a file, ignoring case.
  for (let n = 2; others.some((t) => t.name.toLowerCase() === name.toLowerCase()); n++) {
    name = `${templateName(match).slice(0, 58)} (${n})`;
  }
  return {
    ...regions,
    templates: [...others, { name, match, boxes, note: 'Drawn in the dicomanon page.' }],
  };
}

/** The loaded file's templates and series entries join the ones already there. */
export function withLoadedFile(regions: UserRegions, file: RegionsFile): UserRegions {
  let next = regions;
  for (const template of file.templates) {
    next = withTemplateBoxes(next, template.match, template.boxes);
  }
  const keys = new Set(file.series.map((entry) => entry.key));
  return {
    ...next,
    loadedSeries: [...next.loadedSeries.filter((entry) => !keys.has(entry.key)), ...file.series],
  };
}

/**
 * The regions as a file: templates, and series boxes under `keyOf(seriesUid)`, an opaque key
 * made with the run's key (core/pixels/regions/seriesKey.ts, as the engine finds them again);
 * without `keyOf`, drawn series boxes are left out (they can only be named once a key is set).
 */
export function toRegionsFile(
  regions: UserRegions,
  keyOf?: ReadonlyMap<string, string>,
): RegionsFile {
  const drawn = keyOf
    ? regions.series.flatMap((entry) => {
        const key = keyOf.get(entry.seriesKey);
        return key === undefined ? [] : [{ key, boxes: entry.boxes }];
      })
    : [];
  const drawnKeys = new Set(drawn.map((entry) => entry.key));
  return {
    version: 1,
    templates: regions.templates,
    series: [...regions.loadedSeries.filter((entry) => !drawnKeys.has(entry.key)), ...drawn],
  };
}

/**
 * The regions a run gets (ProfileSpec.pixels.regions, checked by the core parser, which throws
 * PixelRegionsError for what a file could not hold): the templates, the loaded series entries,
 * and the drawn series boxes under their opaque keys from the run's key. Undefined when there
 * are none, as the CLI without --pixel-regions.
 */
export async function regionsForRun(
  regions: UserRegions,
  runKey: Uint8Array | undefined,
): Promise<PixelRegions | undefined> {
  const keys = new Map<string, string>();
  if (runKey) {
    const hash = await webCryptoKeyedHash(runKey);
    for (const entry of regions.series) {
      keys.set(entry.seriesKey, await seriesRegionKey(hash, entry.seriesKey));
    }
  }
  return checkedRegions(toRegionsFile(regions, keys));
}

/** The same, without a key (the preview while none is set): drawn series boxes are left out. */
export function regionsWithoutKey(regions: UserRegions): PixelRegions | undefined {
  return checkedRegions(toRegionsFile(regions));
}

function checkedRegions(file: RegionsFile): PixelRegions | undefined {
  if (file.templates.length === 0 && file.series.length === 0) return undefined;
  return pixelRegionsFromValue(file);
}
