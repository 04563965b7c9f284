import { useState } from 'react';
import type { SeriesNode } from '../pipeline/types';
import { PreviewPane, seriesTitle } from '../preview/PreviewPane';
import type { PreviewLoader } from '../preview/usePreviewFile';
import type { AppState, ScanData, Settings, ToggleOptionName } from '../state';
import { FormatChoice } from './FormatChoice';
import { KeyChoice } from './KeyChoice';
import { MappingChoice } from './MappingChoice';
import { NotDicomList } from './NotDicomList';
import { ProfileChoice } from './ProfileChoice';
import { SaveChoice } from './SaveChoice';
import { ScanTree } from './ScanTree';
import { StartBar } from './StartBar';
import { TextInImagesChoice } from './TextInImagesChoice';

export interface ReviewHandlers {
  readonly onToggleSeries: (fileIndexes: readonly number[], include: boolean) => void;
  readonly onSelectAll: () => void;
  readonly onSelectNone: () => void;
  readonly onChange: (change: Partial<Settings>) => void;
  readonly onToggleOption: (option: ToggleOptionName) => void;
  readonly onGenerateKey: () => void;
  readonly onStart: () => void;
  readonly onStartAgain: () => void;
  /** De-identifies one file for the preview pane; nothing is saved. */
  readonly onPreview: PreviewLoader;
}

/**
 * What was found on the left, the choices on the right, the start button always in view.
 * Each series has a Preview button: it opens the preview pane (src/app/preview) over the
 * screen, with its tags before and after and its image.
 */
export function ReviewScreen({
  state,
  scan,
  included,
  problem,
  handlers,
}: {
  readonly state: AppState;
  readonly scan: ScanData;
  readonly included: ReadonlySet<number>;
  readonly problem: string | undefined;
  readonly handlers: ReviewHandlers;
}) {
  const { settings, support } = state;
  const [previewing, setPreviewing] = useState<SeriesNode | undefined>(undefined);
  return (
    <>
      {previewing ? (
        <PreviewPane
          key={previewing.key}
          group={{
            title: seriesTitle(previewing),
            fileIndexes: previewing.fileIndexes,
            pickerLabel: 'File of this series',
            savedNote: 'Nothing is saved until you start.',
            seriesKey: previewing.key,
          }}
          files={scan.files}
          settings={settings}
          onPreview={handlers.onPreview}
          onClose={() => setPreviewing(undefined)}
          onRegions={(regions) => handlers.onChange({ regions })}
        />
      ) : null}
      <div className="review">
        <div>
          {scan.tree.length > 0 ? (
            <ScanTree
              tree={scan.tree}
              included={included}
              onToggle={handlers.onToggleSeries}
              onSelectAll={handlers.onSelectAll}
              onSelectNone={handlers.onSelectNone}
              onPreview={setPreviewing}
              sampling={state.sampling}
              cleaning={settings.textInImages !== 'leave'}
            />
          ) : (
            <section className="card" aria-labelledby="tree-heading">
              <h2 id="tree-heading" tabIndex={-1}>
                No DICOM files were found
              </h2>
              <p>
                None of the files you chose is a DICOM image. Check that you chose the right folder.
              </p>
            </section>
          )}
          <NotDicomList files={scan.files} results={scan.results} />
        </div>
        {scan.tree.length > 0 ? (
          <section className="card" aria-labelledby="options-heading">
            <h2 id="options-heading" tabIndex={-1}>
              Choices
            </h2>
            <KeyChoice
              settings={settings}
              onChange={handlers.onChange}
              onGenerateKey={handlers.onGenerateKey}
            />
            <SaveChoice settings={settings} support={support} onChange={handlers.onChange} />
            <ProfileChoice
              settings={settings}
              onChange={handlers.onChange}
              onToggleOption={handlers.onToggleOption}
            />
            <TextInImagesChoice settings={settings} onChange={handlers.onChange} />
            <FormatChoice settings={settings} onChange={handlers.onChange} />
            <MappingChoice settings={settings} onChange={handlers.onChange} />
          </section>
        ) : null}
      </div>
      <StartBar
        scan={scan}
        included={included}
        problem={problem}
        onStart={handlers.onStart}
        onStartAgain={handlers.onStartAgain}
      />
    </>
  );
}
