import { useId } from 'react';
import { TLP_MARKINGS, type TlpMarking } from '../../../../shared/domain.js';
import { TLP_AUDIENCE } from './model.js';

const TONE: Readonly<Record<TlpMarking, string>> = {
  CLEAR: 'tlp-clear',
  GREEN: 'tlp-green',
  AMBER: 'tlp-amber',
  'AMBER+STRICT': 'tlp-amber',
  RED: 'tlp-red',
};

/**
 * TLP 2.0 as a radio group of labels in FIRST's colours (coloured text on black); arrow keys move
 * between them, as in any radio group. The chosen marking's audience is spelled out below.
 */
export function TlpPicker({
  value,
  onChange,
}: {
  readonly value: TlpMarking;
  readonly onChange: (tlp: TlpMarking) => void;
}) {
  const name = useId();
  const hint = useId();
  return (
    <fieldset className="briefing-tlp" aria-describedby={hint}>
      <legend>TLP 2.0 marking</legend>
      <div className="briefing-tlp-options">
        {TLP_MARKINGS.map((marking) => (
          <label key={marking} className="briefing-tlp-option" title={TLP_AUDIENCE[marking]}>
            <input
              type="radio"
              name={name}
              value={marking}
              checked={value === marking}
              onChange={() => onChange(marking)}
            />
            <span className={`tlp-badge ${TONE[marking]}`}>TLP:{marking}</span>
          </label>
        ))}
      </div>
      <p id={hint} className="field-hint">
        {TLP_AUDIENCE[value]}
      </p>
    </fieldset>
  );
}
