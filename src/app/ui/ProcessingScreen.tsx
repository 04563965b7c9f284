import type { Progress } from '../pipeline/types';
import { formatBytes, formatCount, formatRate, formatTimeLeft } from './format';

export function ProcessingScreen({
  progress,
  cancelling,
  onCancel,
}: {
  readonly progress: Progress | undefined;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}) {
  const percent =
    progress && progress.bytesTotal > 0
      ? Math.min(100, Math.floor((progress.bytesDone / progress.bytesTotal) * 100))
      : undefined;
  const status = cancelling
    ? 'Stopping…'
    : progress === undefined
      ? 'Getting ready: preparing the key and the place to save…'
      : `${percent ?? 0}% done`;
  return (
    <section className="card progress-panel" aria-labelledby="processing-heading">
      <h2 id="processing-heading" tabIndex={-1}>
        De-identifying
      </h2>
      <p className="muted">
        Keep this page open until it is finished. Your original files are not changed.
      </p>
      <progress
        aria-label="De-identification progress"
        max={100}
        value={cancelling ? undefined : percent}
      />
      <p role="status" aria-live="polite">
        {status}
      </p>
      <dl className="stats">
        <div>
          <dt>Files</dt>
          <dd>
            {progress
              ? `${formatCount(progress.filesDone)} of ${formatCount(progress.filesTotal)}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Data</dt>
          <dd>
            {progress
              ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{progress ? formatRate(progress.throughput) : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{progress ? formatTimeLeft(progress.secondsLeft) : '—'}</dd>
        </div>
      </dl>
      <button type="button" className="button" onClick={onCancel}>
        {cancelling ? 'Stopping…' : 'Cancel'}
      </button>
    </section>
  );
}
