import type { Settings } from '../state';
import { Choice } from './Choice';

export function FormatChoice({
  settings,
  onChange,
}: {
  readonly settings: Settings;
  readonly onChange: (change: Partial<Settings>) => void;
}) {
  return (
    <fieldset>
      <legend>Output format</legend>
      <Choice
        type="radio"
        name="format"
        label="DICOM"
        hint="The same kind of files, de-identified."
        checked={settings.format === 'dicom'}
        onChange={() => onChange({ format: 'dicom' })}
      />
      <Choice
        type="radio"
        name="format"
        label="NIfTI"
        hint="One .nii.gz volume (and a filtered .json sidecar) per image series, made by dcm2niix; series that are not images stay de-identified DICOM."
        checked={settings.format === 'nifti'}
        onChange={() => onChange({ format: 'nifti' })}
      />
    </fieldset>
  );
}
