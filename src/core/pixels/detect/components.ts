/**
 * Connected components (8-connected) of a binary mask, with each one's bounding box and pixel
 * count: two passes over runs of set pixels, joined with a union–find.
 */

export interface Component {
  /** Inclusive bounds. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  /** Sum of `values` over the component's pixels (0 without values). */
  sum: number;
}

export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  values?: Uint8Array,
): Component[] {
  // Runs of set pixels per row: start, end (exclusive), row, label.
  const starts: number[] = [];
  const ends: number[] = [];
  const rows: number[] = [];
  const rowFirst = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    rowFirst[y] = starts.length;
    const base = y * width;
    let x = 0;
    while (x < width) {
      if (mask[base + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && mask[base + x] !== 0) x++;
      starts.push(start);
      ends.push(x);
      rows.push(y);
    }
  }
  rowFirst[height] = starts.length;
  const parent = new Int32Array(starts.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let y = 1; y < height; y++) {
    let above = rowFirst[y - 1]!;
    const aboveEnd = rowFirst[y]!;
    for (let r = rowFirst[y]!; r < rowFirst[y + 1]!; r++) {
      // 8-connected: runs touch when they overlap with one pixel of slack.
      while (above < aboveEnd && ends[above]! < starts[r]!) above++;
      for (let a = above; a < aboveEnd && starts[a]! <= ends[r]!; a++) {
        const ra = find(a);
        const rr = find(r);
        if (ra !== rr) parent[Math.max(ra, rr)] = Math.min(ra, rr);
      }
    }
  }
  const index = new Int32Array(starts.length).fill(-1);
  const components: Component[] = [];
  for (let r = 0; r < starts.length; r++) {
    const root = find(r);
    let c = index[root]!;
    if (c < 0) {
      c = components.length;
      index[root] = c;
      components.push({
        x0: starts[r]!,
        y0: rows[r]!,
        x1: ends[r]! - 1,
        y1: rows[r]!,
        area: 0,
        sum: 0,
      });
    }
    const comp = components[c]!;
    if (starts[r]! < comp.x0) comp.x0 = starts[r]!;
    if (ends[r]! - 1 > comp.x1) comp.x1 = ends[r]! - 1;
    if (rows[r]! > comp.y1) comp.y1 = rows[r]!;
    comp.area += ends[r]! - starts[r]!;
    if (values) {
      const base = rows[r]! * width;
      for (let x = starts[r]!; x < ends[r]!; x++) comp.sum += values[base + x]!;
    }
  }
  return components;
}
