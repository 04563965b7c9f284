import type { Settings } from '../state';
import { Choice } from './Choice';

export const MAPPING_WARNING =
  'The mapping tables list every original patient ID and UID beside its pseudonym. Anyone who ' +
  'has them can re-identify the data. Keep them apart from the de-identified files, share them ' +
  'with no one who should not see patient identities, and delete them when they are no longer needed.';

export function MappingChoice({
  settings,
  onChange,
}: {
  readonly settings: Settings;
  readonly onChange: (change: Partial<Settings>) => void;
}) {
  return (
    <fieldset>
      <legend>Mapping tables</legend>
      <Choice
        type="checkbox"
        label="Also let me download the mapping tables (they re-identify the data)"
        checked={settings.wantMapping}
        onChange={() => onChange({ wantMapping: !settings.wantMapping })}
      >
        {settings.wantMapping ? (
          <div className="warning" role="note">
            <p>{MAPPING_WARNING}</p>
          </div>
        ) : null}
      </Choice>
    </fieldset>
  );
}
