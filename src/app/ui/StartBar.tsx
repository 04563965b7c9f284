import { useMemo } from 'react';
import { allSeriesFiles, type ScanData } from '../state';
import { formatCount, plural } from './format';

/** Fixed to the bottom of the window, so the start button is always in view. */
export function StartBar({
  scan,
  included,
  problem,
  onStart,
  onStartAgain,
}: {
  readonly scan: ScanData;
  readonly included: ReadonlySet<number>;
  readonly problem: string | undefined;
  readonly onStart: () => void;
  readonly onStartAgain: () => void;
}) {
  const dicomFiles = useMemo(() => allSeriesFiles(scan.tree).size, [scan.tree]);
  const left = dicomFiles - included.size;
  return (
    <div className="action-bar">
      <div className="action-bar-inner">
        <div>
          <p>
            <strong>
              {formatCount(included.size)} of {plural(dicomFiles, 'DICOM file')} selected
            </strong>
            {left > 0 ? <span className="muted"> · {formatCount(left)} left out</span> : null}
          </p>
          <p id="start-problem" className={problem ? 'error-text small' : 'muted small'}>
            {problem ?? 'The originals stay as they are; de-identified copies are saved.'}
          </p>
        </div>
        <div className="button-row">
          <button type="button" className="button" onClick={onStartAgain}>
            Choose other files
          </button>
          <button
            type="button"
            className="button primary big"
            disabled={problem !== undefined}
            aria-describedby="start-problem"
            onClick={onStart}
          >
            De-identify {plural(included.size, 'file')}
          </button>
        </div>
      </div>
    </div>
  );
}
