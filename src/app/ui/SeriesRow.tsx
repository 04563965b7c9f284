import { useEffect, useRef } from 'react';
import type { SeriesNode } from '../pipeline/types';
import { formatBytes, formatCount } from './format';

export type Inclusion = 'all' | 'some' | 'none';

export function inclusionOf(series: SeriesNode, included: ReadonlySet<number>): Inclusion {
  let count = 0;
  for (const index of series.fileIndexes) if (included.has(index)) count += 1;
  return count === 0 ? 'none' : count === series.fileIndexes.length ? 'all' : 'some';
}

/** One series: a checkbox for the whole series, what it is, and why it is flagged. */
export function SeriesRow({
  series,
  inclusion,
  flagReasons,
  cleaning,
  onToggle,
  onPreview,
}: {
  readonly series: SeriesNode;
  readonly inclusion: Inclusion;
  /** Why it is flagged for text in the image now (textSampling.ts); empty when it is not. */
  readonly flagReasons: readonly string[];
  /** Clean Pixel Data is on: the text found in its images will be blacked out. */
  readonly cleaning: boolean;
  readonly onToggle: (fileIndexes: readonly number[], include: boolean) => void;
  /** Opens the preview pane (src/app/preview) on this series. */
  readonly onPreview?: (series: SeriesNode) => void;
}) {
  const checkbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = inclusion === 'some';
  }, [inclusion]);
  const flagged = flagReasons.length > 0;
  const name = [
    `series ${series.seriesNumber || '(no number)'}`,
    series.modality,
    series.description,
  ]
    .filter((part) => part !== '')
    .join(', ');
  return (
    <tr className={flagged ? 'flagged' : undefined}>
      <td>
        <input
          ref={checkbox}
          type="checkbox"
          aria-label={`Include ${name}`}
          checked={inclusion === 'all'}
          onChange={() => onToggle(series.fileIndexes, inclusion !== 'all')}
        />
      </td>
      <td className="num">{series.seriesNumber || '—'}</td>
      <td>{series.modality || '—'}</td>
      <td>
        {series.description || <span className="muted">(no description)</span>}
        {flagged ? (
          <span className="flag-reason">
            <strong>May show patient details in the image:</strong> {flagReasons.join(' ')}{' '}
            <strong>{cleaning ? 'Clean pixels: on.' : 'Images are not changed.'}</strong>
          </span>
        ) : null}
      </td>
      <td className="num">{formatCount(series.fileIndexes.length)}</td>
      <td className="num">{formatBytes(series.bytes)}</td>
      {onPreview ? (
        <td>
          <button
            type="button"
            className="button small-button"
            aria-label={`Preview ${name}`}
            onClick={() => onPreview(series)}
          >
            Preview
          </button>
        </td>
      ) : null}
    </tr>
  );
}
