/**
 * Every element of the file before and after, as a tree grid: sequences and items fold, a
 * filter box and a "changed only" switch narrow it, and only the rows in view are rendered.
 * In a quarantined file's table the elements that still hold an identifier are marked "Leak"
 * (in words, not only in colour), and a "leaks only" switch finds them at any depth.
 * Keyboard: Tab into the grid, arrows move, Right/Left open and close, Enter toggles.
 * Values are React text nodes only: markup in a tag value is shown, never run.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PreviewRow } from '../../core/deid/preview';
import './tagTable.css';
import { formatCount } from '../ui/format';
import { describeMarks } from './leakText';
import {
  ACTION_LABELS,
  allExpandable,
  canExpand,
  hasLeaks,
  leaksBelow,
  visibleRows,
} from './tableModel';
import { TagDetails } from './TagDetails';
import { useWindow } from './useWindow';

const ROW_HEIGHT = 28;
/**
 * The grid itself scrolls (so the one element a keyboard user tabs to is the one that scrolls),
 * under a sticky header row of this height (tagTable.css).
 */
const HEAD_HEIGHT = 28;
/** Deeper levels still indent, but no further than this: the tag must stay readable. */
const MAX_INDENT_LEVELS = 6;
/** A tooltip longer than this is no help; the details below the table hold the rest. */
const TOOLTIP_CHARS = 1000;

export interface TagFilters {
  readonly filter: string;
  readonly changedOnly: boolean;
  /** Only the elements that hold an identifier; it applies while the file has any. */
  readonly leaksOnly: boolean;
  /** Paths of open rows: paths, not indexes, so that paging to the next file keeps them open. */
  readonly expanded: ReadonlySet<string>;
}

export function TagTable({
  rows,
  loading,
  filters,
  onFilters,
}: {
  readonly rows: readonly PreviewRow[];
  readonly loading: boolean;
  readonly filters: TagFilters;
  readonly onFilters: (change: Partial<TagFilters>) => void;
}) {
  const id = useId();
  const filter = filters.filter;
  const expandedIndexes = useMemo(() => {
    const out = new Set<number>();
    rows.forEach((row, i) => filters.expanded.has(row.path) && out.add(i));
    return out;
  }, [rows, filters.expanded]);
  const leaky = useMemo(() => hasLeaks(rows), [rows]);
  const leaksInside = useMemo(() => leaksBelow(rows), [rows]);
  // Kept on while paging through files with none, so that it is still on at the next one.
  const leaksOnly = leaky && filters.leaksOnly;
  const shown = useMemo(
    () =>
      visibleRows(rows, {
        expanded: expandedIndexes,
        filter,
        changedOnly: filters.changedOnly,
        leaksOnly,
      }),
    [rows, expandedIndexes, filter, filters.changedOnly, leaksOnly],
  );
  const visible = shown.indexes;
  const [activePath, setActivePath] = useState<string | undefined>(undefined);
  const activeAt = useMemo(() => {
    const at = visible.findIndex((i) => rows[i]!.path === activePath);
    return at >= 0 ? at : 0;
  }, [visible, rows, activePath]);
  const activeRow = visible.length > 0 ? rows[visible[activeAt]!] : undefined;

  const grid = useRef<HTMLDivElement>(null);
  const { first, last, reveal } = useWindow(grid, visible.length, ROW_HEIGHT, HEAD_HEIGHT);

  /** Opens or closes a row; one held open by a match inside stays open while filtering. */
  const toggle = (index: number) => {
    if (shown.forced[index] === 1) return;
    const path = rows[index]!.path;
    const next = new Set(filters.expanded);
    // A row asked open shows nothing while the filter leaves none of its children: close it.
    if (shown.open[index] === 1 || next.has(path)) next.delete(path);
    else next.add(path);
    onFilters({ expanded: next });
  };
  const isOpen = (index: number) => shown.open[index] === 1;

  const moveTo = (at: number) => {
    if (visible.length === 0) return;
    const clamped = Math.max(0, Math.min(visible.length - 1, at));
    setActivePath(rows[visible[clamped]!]!.path);
    reveal(clamped);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = visible[activeAt];
    if (index === undefined) return;
    const page = Math.max(
      1,
      Math.floor(((grid.current?.clientHeight ?? 300) - HEAD_HEIGHT) / ROW_HEIGHT) - 1,
    );
    const expandable = canExpand(rows, index);
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeAt + 1);
        return handled();
      case 'ArrowUp':
        moveTo(activeAt - 1);
        return handled();
      case 'PageDown':
        moveTo(activeAt + page);
        return handled();
      case 'PageUp':
        moveTo(activeAt - page);
        return handled();
      case 'Home':
        moveTo(0);
        return handled();
      case 'End':
        moveTo(visible.length - 1);
        return handled();
      case 'ArrowRight':
        if (expandable && !isOpen(index)) toggle(index);
        else if (isOpen(index)) moveTo(activeAt + 1);
        return handled();
      case 'ArrowLeft': {
        if (isOpen(index) && shown.forced[index] === 0) toggle(index);
        else {
          const parentAt = visible.indexOf(rows[index]!.parent);
          if (parentAt >= 0) moveTo(parentAt);
        }
        return handled();
      }
      case 'Enter':
      case ' ':
        if (expandable) toggle(index);
        return handled();
    }
  };

  const summary = `${formatCount(visible.length)} of ${formatCount(rows.length)} rows shown`;
  return (
    <div className="tag-table">
      <div className="tag-toolbar">
        <label className="tag-filter">
          <span>Filter</span>
          <input
            type="search"
            value={filters.filter}
            placeholder="Tag, name or value"
            aria-describedby={`${id}-summary`}
            onChange={(event) => onFilters({ filter: event.target.value })}
            onKeyDown={(event) => {
              // Escape empties the filter first; only an empty one lets it close the preview.
              if (event.key !== 'Escape' || filters.filter === '') return;
              event.preventDefault();
              onFilters({ filter: '' });
            }}
          />
        </label>
        <label className="tag-switch">
          <input
            type="checkbox"
            checked={filters.changedOnly}
            disabled={leaksOnly}
            onChange={(event) => onFilters({ changedOnly: event.target.checked })}
          />
          Changed only
        </label>
        {leaky ? (
          <label className="tag-switch leak-switch">
            <input
              type="checkbox"
              checked={filters.leaksOnly}
              onChange={(event) => onFilters({ leaksOnly: event.target.checked })}
            />
            Leaks only
          </label>
        ) : null}
        <button
          type="button"
          className="button small-button"
          onClick={() =>
            onFilters({ expanded: new Set([...allExpandable(rows)].map((i) => rows[i]!.path)) })
          }
        >
          Expand all
        </button>
        <button
          type="button"
          className="button small-button"
          onClick={() => onFilters({ expanded: new Set() })}
        >
          Collapse all
        </button>
        <span id={`${id}-summary`} className="muted small tag-count">
          {summary}
        </span>
      </div>
      <div
        ref={grid}
        role="treegrid"
        aria-label="Elements before and after de-identification"
        aria-rowcount={visible.length + 1}
        aria-colcount={6}
        aria-busy={loading}
        aria-activedescendant={
          activeRow && activeAt >= first && activeAt < last
            ? `${id}-row-${visible[activeAt]}`
            : undefined
        }
        tabIndex={0}
        className={loading ? 'tag-grid loading' : 'tag-grid'}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="tag-head">
          <div role="row" aria-rowindex={1} className="tag-row">
            {['Tag', 'Name', 'VR', 'Original', 'De-identified', 'Action'].map((name) => (
              <div role="columnheader" key={name}>
                {name}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="tag-body">
          <div role="none" className="tag-spacer" style={{ height: visible.length * ROW_HEIGHT }}>
            {visible.slice(first, last).map((index, k) => {
              const at = first + k;
              const row = rows[index]!;
              const expandable = canExpand(rows, index);
              const open = expandable && isOpen(index);
              const forced = shown.forced[index] === 1;
              const name = rowName(rows, index);
              return (
                <div
                  key={index}
                  id={`${id}-row-${index}`}
                  role="row"
                  aria-rowindex={at + 2}
                  aria-level={row.depth + 1}
                  aria-expanded={expandable ? open : undefined}
                  aria-selected={at === activeAt}
                  className={`tag-row ${row.kind} ${row.action}${row.leaks ? ' leak' : ''}${at === activeAt ? ' active' : ''}`}
                  style={{ top: at * ROW_HEIGHT }}
                  onClick={() => {
                    setActivePath(row.path);
                    grid.current?.focus({ preventScroll: true });
                  }}
                >
                  <div
                    role="gridcell"
                    className="c-tag"
                    style={{ paddingLeft: 6 + Math.min(row.depth, MAX_INDENT_LEVELS) * 14 }}
                  >
                    {expandable ? (
                      <button
                        type="button"
                        tabIndex={-1}
                        className="fold"
                        aria-label={`${open ? 'Collapse' : 'Expand'} ${name}`}
                        aria-disabled={forced || undefined}
                        title={forced ? 'Open while the filter finds something inside' : undefined}
                        onClick={(event) => {
                          event.stopPropagation();
                          setActivePath(row.path);
                          toggle(index);
                        }}
                      >
                        {open ? '▾' : '▸'}
                      </button>
                    ) : (
                      <span className="fold" aria-hidden="true" />
                    )}
                    <span className="tag-text">{row.tag}</span>
                  </div>
                  <div role="gridcell" className="c-name" title={row.keyword}>
                    {row.keyword || <span className="muted">(not in the dictionary)</span>}
                    {row.isSequence && row.changesInside > 0 && !open ? (
                      <span className="inside"> · {formatCount(row.changesInside)} changes</span>
                    ) : null}
                    {leaksInside[index] === 1 && !open ? (
                      <span className="leak-inside"> · leak inside</span>
                    ) : null}
                  </div>
                  <div role="gridcell" className="c-vr">
                    {row.vr}
                  </div>
                  <ValueCell text={row.originalText} full={row.originalFull} />
                  <ValueCell text={row.newText} full={row.newFull} />
                  <div role="gridcell" className="c-action">
                    <span className={`badge ${row.action}`}>{ACTION_LABELS[row.action]}</span>
                    {row.leaks ? (
                      <span className="badge leak" title={`Holds ${describeMarks(row.leaks)}`}>
                        Leak
                        <span className="visually-hidden">: holds {describeMarks(row.leaks)}</span>
                      </span>
                    ) : null}
                  </div>
                </div>
              );
            })}
          </div>
          {visible.length === 0 && !loading ? (
            <p className="tag-empty muted">No element matches.</p>
          ) : null}
        </div>
      </div>
      <TagDetails row={activeRow} />
    </div>
  );
}

/** One value: absent, empty or text; the whole text as the cell's tooltip when it is cut. */
function ValueCell({ text, full }: { readonly text: string | null; readonly full?: string }) {
  if (text === null) {
    return (
      <div role="gridcell" className="c-value absent">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">not present</span>
      </div>
    );
  }
  if (text === '') {
    return (
      <div role="gridcell" className="c-value empty">
        (empty)
      </div>
    );
  }
  return (
    <div role="gridcell" className="c-value" title={(full ?? text).slice(0, TOOLTIP_CHARS)}>
      {text}
    </div>
  );
}

/** "OtherPatientIDsSequence", "Item 1 of OtherPatientIDsSequence": what a fold button names. */
function rowName(rows: readonly PreviewRow[], index: number): string {
  const row = rows[index]!;
  if (row.kind !== 'item') return row.keyword || row.tag;
  const sequence = rows[row.parent];
  return `${row.keyword} of ${sequence?.keyword || sequence?.tag || 'the sequence'}`;
}
