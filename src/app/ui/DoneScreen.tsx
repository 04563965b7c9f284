/**
 * The end of a run: the counts, where the files went, and the files that were not written
 * with the reason. A quarantined file can be opened in the preview (the same pane as on the
 * review screen, over the run's quarantined files) to see what the final check found, and the
 * quarantine can be resolved: a fix per kind of finding, and a re-run (LeftoverRemedy).
 */
import { useState } from 'react';
import type { FileResult, InputFile, RerunRequest, RunSummary } from '../pipeline/types';
import { PreviewPane } from '../preview/PreviewPane';
import type { PreviewLoader } from '../preview/usePreviewFile';
import type { SaveKind, Settings } from '../state';
import { FileReasonTable, reasonCounts, type FileReasonRow } from './FileReasonTable';
import { formatCount, plural } from './format';
import { LeftoverRemedy } from './LeftoverRemedy';
import { describeFixes } from './leftoverGroups';
import { MAPPING_WARNING } from './MappingChoice';
import { plainMessage } from '../errors';
import { pixelCounts } from '../../core/run/pixelCounts';

const WHERE_SAVED: Record<SaveKind, string> = {
  'file-picker': 'The de-identified files are in the .zip file you chose.',
  'directory-picker': 'The de-identified files are in the folder you chose.',
  'download-parts':
    'The de-identified files were downloaded as .zip parts (look in your Downloads folder). Keep all the parts together.',
};

const STATUS_WORDS: Record<FileResult['status'], string> = {
  written: 'Written',
  skipped: 'Skipped',
  failed: 'Failed',
  quarantined: 'Quarantined',
  excluded: 'Left out',
};
const ORDER: readonly FileResult['status'][] = ['quarantined', 'failed', 'skipped', 'excluded'];

export function DoneScreen({
  files,
  summary,
  settings,
  onPreview,
  onSaveMapping,
  onStartAgain,
  onRerun,
}: {
  readonly files: readonly InputFile[];
  readonly summary: RunSummary;
  /** The run's choices: where it saved, and the profile and key a review uses. */
  readonly settings: Settings;
  /** De-identifies one file again for the preview; nothing is saved. */
  readonly onPreview: PreviewLoader;
  readonly onSaveMapping: () => Promise<void>;
  readonly onStartAgain: () => void;
  /** Runs quarantined files again with fixes (DICOM runs only). */
  readonly onRerun: (request: RerunRequest) => void;
}) {
  /** The position, among the quarantined files, of the one opened for review. */
  const [reviewing, setReviewing] = useState<number | undefined>(undefined);
  const rows: FileReasonRow[] = ORDER.flatMap((status) =>
    summary.results
      .filter((result) => result.status === status)
      .map((result) => ({
        index: result.index,
        path: files[result.index]?.path ?? `file ${result.index + 1}`,
        status: STATUS_WORDS[status],
        reason: result.reason,
      })),
  );
  // The preview shows a file as DICOM: a NIfTI series held back for its sidecar or header
  // would show no leak there, so only DICOM runs offer a review (the reason says where).
  const quarantined =
    settings.format === 'dicom'
      ? summary.results
          .filter((result) => result.status === 'quarantined')
          .map((result) => result.index)
      : [];
  const positionOf = new Map(quarantined.map((index, at) => [index, at]));
  const accounted =
    summary.written + summary.skipped + summary.failed + summary.quarantined + summary.excluded;
  const problems = summary.failed + summary.quarantined;
  const fixes = summary.rerun?.fixes ?? [];
  // Clean Pixel Data: shown only when it did something, so other runs read as before.
  const pixels = pixelCounts(summary.results);
  return (
    <section aria-labelledby="done-heading">
      {reviewing !== undefined ? (
        <PreviewPane
          key={reviewing}
          group={{
            title: quarantined.length === 1 ? 'the quarantined file' : 'the quarantined files',
            fileIndexes: quarantined,
            startAt: reviewing,
            pickerLabel: 'Quarantined file',
            savedNote: 'Nothing here is saved.',
            leaksOnly: true,
            ...(fixes.length > 0 ? { leftoverFixes: fixes } : {}),
          }}
          files={files}
          settings={settings}
          onPreview={onPreview}
          onClose={() => setReviewing(undefined)}
        />
      ) : null}
      <div className="card">
        <h2 id="done-heading" tabIndex={-1}>
          {problems > 0 ? 'Finished, with some files that were not saved' : 'Finished'}
        </h2>
        <p>
          {summary.rerun
            ? rerunSaved(settings.save, summary.rerun.archives)
            : `${WHERE_SAVED[settings.save]} A report (report.csv and report.json) is saved with them.`}
        </p>
        <p className="muted small">
          Settings: {profileWords(settings)}
          {fixes.length > 0 ? `. Fixes: ${describeFixes(fixes)}.` : '.'}
        </p>
        <dl className="counts">
          <Count className="written" label="Written" value={summary.written} />
          <Count label="Skipped" value={summary.skipped} />
          <Count className="failed" label="Failed" value={summary.failed} />
          {summary.quarantined > 0 ? (
            <Count className="failed" label="Quarantined" value={summary.quarantined} />
          ) : null}
          <Count label="Left out by you" value={summary.excluded} />
          {pixels.cleaned > 0 ? <Count label="Images cleaned" value={pixels.cleaned} /> : null}
          {pixels.textStillReadable > 0 ? (
            <Count
              className="failed"
              label="Quarantined: text still readable in the image"
              value={pixels.textStillReadable}
            />
          ) : null}
        </dl>
        {pixels.textStillReadable > 0 ? (
          <p className="error-text">
            After cleaning, the check still read identifying text in the image of{' '}
            {plural(pixels.textStillReadable, 'file')}: they were not saved. Their Review says in
            which frame and region it was read.
          </p>
        ) : null}
        <p className="muted">
          {accounted === files.length
            ? `Every one of the ${plural(files.length, 'file')} you chose is accounted for.`
            : `${formatCount(accounted)} of the ${plural(files.length, 'file')} you chose are accounted for.`}
        </p>
        {summary.failed > 0 ? (
          <p className="error-text">
            Failed files were not saved. The reasons are below; the other files are fine.
          </p>
        ) : null}
        {summary.quarantined > 0 ? (
          <p className="error-text">
            Quarantined files were de-identified, but a final check still found names, IDs or other
            identifying values in them (for example in a free-text field the profile keeps), so they
            were not saved. The list below says where, never the value
            {quarantined.length > 0
              ? '; “Review” shows such a file with what was found in it, on this screen only.'
              : '.'}
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" className="button primary" onClick={onStartAgain}>
            Start again
          </button>
        </div>
      </div>
      {quarantined.length > 0 ? (
        <LeftoverRemedy results={summary.results} save={settings.save} onRerun={onRerun} />
      ) : null}
      {summary.mappingAvailable ? <MappingDownload onSaveMapping={onSaveMapping} /> : null}
      {rows.length > 0 ? (
        <div className="card">
          <h2>Files that were not written</h2>
          <ul className="small">
            {reasonCounts(rows)
              .slice(0, 6)
              .map(([reason, count]) => (
                <li key={reason}>
                  {formatCount(count)} × {reason}
                </li>
              ))}
          </ul>
          <FileReasonTable
            rows={rows}
            caption="Files that were not written"
            showStatus
            actionOf={
              quarantined.length === 0
                ? undefined
                : (row) => {
                    const at = positionOf.get(row.index);
                    if (at === undefined) return null;
                    return (
                      <button
                        type="button"
                        className="button small-button"
                        aria-label={`Review quarantined file ${row.path}`}
                        onClick={() => setReviewing(at)}
                      >
                        Review
                      </button>
                    );
                  }
            }
          />
          <p className="muted small">
            These paths are shown only here, on your screen. The reports inside the output name
            files by number, never by path.
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** Where a run and its re-runs saved: the run's folder, or the first output and new .zips. */
function rerunSaved(save: SaveKind, archives: readonly string[]): string {
  if (save === 'directory-picker' || archives.length === 0) {
    return 'The de-identified files are in the folder you chose, re-run files included, with a report (report.csv and report.json) that covers every file.';
  }
  const first =
    save === 'file-picker' ? 'the .zip file you chose' : 'the .zip parts downloaded first';
  const names = archives.map((name) => `${name}.zip`).join(', ');
  return `The files the run wrote are in ${first}. Re-run files were downloaded as ${names}, with a report (report.csv and report.json) that covers every file and replaces the earlier one.`;
}

function profileWords(settings: Settings): string {
  if (settings.profile === 'legacy') return 'the legacy profile';
  const options = settings.options.length + (settings.dates === 'remove' ? 0 : 1);
  return options === 0
    ? 'the basic profile'
    : `the basic profile with ${plural(options, 'option')}`;
}

function Count({
  label,
  value,
  className,
}: {
  readonly label: string;
  readonly value: number;
  readonly className?: string;
}) {
  return (
    <div className={className}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

function MappingDownload({ onSaveMapping }: { readonly onSaveMapping: () => Promise<void> }) {
  const [status, setStatus] = useState('');
  const download = async () => {
    setStatus('');
    try {
      await onSaveMapping();
      setStatus('The mapping tables were saved.');
    } catch (error) {
      setStatus(`The mapping tables could not be saved: ${plainMessage(error)}`);
    }
  };
  return (
    <div className="card">
      <h2>Mapping tables</h2>
      <div className="warning" role="note">
        <p>{MAPPING_WARNING}</p>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void download()}>
          Download mapping tables
        </button>
        <p className="small" role="status">
          {status}
        </p>
      </div>
    </div>
  );
}
