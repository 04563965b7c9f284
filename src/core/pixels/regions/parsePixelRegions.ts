/**
 * Reading a pixel regions file (types.ts has the format).
 *
 * A bad file is refused as a whole, with every problem found, one per line, each prefixed by its
 * JSON path (as custom profiles are): a region file half applied would leave text the author
 * thinks is gone. Series keys are opaque strings the caller derives (an HMAC of the Series
 * Instance UID under the run key, say); no problem line ever repeats one, nor any property name
 * found inside a series entry, since a careless caller may have put an identifier there.
 */
import { isObject, kind, suggestion, type Json } from '../../deid/profileJson';
import { parseBoxes } from './parseBoxes';
import { parseTemplate } from './parseTemplate';
import { parseString } from './parseValues';
import { PixelRegionsError, Problems, keyPath, unknownKeys } from './problems';
import {
  PIXEL_REGIONS_LIMITS as L,
  PIXEL_REGIONS_VERSION,
  type PixelRegions,
  type RegionTemplate,
  type SeriesRegions,
} from './types';

const TOP_KEYS = ['version', 'templates', 'series'] as const;
const SERIES_KEYS = ['key', 'boxes'] as const;
const LOOKS_LIKE_UID = /^\d+(\.\d+)+$/;
/** Printable ASCII without space: hex, base64, base64url and prefixes such as "k1:" fit. */
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** Parses and checks a pixel regions file; throws one PixelRegionsError listing every problem. */
export function parsePixelRegions(text: string): PixelRegions {
  if (typeof text !== 'string') {
    throw new PixelRegionsError([`$: the pixel regions file must be text, not ${typeof text}`]);
  }
  if (text.length > L.maxTextLength) {
    throw new PixelRegionsError([
      `$: ${text.length} characters; a pixel regions file may have at most ${L.maxTextLength}`,
    ]);
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error) {
    throw new PixelRegionsError([`$: invalid JSON${jsonErrorWhere(text, error)}`]);
  }
  return pixelRegionsFromValue(root);
}

/**
 * Checks a value already parsed (the built-in set, an object the app built): the same rules and
 * problem lines as parsePixelRegions. The result shares nothing with the value.
 */
export function pixelRegionsFromValue(value: unknown): PixelRegions {
  const root = value as Json;
  if (!isObject(root)) {
    throw new PixelRegionsError([
      `$: a pixel regions file must be a JSON object, not ${kind(root)}`,
    ]);
  }
  const problems = new Problems();
  for (const key of Object.keys(root)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      problems.add(
        `${keyPath(key)}: unknown key${suggestion(key, TOP_KEYS)}; expected ${TOP_KEYS.join(', ')}`,
      );
    }
  }
  if (root.version === undefined) {
    problems.add(`version: missing; write "version": ${PIXEL_REGIONS_VERSION}`);
  } else if (root.version !== PIXEL_REGIONS_VERSION) {
    const shown = typeof root.version === 'number' ? String(root.version) : kind(root.version);
    problems.add(
      `version: ${shown} is not a version this program reads; only ${PIXEL_REGIONS_VERSION} is`,
    );
  }
  const templates = parseList(root.templates, 'templates', L.maxTemplates, problems, (v, p) =>
    parseTemplate(v, p, problems),
  );
  const series = parseList(root.series, 'series', L.maxSeries, problems, (v, p) =>
    parseSeries(v, p, problems),
  );

  const names = new Map<string, number>();
  // Names are compared as written, even in templates refused for other reasons.
  (Array.isArray(root.templates) ? root.templates : []).forEach((raw, index) => {
    if (!isObject(raw) || typeof raw.name !== 'string' || raw.name.trim() === '') return;
    const folded = raw.name.trim().toLowerCase();
    const earlier = names.get(folded);
    if (earlier === undefined) names.set(folded, index);
    else problems.add(`templates[${index}].name: the same name as templates[${earlier}]`);
  });
  const keys = new Map<string, number>();
  series.forEach((entry, index) => {
    if (entry === undefined) return;
    const earlier = keys.get(entry.key);
    // The path only: the key is never repeated.
    if (earlier === undefined) keys.set(entry.key, index);
    else problems.add(`series[${index}].key: the same key as series[${earlier}]; merge them`);
  });

  problems.throwIfAny();
  return {
    version: PIXEL_REGIONS_VERSION,
    templates: templates as RegionTemplate[],
    series: series as SeriesRegions[],
  };
}

function parseList<T>(
  value: Json | undefined,
  path: string,
  max: number,
  problems: Problems,
  parseItem: (item: Json, path: string) => T | undefined,
): (T | undefined)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(`${path}: must be an array, not ${kind(value)}`);
    return [];
  }
  if (value.length > max) {
    problems.add(`${path}: ${value.length} entries; at most ${max} are allowed`);
    return [];
  }
  return value.map((item, index) => parseItem(item, `${path}[${index}]`));
}

function parseSeries(value: Json, path: string, problems: Problems): SeriesRegions | undefined {
  if (!isObject(value)) {
    problems.add(`${path}: must be an object with key and boxes, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  // Property names inside a series entry are never shown: they could be an identifier.
  unknownKeys(value, SERIES_KEYS, path, problems, false);
  const key = parseSeriesKey(value.key, `${path}.key`, problems);
  const boxes = parseBoxes(value.boxes, `${path}.boxes`, problems);
  if (problems.lines.length > before || key === undefined) return undefined;
  return { key, boxes };
}

/** Checks a series key without ever putting its value in a problem line. */
function parseSeriesKey(
  raw: Json | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  const value = parseString(raw, path, problems);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > L.maxKeyLength) {
    problems.add(`${path}: must have 1 to ${L.maxKeyLength} characters, not ${value.length}`);
    return undefined;
  }
  if (!KEY_CHARACTERS.test(value)) {
    problems.add(`${path}: may hold printable ASCII characters other than space only`);
    return undefined;
  }
  if (LOOKS_LIKE_UID.test(value)) {
    problems.add(
      `${path}: looks like a DICOM UID; use an opaque key derived from it (docs/pixel-regions.md)`,
    );
    return undefined;
  }
  return value;
}

/**
 * Where JSON.parse stopped, as line and column. Engine messages may quote the text around the
 * error, which could be a series key, so only the position is kept.
 */
function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const offset = Math.min(Number(position[1]), text.length);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return ` at line ${line}, column ${column}`;
  }
  if (/unexpected end/i.test(message)) return ': the text ends too early';
  return '';
}
