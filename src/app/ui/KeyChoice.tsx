import { useId, useRef, useState } from 'react';
import type { Settings } from '../state';
import { Choice } from './Choice';

const SHORT_PASSPHRASE = 10;

/**
 * The key behind the pseudonyms: a passphrase the user can type again later, or a random key
 * shown once so the user can save it. The random key is used exactly like a passphrase, so
 * typing it in as one later (here or in the command line's --key-file) gives the same result.
 */
export function KeyChoice({
  settings,
  onChange,
  onGenerateKey,
}: {
  readonly settings: Settings;
  readonly onChange: (change: Partial<Settings>) => void;
  readonly onGenerateKey: () => void;
}) {
  const random = settings.keyMode === 'random';
  return (
    <fieldset>
      <legend>Key for the pseudonyms</legend>
      <p className="muted small">
        Names, IDs and UIDs are replaced with pseudonyms made from this key.
      </p>
      <Choice
        type="radio"
        name="key-mode"
        label="Use a passphrase"
        checked={!random}
        onChange={() => onChange({ keyMode: 'passphrase' })}
      />
      {!random ? (
        <PassphraseField
          value={settings.passphrase}
          onChange={(passphrase) => onChange({ passphrase })}
        />
      ) : null}
      <Choice
        type="radio"
        name="key-mode"
        label="Generate a random key"
        checked={random}
        onChange={() =>
          settings.randomKeyHex === undefined ? onGenerateKey() : onChange({ keyMode: 'random' })
        }
      />
      {random && settings.randomKeyHex !== undefined ? (
        <RandomKey hex={settings.randomKeyHex} onGenerateKey={onGenerateKey} />
      ) : null}
    </fieldset>
  );
}

function PassphraseField({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <div className="sub-options">
      <label htmlFor={id}>Passphrase</label>
      <div className="field">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-note`}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
        <button
          type="button"
          className="button"
          aria-pressed={shown}
          aria-controls={id}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      <p id={`${id}-note`} className="muted small">
        Use the same passphrase to get the same pseudonyms again.
        {value.length > 0 && value.length < SHORT_PASSPHRASE
          ? ' Short passphrases are easy to guess: use a few words.'
          : ''}
      </p>
    </div>
  );
}

function RandomKey({
  hex,
  onGenerateKey,
}: {
  readonly hex: string;
  readonly onGenerateKey: () => void;
}) {
  const [copyStatus, setCopyStatus] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hex);
      setCopyStatus('Copied.');
    } catch {
      input.current?.select();
      setCopyStatus('Could not copy. The key is selected: press Ctrl+C to copy it.');
    }
  };
  return (
    <div className="sub-options">
      <label htmlFor={id}>Your random key</label>
      <textarea
        ref={input}
        id={id}
        className="key-hex"
        rows={2}
        readOnly
        value={hex}
        aria-describedby={`${id}-note`}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <p className="small" role="status">
          {copyStatus}
        </p>
      </div>
      <p id={`${id}-note`} className="muted small">
        Save this key somewhere safe if you may need the same pseudonyms again: type it in as the
        passphrase next time. It is not stored anywhere.{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setCopyStatus('');
            onGenerateKey();
          }}
        >
          Make a new key
        </button>
      </p>
    </div>
  );
}
