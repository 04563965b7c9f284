/**
 * Pixel regions given to the engine besides automatic detection (issue 14): region templates
 * keyed by the device and image size, in the spirit of CTP's DicomPixelAnonymizer signatures,
 * and boxes given per series from the app's preview. docs/pixel-regions.md is the reference:
 *
 *     {
 *       "version": 1,
 *       "templates": [
 *         {
 *           "name": "Acme Sono 5 banner",
 *           "match": { "manufacturer": "Acme", "model": "Sono 5*", "rows": 600, "columns": 800 },
 *           "boxes": [{ "x": 0, "y": 0, "width": 800, "height": 60 }]
 *         }
 *       ],
 *       "series": [{ "key": "k1:3f2a…", "boxes": [{ "x": 10, "y": 500, "width": 200, "height": 40 }] }]
 *     }
 *
 * A bad file is refused as a whole, with every problem found, one per line, each prefixed by its
 * JSON path (as custom profiles are): a region file half applied would leave text the author
 * thinks is gone. Series keys are opaque strings the caller derives (an HMAC of the Series
 * Instance UID under the run key, say); no problem line ever repeats one, nor any property name
 * found inside a series entry, since a careless caller may have put an identifier there.
 *
 * Pure TypeScript, no Node or DOM API: runs in workers, Node tests and the CLI.
 */
import type { RedactionBox } from '../redact/boxes';
import {
  hasControlCharacter,
  isObject,
  kind,
  quoted,
  suggestion,
  type Json,
} from '../../deid/profileJson';

/** The only format version this code reads and writes. */
export const PIXEL_REGIONS_VERSION = 1;

/** Zero-based frame indexes, or every frame of the image. */
export type FrameSelection = 'all' | readonly number[];

/** A box in pixel coordinates: x to the right, y down, from the top-left pixel. */
export interface RegionBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly frames: FrameSelection;
}

/**
 * Which images a template applies to. Manufacturer and model are compared trimmed, with runs of
 * spaces as one, ignoring case; a trailing `*` makes either a prefix. An absent manufacturer,
 * model or SOP class matches any; rows and columns always match exactly.
 */
export interface TemplateMatch {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly rows: number;
  readonly columns: number;
  readonly sopClassUid?: string;
}

export interface RegionTemplate {
  /** Shown in reports and in the app: must not identify anybody. */
  readonly name: string;
  /** What layout the template covers and why its boxes are where they are. */
  readonly note?: string;
  readonly match: TemplateMatch;
  readonly boxes: readonly RegionBox[];
}

export interface SeriesRegions {
  /** Opaque and caller-derived; never a UID or any other original identifier. */
  readonly key: string;
  readonly boxes: readonly RegionBox[];
}

export interface PixelRegions {
  readonly version: typeof PIXEL_REGIONS_VERSION;
  readonly templates: readonly RegionTemplate[];
  readonly series: readonly SeriesRegions[];
}

/** What a file says about itself, as the header reader finds it. */
export interface ImageQuery {
  readonly manufacturer?: string | undefined;
  readonly model?: string | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly sopClassUid?: string | undefined;
  /** The caller's opaque key of the file's series, derived as for the region file. */
  readonly seriesKey?: string | undefined;
  /** Number of frames; frame indexes at or past it are dropped. Absent: keep every index. */
  readonly frames?: number | undefined;
}

export class PixelRegionsError extends Error {
  /** One line per problem, each starting with its JSON path. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PixelRegionsError';
    this.problems = problems;
  }
}

/** Limits that keep a hostile or mistaken file from costing memory or time. */
export const PIXEL_REGIONS_LIMITS = {
  /** Characters of JSON text. */
  maxTextLength: 8_000_000,
  maxTemplates: 1000,
  maxSeries: 20_000,
  /** Boxes of one template or one series entry. */
  maxBoxes: 256,
  /** Entries of one box's frame list. */
  maxFrameIndexes: 10_000,
  /** Rows and Columns are US: no image is larger, so no coordinate or size may be. */
  maxCoordinate: 65_535,
  maxNameLength: 64,
  maxNoteLength: 1000,
  /** LO, the VR of Manufacturer and Manufacturer's Model Name, holds 64 characters. */
  maxPatternLength: 64,
  maxKeyLength: 256,
  /** Problems listed before the rest are counted only. */
  maxProblems: 100,
} as const;

const L = PIXEL_REGIONS_LIMITS;
const TOP_KEYS = ['version', 'templates', 'series'] as const;
const TEMPLATE_KEYS = ['name', 'note', 'match', 'boxes'] as const;
const MATCH_KEYS = ['manufacturer', 'model', 'rows', 'columns', 'sopClassUid'] as const;
const BOX_KEYS = ['x', 'y', 'width', 'height', 'frames'] as const;
const SERIES_KEYS = ['key', 'boxes'] as const;
const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
const LOOKS_LIKE_UID = /^\d+(\.\d+)+$/;
/** Printable ASCII without space: hex, base64, base64url and prefixes such as "k1:" fit. */
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** Problems collected while checking, capped at maxProblems lines plus one count line. */
class Problems {
  readonly lines: string[] = [];
  private dropped = 0;

  add(line: string): void {
    if (this.lines.length < L.maxProblems) this.lines.push(line);
    else this.dropped++;
  }

  get any(): boolean {
    return this.lines.length > 0;
  }

  throwIfAny(): void {
    if (!this.any) return;
    const lines = [...this.lines];
    if (this.dropped > 0) lines.push(`$: ${this.dropped} more problems not listed`);
    throw new PixelRegionsError(lines);
  }
}

const keyPath = (key: string): string => (/^[A-Za-z_]\w*$/.test(key) ? key : `[${quoted(key)}]`);

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

function unknownKeys(
  value: { [key: string]: Json },
  allowed: readonly string[],
  path: string,
  problems: Problems,
  showKeys = true,
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    problems.add(
      showKeys
        ? `${path}.${keyPath(key)}: unknown key${suggestion(key, allowed)}; expected ${allowed.join(', ')}`
        : `${path}: an unknown key (not shown); expected only ${allowed.join(', ')}`,
    );
  }
}

function parseTemplate(value: Json, path: string, problems: Problems): RegionTemplate | undefined {
  if (!isObject(value)) {
    problems.add(`${path}: must be an object with name, match and boxes, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  unknownKeys(value, TEMPLATE_KEYS, path, problems);
  const name = parseText(value.name, `${path}.name`, L.maxNameLength, true, problems);
  const note =
    value.note === undefined
      ? undefined
      : parseText(value.note, `${path}.note`, L.maxNoteLength, false, problems);
  const match = parseMatch(value.match, `${path}.match`, problems);
  const boxes = parseBoxes(value.boxes, `${path}.boxes`, problems, match);
  if (problems.lines.length > before || name === undefined || match === undefined) return undefined;
  return { name, ...(note === undefined ? {} : { note }), match, boxes };
}

/** A trimmed, non-empty string without control characters; `single` also refuses backslashes. */
function parseText(
  value: Json | undefined,
  path: string,
  max: number,
  single: boolean,
  problems: Problems,
): string | undefined {
  if (value === undefined) {
    problems.add(`${path}: missing`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`${path}: must be a string, not ${kind(value)}`);
    return undefined;
  }
  const text = value.trim();
  let ok = true;
  if (text === '') {
    problems.add(`${path}: must not be empty`);
    ok = false;
  }
  if (text.length > max) {
    problems.add(`${path}: ${text.length} characters; at most ${max} are allowed`);
    ok = false;
  }
  if (hasControlCharacter(text) || (single && text.includes('\\'))) {
    problems.add(`${path}: must not contain ${single ? 'a backslash or ' : ''}a control character`);
    ok = false;
  }
  return ok ? text : undefined;
}

function parseMatch(
  value: Json | undefined,
  path: string,
  problems: Problems,
): TemplateMatch | undefined {
  if (value === undefined) {
    problems.add(
      `${path}: missing; a template needs at least rows, columns and a manufacturer or SOP class`,
    );
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(`${path}: must be an object, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  unknownKeys(value, MATCH_KEYS, path, problems);
  const manufacturer =
    value.manufacturer === undefined
      ? undefined
      : parsePattern(value.manufacturer, `${path}.manufacturer`, problems);
  const model =
    value.model === undefined ? undefined : parsePattern(value.model, `${path}.model`, problems);
  const rows = parseInteger(value.rows, `${path}.rows`, 1, L.maxCoordinate, problems);
  const columns = parseInteger(value.columns, `${path}.columns`, 1, L.maxCoordinate, problems);
  let sopClassUid: string | undefined;
  if (value.sopClassUid !== undefined) {
    const uid = value.sopClassUid;
    if (typeof uid !== 'string') {
      problems.add(`${path}.sopClassUid: must be a string, not ${kind(uid)}`);
    } else if (uid.length > 64 || !UID.test(uid)) {
      problems.add(
        `${path}.sopClassUid: not a UID; write digits and dots, as in "1.2.840.10008.5.1.4.1.1.6.1"`,
      );
    } else {
      sopClassUid = uid;
    }
  }
  if (value.model !== undefined && value.manufacturer === undefined) {
    problems.add(
      `${path}.model: needs a manufacturer too; model names are not unique across makers`,
    );
  }
  if (value.manufacturer === undefined && value.sopClassUid === undefined) {
    problems.add(
      `${path}: needs a manufacturer or a sopClassUid; rows and columns alone would match ` +
        'every image of that size',
    );
  }
  if (problems.lines.length > before || rows === undefined || columns === undefined) {
    return undefined;
  }
  return {
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(model === undefined ? {} : { model }),
    rows,
    columns,
    ...(sopClassUid === undefined ? {} : { sopClassUid }),
  };
}

function parsePattern(value: Json, path: string, problems: Problems): string | undefined {
  const text = parseText(value, path, L.maxPatternLength, true, problems);
  if (text === undefined) return undefined;
  const stars = text.split('*').length - 1;
  if (text === '*') {
    problems.add(`${path}: "*" alone is not allowed; leave the key out to match any value`);
    return undefined;
  }
  if (stars > 1 || (stars === 1 && !text.endsWith('*'))) {
    problems.add(`${path}: "*" may only end the value, to match a prefix`);
    return undefined;
  }
  return text;
}

function parseInteger(
  value: Json | undefined,
  path: string,
  min: number,
  max: number,
  problems: Problems,
  unit = ' of pixels',
): number | undefined {
  if (value === undefined) {
    problems.add(`${path}: missing`);
    return undefined;
  }
  if (typeof value !== 'number') {
    problems.add(`${path}: must be a whole number, not ${kind(value)}`);
    return undefined;
  }
  if (!Number.isInteger(value)) {
    problems.add(`${path}: must be a whole number${unit}, not ${value}`);
    return undefined;
  }
  if (value < min || value > max) {
    problems.add(`${path}: ${value} is outside ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function parseBoxes(
  value: Json | undefined,
  path: string,
  problems: Problems,
  image?: TemplateMatch,
): RegionBox[] {
  if (value === undefined) {
    problems.add(`${path}: missing; give at least one box`);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.add(`${path}: must be an array of boxes, not ${kind(value)}`);
    return [];
  }
  if (value.length === 0) {
    problems.add(`${path}: empty; give at least one box`);
    return [];
  }
  if (value.length > L.maxBoxes) {
    problems.add(`${path}: ${value.length} boxes; at most ${L.maxBoxes} are allowed`);
    return [];
  }
  const boxes: RegionBox[] = [];
  value.forEach((item, index) => {
    const box = parseBox(item, `${path}[${index}]`, problems, image);
    if (box) boxes.push(box);
  });
  return boxes;
}

function parseBox(
  value: Json,
  path: string,
  problems: Problems,
  image?: TemplateMatch,
): RegionBox | undefined {
  if (!isObject(value)) {
    problems.add(`${path}: must be an object with x, y, width and height, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  unknownKeys(value, BOX_KEYS, path, problems);
  const x = parseInteger(value.x, `${path}.x`, 0, L.maxCoordinate - 1, problems);
  const y = parseInteger(value.y, `${path}.y`, 0, L.maxCoordinate - 1, problems);
  const width = parseInteger(value.width, `${path}.width`, 1, L.maxCoordinate, problems);
  const height = parseInteger(value.height, `${path}.height`, 1, L.maxCoordinate, problems);
  const frames = parseFrames(value.frames, `${path}.frames`, problems);
  if (image && x !== undefined && x >= image.columns) {
    problems.add(`${path}.x: ${x} is right of the template's image (columns ${image.columns})`);
  }
  if (image && y !== undefined && y >= image.rows) {
    problems.add(`${path}.y: ${y} is below the template's image (rows ${image.rows})`);
  }
  if (
    problems.lines.length > before ||
    x === undefined ||
    y === undefined ||
    width === undefined ||
    height === undefined ||
    frames === undefined
  ) {
    return undefined;
  }
  return { x, y, width, height, frames };
}

function parseFrames(
  value: Json | undefined,
  path: string,
  problems: Problems,
): FrameSelection | undefined {
  if (value === undefined || value === 'all') return 'all';
  if (!Array.isArray(value)) {
    const shown = typeof value === 'string' ? quoted(value) : kind(value);
    problems.add(`${path}: must be "all" or an array of frame indexes from 0, not ${shown}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.add(`${path}: empty; leave it out or write "all" for every frame`);
    return undefined;
  }
  if (value.length > L.maxFrameIndexes) {
    problems.add(`${path}: ${value.length} indexes; at most ${L.maxFrameIndexes} are allowed`);
    return undefined;
  }
  const seen = new Set<number>();
  let ok = true;
  value.forEach((item, index) => {
    const frame = parseInteger(item, `${path}[${index}]`, 0, 0x7fffffff, problems, '');
    if (frame === undefined) ok = false;
    else seen.add(frame);
  });
  return ok ? [...seen].sort((a, b) => a - b) : undefined;
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
  value: Json | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  if (value === undefined) {
    problems.add(`${path}: missing`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`${path}: must be a string, not ${kind(value)}`);
    return undefined;
  }
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

// ---------------------------------------------------------------------------------------------
// Matching

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

// ---------------------------------------------------------------------------------------------
// Writing and combining

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

function plainTemplate(template: RegionTemplate): Json {
  const value = plain({ version: PIXEL_REGIONS_VERSION, templates: [template], series: [] });
  return (value as { templates: Json[] }).templates[0]!;
}

function plainBox(b: RegionBox): Json {
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
