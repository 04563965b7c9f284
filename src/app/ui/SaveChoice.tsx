import type { SaveKind, SaveSupport, Settings } from '../state';
import { DOWNLOAD_PART_BYTES } from '../runOptions';
import { Choice } from './Choice';
import { formatBytes } from './format';

const NOT_HERE = 'Not available in this browser (it needs Chrome or Edge).';

export function SaveChoice({
  settings,
  support,
  onChange,
}: {
  readonly settings: Settings;
  readonly support: SaveSupport;
  readonly onChange: (change: Partial<Settings>) => void;
}) {
  const pick = (save: SaveKind) => () => onChange({ save });
  return (
    <fieldset>
      <legend>Where to save</legend>
      <Choice
        type="radio"
        name="save"
        label="Save as one .zip file"
        hint={
          support.filePicker
            ? 'You choose the file; it is written straight to disk, however large.'
            : NOT_HERE
        }
        checked={settings.save === 'file-picker'}
        disabled={!support.filePicker}
        onChange={pick('file-picker')}
      />
      <Choice
        type="radio"
        name="save"
        label="Save into a folder"
        hint={
          support.directoryPicker
            ? 'The files are written into a folder you choose. Choose an empty one.'
            : NOT_HERE
        }
        checked={settings.save === 'directory-picker'}
        disabled={!support.directoryPicker}
        onChange={pick('directory-picker')}
      />
      <Choice
        type="radio"
        name="save"
        label="Download in parts"
        hint={`Works in every browser. It downloads .zip files of at most ${formatBytes(DOWNLOAD_PART_BYTES)} each, because a browser can only download what it holds. Each part goes to your Downloads folder as soon as it is ready; some browsers ask once whether this page may download several files. Keep all the parts together.`}
        checked={settings.save === 'download-parts'}
        onChange={pick('download-parts')}
      />
    </fieldset>
  );
}
