/**
 * "Save boxes and templates" and "Load boxes and templates": the user's boxes as a file to keep
 * for a later run or to give to the command-line tool (`--pixel-regions`). Shown in the
 * preview's box panel and under Text in images on the review screen. Saving is a download of a
 * Blob made here (nothing leaves the computer); loading reads the chosen file in the page.
 */
import { useRef, useState } from 'react';
import { keyFromPassphrase } from '../../core/deid/keys';
import { downloadBlob } from '../pipeline/download';
import { formatCount } from '../ui/format';
import { REGIONS_FILE_NAME, loadRegions, savedRegions } from './regionsFile';
import { withLoadedFile, type UserRegions } from './userRegions';

type Message =
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string; readonly problems?: readonly string[] };

const plural = (n: number, one: string, many: string) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

/** "2 templates and boxes for 1 series", "boxes for 3 series", "1 template". */
function contents(templates: number, series: number): string {
  const parts = [
    templates > 0 ? plural(templates, 'template', 'templates') : '',
    series > 0 ? `boxes for ${plural(series, 'series', 'series')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'no boxes';
}

export function RegionsFileControls({
  regions,
  keySource,
  onRegions,
}: {
  readonly regions: UserRegions;
  /** The passphrase or generated key the run will use ('' while none is set). */
  readonly keySource: string;
  readonly onRegions: (regions: UserRegions) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>();
  const nothing =
    regions.templates.length === 0 &&
    regions.series.length === 0 &&
    regions.loadedSeries.length === 0;

  const save = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      // The same key the run derives from the same passphrase, so saved series boxes match.
      const runKey =
        keySource !== '' && regions.series.length > 0
          ? await keyFromPassphrase(keySource)
          : undefined;
      const saved = await savedRegions(regions, runKey);
      const unsaved =
        saved.seriesWithoutKey > 0
          ? ` The boxes drawn for ${plural(saved.seriesWithoutKey, 'one series', 'series')} were not saved: a file names a series by a code made from your passphrase or key, and none is set yet. Set one under Choices, then save again.`
          : '';
      if (saved.text === undefined) {
        setMessage({ kind: 'error', text: `There is nothing to save yet.${unsaved}` });
        return;
      }
      downloadBlob(new Blob([saved.text], { type: 'application/json' }), REGIONS_FILE_NAME);
      setMessage({
        kind: unsaved ? 'error' : 'note',
        text: `Saved ${contents(saved.templates, saved.series)} in ${REGIONS_FILE_NAME} (look in your Downloads folder).${unsaved}`,
      });
    } catch {
      setMessage({ kind: 'error', text: 'The boxes could not be saved. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  const load = async (file: File | undefined) => {
    if (!file) return;
    setMessage(undefined);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setMessage({ kind: 'error', text: 'The file could not be read. Choose it again.' });
      return;
    }
    const loaded = loadRegions(text);
    if ('problems' in loaded) {
      setMessage({
        kind: 'error',
        text: 'This file was not loaded, because it is not a boxes and templates file this page can use:',
        problems: loaded.problems,
      });
      return;
    }
    onRegions(withLoadedFile(regions, loaded.file));
    const series = loaded.file.series.length;
    setMessage({
      kind: 'note',
      text: `Loaded ${contents(loaded.file.templates.length, series)}.${series > 0 ? ' Boxes for a series apply only if you use the passphrase or key the file was saved with.' : ''}`,
    });
  };

  return (
    <div className="regions-file">
      <button
        type="button"
        className="button small-button"
        disabled={busy || nothing}
        onClick={() => void save()}
      >
        {busy ? 'Saving…' : 'Save boxes and templates'}
      </button>{' '}
      <button
        type="button"
        className="button small-button"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        Load boxes and templates
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="Boxes and templates file to load"
        accept=".json,application/json"
        onChange={(event) => {
          void load(event.target.files?.[0]);
          // The same file may be chosen again after it is fixed.
          event.target.value = '';
        }}
      />
      {message ? (
        <div
          className={message.kind === 'error' ? 'message error' : 'hint'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {/* One block: .message lays its children out in a row. */}
          <div>
            <p>{message.text}</p>
            {message.kind === 'error' && message.problems ? (
              <ul>
                {message.problems.map((problem, i) => (
                  <li key={i}>{problem}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
