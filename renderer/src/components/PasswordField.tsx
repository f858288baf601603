/**
 * One passphrase input for every dialog that asks for one (create, unlock, change): label, hint or
 * error under it, a reveal toggle, and a Caps Lock warning — a wrong passphrase locks an analyst out
 * of the evidence, so the field helps them type it right.
 */
import { Eye, EyeOff } from 'lucide-react';
import { useId, useState, type KeyboardEvent } from 'react';

export interface PasswordFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoComplete: 'current-password' | 'new-password';
  readonly onBlur?: () => void;
  /** Shown under the field in the error style; takes the place of the hint. */
  readonly error?: string | null;
  readonly hint?: string;
  readonly invalid?: boolean;
  readonly focusFirst?: boolean;
}

export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  onBlur,
  error = null,
  hint,
  invalid = false,
  focusFirst = false,
}: PasswordFieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  const [revealed, setRevealed] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const readCapsLock = (event: KeyboardEvent<HTMLInputElement>) => {
    setCapsLock(event.getModifierState('CapsLock'));
  };
  const note = error ?? (capsLock ? 'Caps Lock is on.' : hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="password-input">
        <input
          id={id}
          type={revealed ? 'text' : 'password'}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
          onKeyDown={readCapsLock}
          onKeyUp={readCapsLock}
          autoComplete={autoComplete}
          spellCheck={false}
          aria-invalid={invalid || error !== null}
          aria-describedby={note === undefined ? undefined : noteId}
          {...(focusFirst ? { 'data-autofocus': true } : {})}
        />
        <button
          type="button"
          className="password-reveal"
          onClick={() => setRevealed((shown) => !shown)}
          aria-pressed={revealed}
          title={revealed ? 'Hide the characters' : 'Show the characters'}
          aria-label={revealed ? 'Hide characters' : 'Show characters'}
        >
          {revealed ? <EyeOff size={15} aria-hidden="true" /> : <Eye size={15} aria-hidden="true" />}
        </button>
      </div>
      {note !== undefined && (
        <p id={noteId} className={error !== null ? 'field-error' : capsLock ? 'field-warning' : 'field-hint'}>
          {note}
        </p>
      )}
    </div>
  );
}
