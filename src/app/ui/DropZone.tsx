import { useRef, type KeyboardEvent } from 'react';

/**
 * The big target on the empty screen, with the two choosers. Dropping works anywhere on the page
 * (usePageDrop); this area only shows it. Clicking it, or Enter or Space on it, opens the folder
 * chooser.
 */
export function DropZone({
  dragActive,
  onFolderChosen,
  onFilesChosen,
}: {
  readonly dragActive: boolean;
  readonly onFolderChosen: (files: FileList) => void;
  readonly onFilesChosen: (files: FileList) => void;
}) {
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  const chooseFolder = () => folderInput.current?.click();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      chooseFolder();
    }
  };
  const take = (input: HTMLInputElement, handle: (files: FileList) => void) => {
    const { files } = input;
    if (files && files.length > 0) handle(files);
    input.value = '';
  };

  return (
    <div className={`drop-zone${dragActive ? ' active' : ''}`}>
      {/* The target is a sibling of the buttons, not their parent: no control inside a control. */}
      <div
        className="drop-target"
        role="button"
        tabIndex={0}
        aria-label="Drop a folder of DICOM files here, or press Enter to choose a folder"
        onClick={chooseFolder}
        onKeyDown={onKeyDown}
      >
        <FolderIcon />
        <p className="drop-title">
          {dragActive ? 'Let go to add these files' : 'Drop a folder of DICOM files here'}
        </p>
        <p className="muted small">
          Sub-folders are included. You can drop several folders and files at once.
        </p>
      </div>
      <p className="muted" aria-hidden="true">
        or
      </p>
      <div className="button-row">
        <button type="button" className="button primary big" onClick={chooseFolder}>
          Choose folder
        </button>
        <button type="button" className="button big" onClick={() => filesInput.current?.click()}>
          Choose files
        </button>
      </div>
      <input
        ref={(input) => {
          // React has no prop for webkitdirectory; set it on the element itself.
          if (input) input.webkitdirectory = true;
          folderInput.current = input;
        }}
        type="file"
        multiple
        hidden
        aria-label="Choose folder"
        onChange={(event) => take(event.currentTarget, onFolderChosen)}
      />
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        aria-label="Choose files"
        onChange={(event) => take(event.currentTarget, onFilesChosen)}
      />
    </div>
  );
}

function FolderIcon() {
  return (
    <svg
      className="drop-icon"
      width="56"
      height="56"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.6l2 2h8.4A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="M12 10v6m-3-3 3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
