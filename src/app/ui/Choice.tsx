import { useId, type ReactNode } from 'react';

/** A radio button or checkbox with its label and a one-line explanation under it. */
export function Choice({
  type,
  name,
  label,
  hint,
  checked,
  disabled = false,
  onChange,
  children,
}: {
  readonly type: 'radio' | 'checkbox';
  readonly name?: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly checked: boolean;
  readonly disabled?: boolean;
  readonly onChange: () => void;
  readonly children?: ReactNode;
}) {
  const id = useId();
  return (
    <div className={`choice${disabled ? ' disabled' : ''}`}>
      <input
        id={id}
        type={type}
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={onChange}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {children ? <div className="hint">{children}</div> : null}
    </div>
  );
}
