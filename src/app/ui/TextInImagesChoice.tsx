import type { Settings, TextInImages } from '../state';
import { RegionsFileControls } from '../preview/RegionsFileControls';
import { keySource } from '../runOptions';
import { Choice } from './Choice';
import { TEXT_IN_IMAGES_TEXTS } from './optionTexts';

const ORDER: readonly TextInImages[] = ['remove-all', 'keep-labels', 'leave'];

/** Clean Pixel Data: what happens to names and dates written into the pictures themselves. */
export function TextInImagesChoice({
  settings,
  onChange,
}: {
  readonly settings: Settings;
  readonly onChange: (change: Partial<Settings>) => void;
}) {
  return (
    <fieldset>
      <legend>Text in images</legend>
      {ORDER.map((value) => (
        <Choice
          key={value}
          type="radio"
          name="text-in-images"
          label={TEXT_IN_IMAGES_TEXTS[value].label}
          hint={TEXT_IN_IMAGES_TEXTS[value].hint}
          checked={settings.textInImages === value}
          onChange={() => onChange({ textInImages: value })}
        />
      ))}
      {settings.textInImages !== 'leave' ? (
        <>
          <p className="hint">
            Boxes to black out are drawn in a series&apos; preview, on the Image tab. You can keep
            them in a file for a later run, or for the command-line tool.
          </p>
          <RegionsFileControls
            regions={settings.regions}
            keySource={keySource(settings)}
            onRegions={(regions) => onChange({ regions })}
          />
        </>
      ) : null}
    </fieldset>
  );
}
