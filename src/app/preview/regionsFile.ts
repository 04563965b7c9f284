/**
 * The user's boxes and templates as a file the user keeps: saved from the page in the CLI's
 * `--pixel-regions` format (docs/pixel-regions.md) and loaded again in a later run. The core
 * writes and checks the file (serializePixelRegions, parsePixelRegions), so a file the page saves
 * is one the CLI reads, and a file the page loads is one the engine accepts.
 */
import { webCryptoKeyedHash } from '../../core/deid/keys';
import { parsePixelRegions } from '../../core/pixels/regions/parsePixelRegions';
import { PixelRegionsError } from '../../core/pixels/regions/problems';
import { seriesRegionKey } from '../../core/pixels/regions/seriesKey';
import { serializePixelRegions } from '../../core/pixels/regions/serializeRegions';
import { toRegionsFile, type RegionsFile, type UserRegions } from './userRegions';

/** Names nothing of a patient, a study or a site: the user renames it if they like. */
export const REGIONS_FILE_NAME = 'dicomanon-boxes-and-templates.json';

export interface SavedRegions {
  /** The file's JSON text; undefined when there is nothing to save. */
  readonly text: string | undefined;
  readonly templates: number;
  /** Series entries in the file: drawn ones under their key, and loaded ones kept as given. */
  readonly series: number;
  /** Series with drawn boxes that could not be saved because no key is set yet. */
  readonly seriesWithoutKey: number;
}

/**
 * What "Save boxes and templates" writes. Drawn series boxes are named by the opaque key the
 * engine looks for (k1:HMAC of the Series Instance UID under the run key, seriesKey.ts); without
 * a run key there is no such name, so they are left out and counted.
 */
export async function savedRegions(
  regions: UserRegions,
  runKey: Uint8Array | undefined,
): Promise<SavedRegions> {
  let keyOf: Map<string, string> | undefined;
  if (runKey) {
    const hash = await webCryptoKeyedHash(runKey);
    keyOf = new Map();
    for (const entry of regions.series) {
      keyOf.set(entry.seriesKey, await seriesRegionKey(hash, entry.seriesKey));
    }
  }
  const file = toRegionsFile(regions, keyOf);
  const empty = file.templates.length === 0 && file.series.length === 0;
  return {
    text: empty ? undefined : serializePixelRegions(file),
    templates: file.templates.length,
    series: file.series.length,
    seriesWithoutKey: runKey ? 0 : regions.series.length,
  };
}

export type LoadedRegions =
  { readonly file: RegionsFile } | { readonly problems: readonly string[] };

/** Reads a chosen file with the core parser; a bad file comes back as problems in plain words. */
export function loadRegions(text: string): LoadedRegions {
  try {
    return { file: parsePixelRegions(text) };
  } catch (error) {
    if (error instanceof PixelRegionsError) return { problems: error.problems.map(plainProblem) };
    throw error;
  }
}

/**
 * A parser problem line with its JSON path said in words: "templates[2].boxes[0].x: …" becomes
 * "Template 3, box 1, x: …". The parser never puts a series key or a value read from a series
 * entry in a line (parsePixelRegions.ts), so nothing here can show an identifier.
 */
export function plainProblem(line: string): string {
  const colon = line.indexOf(': ');
  if (colon < 0) return line;
  const path = line.slice(0, colon);
  const rest = line.slice(colon + 2);
  if (path === '$') return `The file: ${rest}`;
  const words = path.split('.').map((part) => {
    const indexed = /^(\w+)\[(\d+)\]$/.exec(part);
    if (!indexed) return part;
    const noun = NOUNS[indexed[1]!] ?? indexed[1]!;
    return `${noun} ${Number(indexed[2]) + 1}`;
  });
  const first = words[0] ?? '';
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(', ')}: ${rest}`;
}

const NOUNS: Readonly<Record<string, string>> = {
  templates: 'template',
  series: 'series entry',
  boxes: 'box',
  frames: 'frame',
};
