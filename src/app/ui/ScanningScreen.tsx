import { formatCount } from './format';

export function ScanningScreen({
  scanned,
  total,
  onCancel,
}: {
  readonly scanned: number;
  readonly total: number | undefined;
  readonly onCancel: () => void;
}) {
  const status =
    total === undefined
      ? 'Finding the files in what you chose…'
      : `Read ${formatCount(scanned)} of ${formatCount(total)} files`;
  return (
    <section className="card progress-panel" aria-labelledby="scanning-heading">
      <h2 id="scanning-heading" tabIndex={-1}>
        Looking at your files
      </h2>
      <p className="muted">
        Only the start of each file is read, to find the patients, studies and series. Nothing is
        changed.
      </p>
      <progress
        aria-label="Files read"
        max={total ?? undefined}
        value={total === undefined ? undefined : scanned}
      />
      <p role="status" aria-live="polite">
        {status}
      </p>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}
