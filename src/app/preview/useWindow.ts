/**
 * A windowed list: of a long list of fixed-height rows, only those in view (and a few beside
 * them) are rendered, so a table of a hundred thousand rows scrolls as fast as one of fifty.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 8;

export interface RowWindow {
  readonly first: number;
  /** One past the last row to render. */
  readonly last: number;
  /** Brings a row into view (for the keyboard). */
  readonly reveal: (index: number) => void;
}

/**
 * `viewport` is the scrolling element; `coveredTop` is how many pixels at its top a sticky
 * header hides, so that the rows start below it and a row revealed is not left under it.
 */
export function useWindow(
  viewport: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  coveredTop = 0,
): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const onScroll = () => setScrollTop(element.scrollTop);
    const measure = () => setHeight(Math.max(0, element.clientHeight - coveredTop));
    measure();
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [viewport, coveredTop]);

  const reveal = (index: number) => {
    const element = viewport.current;
    if (!element) return;
    const top = index * rowHeight;
    const bottom = top + rowHeight;
    let to = element.scrollTop;
    const rowsHeight = element.clientHeight - coveredTop;
    if (top < to) to = top;
    else if (bottom > to + rowsHeight) to = bottom - rowsHeight;
    if (to !== element.scrollTop) element.scrollTo({ top: to });
    // The scroll event comes a frame later; the window follows at once.
    setScrollTop(element.scrollTop);
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return { first, last, reveal };
}
