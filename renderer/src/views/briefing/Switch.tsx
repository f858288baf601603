import { useId, type ReactNode } from 'react';

interface SwitchProps {
  readonly label: string;
  /** What the option adds, read after the label (its description, not part of its name). */
  readonly detail: string;
  readonly icon?: ReactNode;
  readonly checked: boolean;
  readonly disabled?: boolean;
  readonly onChange: (checked: boolean) => void;
}

/** A checkbox that turns a part of the briefing on or off: named by its label, described by its detail. */
export function Switch({ label, detail, icon, checked, disabled, onChange }: SwitchProps) {
  const id = useId();
  return (
    <div className="briefing-switch">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-detail`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id} className="briefing-switch-label">
        {icon}
        {label}
      </label>
      <span id={`${id}-detail`} className="muted small">
        {detail}
      </span>
    </div>
  );
}
