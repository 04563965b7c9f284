import type { ReactNode } from 'react';
import { DropZone } from './DropZone';

export function EmptyScreen({
  dragActive,
  onFolderChosen,
  onFilesChosen,
  extraActions,
}: {
  readonly dragActive: boolean;
  readonly onFolderChosen: (files: FileList) => void;
  readonly onFilesChosen: (files: FileList) => void;
  /** "Try with sample data" (SampleAction), below the drop zone. */
  readonly extraActions?: ReactNode;
}) {
  return (
    <section aria-labelledby="empty-heading">
      <h2 id="empty-heading" tabIndex={-1} className="visually-hidden">
        Choose the files to de-identify
      </h2>
      <DropZone
        dragActive={dragActive}
        onFolderChosen={onFolderChosen}
        onFilesChosen={onFilesChosen}
      />
      {extraActions ? <div className="button-row">{extraActions}</div> : null}
      <aside className="privacy" aria-label="Privacy">
        <p>
          <strong>Nothing leaves this computer.</strong> Your files are read and de-identified here,
          inside this page. Nothing is uploaded, and the page is not allowed to connect to the
          internet. You choose where the de-identified copies are saved; your original files are
          never changed.
        </p>
        <p>
          Some browsers, Firefox among them, ask you to confirm an “upload” when you choose a
          folder: confirming only lets this page read the files. Nothing is sent anywhere.
        </p>
      </aside>
    </section>
  );
}
