/** Checks the boxes of a template or a series entry, and their frame lists. */
import { isObject, kind, quoted, type Json } from '../../deid/profileJson';
import { unknownKeys, type Problems } from './problems';
import { parseInteger } from './parseValues';
import {
  PIXEL_REGIONS_LIMITS as L,
  type FrameSelection,
  type RegionBox,
  type TemplateMatch,
} from './types';

const BOX_KEYS = ['x', 'y', 'width', 'height', 'frames'] as const;

export function parseBoxes(
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
