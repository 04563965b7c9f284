/** Previous / next, or a file number typed in: which file of its group the preview shows. */
import { useState } from 'react';
import { formatCount } from '../ui/format';

export function FilePicker({
  position,
  total,
  label,
  onChange,
}: {
  /** 0-based. */
  readonly position: number;
  readonly total: number;
  /** The group's name for screen readers: "File of this series". */
  readonly label: string;
  readonly onChange: (position: number) => void;
}) {
  // What the user is typing, until it is a file number (or the field is left).
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const go = (to: number) => {
    setDraft(undefined);
    onChange(Math.max(0, Math.min(total - 1, to)));
  };
  return (
    <div className="file-picker" role="group" aria-label={label}>
      <button
        type="button"
        className="button small-button"
        disabled={position === 0}
        onClick={() => go(position - 1)}
      >
        <span aria-hidden="true">‹ </span>Previous file
      </button>
      <label className="file-number">
        File{' '}
        <input
          type="number"
          min={1}
          max={total}
          value={draft ?? String(position + 1)}
          onChange={(event) => {
            const text = event.target.value;
            const n = Number(text);
            if (text !== '' && Number.isInteger(n) && n >= 1 && n <= total) go(n - 1);
            else setDraft(text);
          }}
          onBlur={() => setDraft(undefined)}
        />{' '}
        of {formatCount(total)}
      </label>
      <button
        type="button"
        className="button small-button"
        disabled={position >= total - 1}
        onClick={() => go(position + 1)}
      >
        Next file<span aria-hidden="true"> ›</span>
      </button>
    </div>
  );
}
