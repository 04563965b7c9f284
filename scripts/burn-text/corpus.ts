/**
 * Test and benchmark only (Node): the files scripts/burn-text/burn_text.py writes, their ground
 * truth, frames decoded the way the app decodes them, and how detected boxes score against the
 * planted lines.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readDicom } from '../../src/core/dicom/readDicom';
import { PROJECT_ROOT } from '../../src/core/testing/corpus';
import { nodePixelTools } from '../../src/core/testing/pixelTools';
import { decodeFrameSource, frameSource } from '../../src/core/pixels/decodeFrame';
import type { DisplayImage } from '../../src/core/pixels/display';
import { plainLayout, readImageInfo } from '../../src/core/pixels/imageInfo';
import type { TextBox } from '../../src/core/pixels/detect/detectText';

export const BURN_SCRIPT = path.join(PROJECT_ROOT, 'scripts/burn-text/burn_text.py');

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlantedLine {
  text: string;
  kind: string;
  frames: number[];
  size: number;
  font: string;
  box: Box;
}

export interface GroundTruth {
  file: string;
  source: string;
  layout: string;
  rows: number;
  columns: number;
  frames: number;
  photometric: string;
  bitsAllocated: number;
  transferSyntax: string;
  burnedInAnnotation: string | null;
  lines: PlantedLine[];
}

/** Runs the generator (Debian's python3) into `dir`; returns the ground truth of each file. */
export function generateBurned(dir: string, count?: number, seed?: number): GroundTruth[] {
  const args = [BURN_SCRIPT, dir];
  if (count !== undefined) args.push('--count', String(count));
  if (seed !== undefined) args.push('--seed', String(seed));
  execFileSync('/usr/bin/python3', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as GroundTruth);
}

const { codecs } = nodePixelTools;

/** Every frame of a file (or the first `limit`), decoded for display. */
export async function decodeFrames(file: string, limit = Infinity): Promise<DisplayImage[]> {
  const dicom = readDicom(readFileSync(file));
  const info = readImageInfo(dicom);
  const layout = plainLayout(info);
  const frames: DisplayImage[] = [];
  for (let i = 0; i < Math.min(info.frames, limit); i++) {
    frames.push(await decodeFrameSource(layout, frameSource(dicom, info, i), codecs));
  }
  return frames;
}

/** How much of `inner` a box covers (0..1). */
export function coverage(inner: Box, outer: Box): number {
  const ix = Math.min(inner.x + inner.w, outer.x + outer.w) - Math.max(inner.x, outer.x);
  const iy = Math.min(inner.y + inner.h, outer.y + outer.h) - Math.max(inner.y, outer.y);
  return ix > 0 && iy > 0 ? (ix * iy) / (inner.w * inner.h) : 0;
}

/** A planted line counts as found when one detected box covers ≥ 80 % of its box. */
export const FOUND = 0.8;

export const isFound = (line: Box, boxes: readonly Box[]): boolean =>
  boxes.some((b) => coverage(line, b) >= FOUND);

/**
 * Pixels of detected boxes that lie outside every planted line's box (grown by `margin`), and
 * all pixels of detected boxes: precision by area is 1 − outside / total.
 */
export function areaOutside(
  boxes: readonly Box[],
  planted: readonly Box[],
  columns: number,
  rows: number,
  margin = 3,
): { outside: number; total: number } {
  const mask = new Uint8Array(columns * rows);
  for (const b of boxes) {
    for (let y = b.y; y < b.y + b.h; y++) mask.fill(1, y * columns + b.x, y * columns + b.x + b.w);
  }
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i]!;
  for (const p of planted) {
    const x0 = Math.max(0, p.x - margin);
    const x1 = Math.min(columns, p.x + p.w + margin);
    for (let y = Math.max(0, p.y - margin); y < Math.min(rows, p.y + p.h + margin); y++) {
      mask.fill(0, y * columns + x0, y * columns + x1);
    }
  }
  let outside = 0;
  for (let i = 0; i < mask.length; i++) outside += mask[i]!;
  return { outside, total };
}

/** Counts by category: lines found of lines planted. */
export class Tally {
  readonly counts = new Map<string, { found: number; total: number }>();
  add(category: string, found: boolean): void {
    const c = this.counts.get(category) ?? { found: 0, total: 0 };
    c.total++;
    if (found) c.found++;
    this.counts.set(category, c);
  }
  rate(category: string): number {
    const c = this.counts.get(category);
    return c ? c.found / c.total : NaN;
  }
  lines(): string[] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([k, c]) => `${k}: ${c.found}/${c.total} (${((100 * c.found) / c.total).toFixed(1)} %)`);
  }
}

export type { TextBox };
