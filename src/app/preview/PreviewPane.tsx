/**
 * The preview of a group of files: a series, over the review screen, or the quarantined files
 * of a run, over the done screen. One file at a time, de-identified with the profile and key
 * the run uses, nothing saved. The tag table shows every element before and after; the image
 * tab holds the image view (see ImageSlot.tsx). A quarantined file shows the bytes the engine
 * held back, under a banner that says why. A modal dialog: Escape or "Close" returns to the
 * screen below, where focus goes back to the button that opened it.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import './preview.css';
import type { LeftoverRule } from '../../core/deid/api';
import type { InputFile, SeriesNode } from '../pipeline/types';
import { keySource, profileSpecFor } from '../runOptions';
import type { Settings } from '../state';
import { formatCount } from '../ui/format';
import { FilePicker } from './FilePicker';
import { ImageSlot } from './ImageSlot';
import { QuarantineBanner } from './QuarantineBanner';
import { countChanges } from './tableModel';
import { TagTable, type TagFilters } from './TagTable';
import { usePreviewFile, type PreviewLoader } from './usePreviewFile';
import { useDetectedText } from './useDetectedText';
import { regionsWithoutKey, type UserRegions } from './userRegions';

type Tab = 'tags' | 'image';

/** "series 3 · MR · t1_mprage": a series as the preview's heading names it. */
export function seriesTitle(series: SeriesNode): string {
  return [`series ${series.seriesNumber || '(no number)'}`, series.modality, series.description]
    .filter((part) => part !== '')
    .join(' · ');
}

/** Which files the preview pages through, and how it names them. */
export interface PreviewGroup {
  /** After "Preview of": "series 3 · MR · t1_mprage", "the quarantined files". */
  readonly title: string;
  /** Input indexes, in the order the file picker goes. */
  readonly fileIndexes: readonly number[];
  /** The position in `fileIndexes` to open at. */
  readonly startAt?: number;
  /** The file picker's name for the group: "File of this series". */
  readonly pickerLabel: string;
  /** After the count of changes: "Nothing is saved until you start." */
  readonly savedNote: string;
  /** Open with "Leaks only" on: the group was opened to look at quarantined files. */
  readonly leaksOnly?: boolean;
  /** The fixes re-runs used: a file still quarantined after them is shown with them. */
  readonly leftoverFixes?: readonly LeftoverRule[];
  /** A series of the review screen: its images' boxes to black out can be edited. */
  readonly seriesKey?: string;
}

export function PreviewPane({
  group,
  files,
  settings,
  onPreview,
  onClose,
  onRegions,
}: {
  readonly group: PreviewGroup;
  readonly files: readonly InputFile[];
  readonly settings: Settings;
  readonly onPreview: PreviewLoader;
  readonly onClose: () => void;
  /** Saves the user's boxes and templates (settings.regions); absent: boxes are not edited. */
  readonly onRegions?: (regions: UserRegions) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [position, setPosition] = useState(group.startAt ?? 0);
  const [tab, setTab] = useState<Tab>('tags');
  const [filters, setFilters] = useState<TagFilters>({
    filter: '',
    changedOnly: false,
    leaksOnly: group.leaksOnly ?? false,
    expanded: new Set(),
  });
  const fileIndex = group.fileIndexes[position] ?? group.fileIndexes[0]!;
  const fixes = group.leftoverFixes;
  const spec = useMemo(
    () => ({
      ...profileSpecFor(settings, {
        textInImages: settings.textInImages,
        regions: regionsWithoutKey(settings.regions),
      }),
      ...(fixes?.length ? { leftoverFixes: fixes } : {}),
    }),
    [settings, fixes],
  );
  const { answer, loading } = usePreviewFile(
    { fileIndex, spec, keySource: keySource(settings), regions: settings.regions },
    onPreview,
  );

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    heading.current?.focus();
    // No close() on unmount: the dialog leaves the page with the component, and a close
    // event then would close the next preview.
  }, []);

  const result = answer?.response?.result;
  const written = result?.status === 'written' ? result : undefined;
  const quarantined = result?.status === 'quarantined' ? result : undefined;
  // What the table and the image show: the output, or the bytes the leak check held back.
  const shown = written
    ? { rows: written.rows, output: written.deidentified, original: written.original }
    : quarantined
      ? { rows: quarantined.rows, output: quarantined.held, original: quarantined.original }
      : undefined;
  const counts = useMemo(() => countChanges(shown?.rows ?? []), [shown?.rows]);
  const cleaning = settings.textInImages !== 'leave';
  const detected = useDetectedText(
    tab === 'image' && cleaning && group.seriesKey !== undefined
      ? files[fileIndex]?.file
      : undefined,
  );
  const editing =
    cleaning && onRegions && group.seriesKey !== undefined
      ? {
          regions: settings.regions,
          seriesKey: group.seriesKey,
          onRegions,
          detected,
          keySource: keySource(settings),
        }
      : undefined;
  const title = group.title;
  const total = group.fileIndexes.length;
  const unsaved = result && !shown && 'reason' in result ? result : undefined;

  return (
    <dialog
      ref={dialog}
      className="preview-dialog"
      aria-labelledby={`${id}-heading`}
      onClose={onClose}
    >
      <div className="preview-head">
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1} title={title}>
          Preview of {title}
        </h2>
        <div role="tablist" aria-label="What to show" className="preview-tabs">
          {(['tags', 'image'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${id}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${id}-panel`}
              tabIndex={tab === name ? 0 : -1}
              className="preview-tab"
              onClick={() => setTab(name)}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
                const next: Tab = name === 'tags' ? 'image' : 'tags';
                setTab(next);
                document.getElementById(`${id}-tab-${next}`)?.focus();
              }}
            >
              {name === 'tags' ? 'Tags' : 'Image'}
            </button>
          ))}
        </div>
        <FilePicker
          position={position}
          total={total}
          label={group.pickerLabel}
          onChange={setPosition}
        />
        <button
          type="button"
          className="button small-button"
          onClick={() => dialog.current?.close()}
        >
          Close preview
        </button>
      </div>
      <div className="preview-info">
        <p className="preview-file">
          <span className="muted">File:</span> {files[fileIndex]?.path ?? ''}
        </p>
        <p role="status" className="preview-status muted">
          {loading
            ? `Preparing file ${formatCount(position + 1)} of ${formatCount(total)}…`
            : written
              ? `${formatCount(counts.changed)} of ${formatCount(counts.elements)} elements change. ${group.savedNote}`
              : quarantined
                ? `${formatCount(counts.changed)} of ${formatCount(counts.elements)} elements change. This file is not saved.`
                : ''}
        </p>
      </div>
      {answer?.response?.exampleKey ? (
        <p className="preview-note">
          <strong>No key is set yet:</strong> new IDs, UIDs and dates here are examples. Set a
          passphrase or make a key (under Choices) to see the ones that will be saved.
        </p>
      ) : null}
      {settings.format === 'nifti' ? (
        <p className="preview-note">
          You chose NIfTI output: dcm2niix makes the volumes from the original images, named with
          the pseudonyms shown here; header text is wiped and the sidecar keeps only allowed
          details.
        </p>
      ) : null}
      {answer?.error !== undefined ? (
        <p className="message error" role="alert">
          The preview failed: {answer.error}
        </p>
      ) : null}
      {unsaved ? (
        <p className="message error" role="alert">
          This file would not be saved ({unsaved.status}): {unsaved.reason}
        </p>
      ) : null}
      {quarantined && !loading ? (
        <QuarantineBanner
          findings={quarantined.findings}
          fileNameFindings={quarantined.fileNameFindings}
          rows={quarantined.rows}
        />
      ) : null}
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${tab}`}
        className="preview-panel"
      >
        {tab === 'tags' ? (
          <TagTable
            rows={shown?.rows ?? []}
            loading={loading}
            filters={filters}
            onFilters={(change) => setFilters((old) => ({ ...old, ...change }))}
          />
        ) : shown && (!loading || answer?.fileIndex === fileIndex) ? (
          // While the same file is made again (a box was drawn), the image stays: unmounting
          // it lost the zoom and pan and moved the page under the user's boxes.
          <ImageSlot
            key={fileIndex}
            original={shown.original}
            deidentified={shown.output}
            editing={editing}
          />
        ) : (
          <p className="muted">{loading ? 'Preparing the file…' : 'No image to show.'}</p>
        )}
      </div>
    </dialog>
  );
}
