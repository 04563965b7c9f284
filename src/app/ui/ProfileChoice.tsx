import { PROFILE_OPTIONS } from '../../core/deid/options';
import type { DateHandling, Settings, ToggleOptionName } from '../state';
import { Choice } from './Choice';
import { DATE_TEXTS, OPTION_TEXTS } from './optionTexts';

const TOGGLE_OPTIONS = PROFILE_OPTIONS.map((option) => option.name).filter(
  (name): name is ToggleOptionName => name in OPTION_TEXTS,
);
const DATE_CHOICES: readonly DateHandling[] = ['remove', 'keep', 'shift'];

export function ProfileChoice({
  settings,
  onChange,
  onToggleOption,
}: {
  readonly settings: Settings;
  readonly onChange: (change: Partial<Settings>) => void;
  readonly onToggleOption: (option: ToggleOptionName) => void;
}) {
  const basic = settings.profile === 'basic';
  return (
    <fieldset>
      <legend>What to remove</legend>
      <Choice
        type="radio"
        name="profile"
        label={<strong>Basic — recommended</strong>}
        hint="The DICOM standard’s way: removes or replaces everything that identifies the patient."
        checked={basic}
        onChange={() => onChange({ profile: 'basic' })}
      />
      {basic ? (
        <div className="sub-options">
          <fieldset>
            <legend className="small">Dates</legend>
            {DATE_CHOICES.map((dates) => (
              <Choice
                key={dates}
                type="radio"
                name="dates"
                label={DATE_TEXTS[dates].label}
                hint={DATE_TEXTS[dates].hint}
                checked={settings.dates === dates}
                onChange={() => onChange({ dates })}
              />
            ))}
          </fieldset>
          <details open={settings.options.length > 0}>
            <summary>Keep more (only if your project needs it)</summary>
            <fieldset>
              <legend className="visually-hidden">Keep more</legend>
              {TOGGLE_OPTIONS.map((option) => (
                <Choice
                  key={option}
                  type="checkbox"
                  label={OPTION_TEXTS[option].label}
                  hint={OPTION_TEXTS[option].hint}
                  checked={settings.options.includes(option)}
                  onChange={() => onToggleOption(option)}
                />
              ))}
            </fieldset>
          </details>
        </div>
      ) : null}
      <Choice
        type="radio"
        name="profile"
        label="Legacy"
        hint="The table of the original dicomanon script, for projects that started with it. It keeps UIDs, dates and private data."
        checked={!basic}
        onChange={() => onChange({ profile: 'legacy' })}
      />
    </fieldset>
  );
}
