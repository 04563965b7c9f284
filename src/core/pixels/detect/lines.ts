/**
 * Character-like components → text lines: keep components of a character's size and shape, join
 * neighbours that sit on the same line (overlapping vertically, similar heights, gap under about
 * a character), and score each line by how much it looks like a row of characters.
 */
import type { Component } from './components';

export interface LineLimits {
  /** Character heights in pixels, ink top to bottom (10–20 px fonts give about 7–24). */
  readonly minHeight: number;
  readonly maxHeight: number;
}

export interface Line {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Characters (components) in the line. */
  count: number;
  /** Median character height. */
  height: number;
  /** How evenly the characters share one centre line (1: all on it). */
  alignment: number;
  /** Share of characters as bright (or dark) as the line's median character, ±20 %. */
  uniformity: number;
}

export function isCharacter(c: Component, limits: LineLimits): boolean {
  const w = c.x1 - c.x0 + 1;
  const h = c.y1 - c.y0 + 1;
  if (h < limits.minHeight || h > limits.maxHeight) return false;
  // Letters glued by anti-aliasing make wide components; a whole word is still under ~12 h.
  if (w > 12 * h) return false;
  const fill = c.area / (w * h);
  if (fill < 0.12) return false;
  // Solid blocks are not strokes.
  if (w >= 6 && h >= 6 && fill > 0.85) return false;
  return true;
}

/**
 * Joins characters into lines (union–find over near neighbours, scanned in x order); `gap` is
 * the widest gap joined, in character heights (word spaces and table columns included).
 */
export function groupLines(chars: Component[], limits: LineLimits, gap = 2.5): Line[] {
  const order = chars.map((_, i) => i).sort((a, b) => chars[a]!.x0 - chars[b]!.x0);
  const parent = order.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const sorted = order.map((i) => chars[i]!);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const ha = a.y1 - a.y0 + 1;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      const hb = b.y1 - b.y0 + 1;
      const tall = Math.max(ha, hb);
      // Sorted by x0: once b starts beyond the widest possible gap, no later one is closer.
      if (b.x0 - a.x1 > gap * limits.maxHeight + 1) break;
      if (b.x0 - a.x1 - 1 > gap * tall) continue;
      const small = Math.min(ha, hb);
      if (tall > 3 * small) continue;
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
      if (overlap < 0.5 * small) continue;
      const ra = find(i);
      const rb = find(j);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const groups = new Map<number, Component[]>();
  for (let i = 0; i < sorted.length; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(sorted[i]!);
    else groups.set(root, [sorted[i]!]);
  }
  return [...groups.values()].map(describeLine);
}

function describeLine(members: Component[]): Line {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const heights: number[] = [];
  const centres: number[] = [];
  const means: number[] = [];
  for (const c of members) {
    x0 = Math.min(x0, c.x0);
    y0 = Math.min(y0, c.y0);
    x1 = Math.max(x1, c.x1);
    y1 = Math.max(y1, c.y1);
    heights.push(c.y1 - c.y0 + 1);
    centres.push((c.y0 + c.y1) / 2);
    means.push(c.sum / c.area);
  }
  means.sort((a, b) => a - b);
  const typical = means[means.length >> 1]!;
  const alike = means.filter((m) => Math.abs(m - typical) <= Math.max(12, 0.2 * typical)).length;
  heights.sort((a, b) => a - b);
  centres.sort((a, b) => a - b);
  const height = heights[heights.length >> 1]!;
  const middle = centres[centres.length >> 1]!;
  const onLine = centres.filter((c) => Math.abs(c - middle) <= 0.3 * height).length;
  return {
    x0,
    y0,
    x1,
    y1,
    count: members.length,
    height,
    alignment: onLine / members.length,
    uniformity: alike / members.length,
  };
}
