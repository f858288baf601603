import type { TlpMarking } from '../../../shared/domain.js';

const CLASS: Record<TlpMarking, string> = {
  CLEAR: 'tlp-clear',
  GREEN: 'tlp-green',
  AMBER: 'tlp-amber',
  'AMBER+STRICT': 'tlp-amber',
  RED: 'tlp-red',
};

/** The case's TLP 2.0 marking, in FIRST's colours (coloured text on black). */
export function TlpBadge({ tlp }: { readonly tlp: TlpMarking }) {
  return (
    <span className={`tlp-badge ${CLASS[tlp]}`} title={`Traffic Light Protocol marking: TLP:${tlp}`}>
      TLP:{tlp}
    </span>
  );
}
