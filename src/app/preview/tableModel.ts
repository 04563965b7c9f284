/**
 * Which rows of the tag table are on screen: the tree's folding, the filter box and the
 * "changed only" and "leaks only" switches. Pure, and linear in the number of rows (a file can have a hundred
 * thousand elements), so it runs on every keystroke.
 */
import type { PreviewAction, PreviewRow } from '../../core/deid/preview';

export interface TableView {
  /** Indexes of sequence and item rows that are open. */
  readonly expanded: ReadonlySet<number>;
  /** Text to look for in tags, names and values (case-insensitive); '' for none. */
  readonly filter: string;
  readonly changedOnly: boolean;
  /**
   * Only the elements that hold an identifier (a quarantined file's), with the rows above;
   * "changed only" is then set aside.
   */
  readonly leaksOnly?: boolean;
}

export interface VisibleRows {
  /** Indexes of the rows to show, in order. */
  readonly indexes: number[];
  /** 1 for each row whose children show. */
  readonly open: Uint8Array;
  /** 1 for each row held open because a match is inside it (while filtering or "leaks only"). */
  readonly forced: Uint8Array;
}

/**
 * The rows to show. With no filter text, a row shows when its parent is open (and, with
 * "changed only", when it changed or holds a change). With filter text, every match shows
 * with the rows above it, which open by themselves; a match that is opened shows what is
 * inside it, so a sequence found by name can still be looked into. "Leaks only" finds as the
 * filter does: a leak deep in a sequence shows without opening anything.
 */
export function visibleRows(rows: readonly PreviewRow[], view: TableView): VisibleRows {
  const query = normalise(view.filter);
  const leaksOnly = view.leaksOnly === true;
  const searching = query !== '' || leaksOnly;
  const n = rows.length;
  const match = new Uint8Array(n);
  /** Some row below this one matches. */
  const below = new Uint8Array(n);
  if (searching || view.changedOnly) {
    // Children come after their parents: one backward pass marks every ancestor of a match.
    for (let i = n - 1; i >= 0; i--) {
      const row = rows[i]!;
      if (passes(row, query, view.changedOnly, leaksOnly)) match[i] = 1;
      if ((match[i] === 1 || below[i] === 1) && row.parent >= 0) below[row.parent] = 1;
    }
  }
  const inMatch = new Uint8Array(n);
  const shown = new Uint8Array(n);
  const open = new Uint8Array(n);
  const indexes: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const p = row.parent;
    if (p >= 0 && shown[p] === 0) continue;
    const parentOpen = p < 0 || view.expanded.has(p);
    let show: boolean;
    if (!searching) {
      show = parentOpen && (!view.changedOnly || match[i] === 1 || below[i] === 1);
    } else {
      inMatch[i] = match[i] === 1 || (p >= 0 && inMatch[p] === 1) ? 1 : 0;
      show =
        match[i] === 1 ||
        below[i] === 1 ||
        (p >= 0 &&
          inMatch[p] === 1 &&
          parentOpen &&
          (leaksOnly || !view.changedOnly || row.action !== 'kept' || row.changesInside > 0));
    }
    if (!show) continue;
    shown[i] = 1;
    if (p >= 0) open[p] = 1;
    indexes.push(i);
  }
  return { indexes, open, forced: searching ? below : new Uint8Array(n) };
}

/** 1 for each sequence or item row with a leak somewhere inside it (for a folded row's hint). */
export function leaksBelow(rows: readonly PreviewRow[]): Uint8Array {
  const below = new Uint8Array(rows.length);
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if ((row.leaks || below[i] === 1) && row.parent >= 0) below[row.parent] = 1;
  }
  return below;
}

export function hasLeaks(rows: readonly PreviewRow[]): boolean {
  return rows.some((row) => row.leaks !== undefined);
}

/** Whether a row can be opened: a sequence with items, or an item with elements. */
export function canExpand(rows: readonly PreviewRow[], index: number): boolean {
  const next = rows[index + 1];
  return next !== undefined && next.parent === index;
}

/** Every row that can be opened (for "Expand all"). */
export function allExpandable(rows: readonly PreviewRow[]): Set<number> {
  const out = new Set<number>();
  for (const row of rows) if (row.parent >= 0) out.add(row.parent);
  return out;
}

function passes(row: PreviewRow, query: string, changedOnly: boolean, leaksOnly: boolean) {
  // A leak is mostly in an element the profile kept: "leaks only" wins over "changed only".
  if (leaksOnly) return row.leaks !== undefined && (query === '' || matches(row, query));
  if (changedOnly && row.action === 'kept') return false;
  return query === '' || matches(row, query);
}

/** The filter finds "(0010,0010)", "0010,0010", "00100010", the name and either value. */
export function matches(row: PreviewRow, query: string): boolean {
  const tag = row.tag.toLowerCase();
  return (
    tag.includes(query) ||
    tag.replace(/[(),]/g, '').includes(query) ||
    normalise(row.keyword).includes(query) ||
    normalise(row.originalFull ?? row.originalText ?? '').includes(query) ||
    normalise(row.newFull ?? row.newText ?? '').includes(query) ||
    ACTION_LABELS[row.action].toLowerCase() === query
  );
}

const normalise = (text: string) => text.trim().toLowerCase();

export const ACTION_LABELS: Readonly<Record<PreviewAction, string>> = {
  removed: 'Removed',
  emptied: 'Emptied',
  replaced: 'Replaced',
  'uid-remapped': 'New UID',
  'date-shifted': 'Date shifted',
  cleaned: 'Cleaned',
  kept: 'Kept',
  added: 'Added',
};

/** How many element rows (items not counted) changed, for the summary above the table. */
export function countChanges(rows: readonly PreviewRow[]): { elements: number; changed: number } {
  let elements = 0;
  let changed = 0;
  for (const row of rows) {
    if (row.kind !== 'element') continue;
    elements += 1;
    if (row.action !== 'kept') changed += 1;
  }
  return { elements, changed };
}
