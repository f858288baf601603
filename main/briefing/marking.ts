/**
 * Handling markings: TLP 2.0 as FIRST defines it (https://www.first.org/tlp/): the label
 * "TLP:AMBER" in the marking's colour on black, and what each marking allows. Shared by every output.
 */
import type { TlpMarking } from '../../shared/domain.js';

/** FIRST TLP 2.0 colours (RGB), written on a black background. */
export const TLP_COLOURS: Readonly<Record<TlpMarking, string>> = {
  RED: '#FF2B2B',
  'AMBER+STRICT': '#FFC000',
  AMBER: '#FFC000',
  GREEN: '#33FF00',
  CLEAR: '#FFFFFF',
};

/** FIRST's one-line definitions of who may receive what carries each marking. */
export const TLP_DEFINITIONS: Readonly<Record<TlpMarking, string>> = {
  RED: 'For the eyes and ears of individual recipients only, no further disclosure.',
  'AMBER+STRICT':
    'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization only.',
  AMBER:
    'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization and its clients.',
  GREEN: 'Limited disclosure, recipients can spread this within their community.',
  CLEAR: 'Recipients can spread this to the world, there is no limit on disclosure.',
};

export function tlpLabel(tlp: TlpMarking): string {
  return `TLP:${tlp}`;
}

/** The marking line as plain text: "SECRET//REL TO ... · TLP:AMBER" or just the TLP label. */
export function markingText(classification: string, tlp: TlpMarking): string {
  return classification ? `${classification} · ${tlpLabel(tlp)}` : tlpLabel(tlp);
}
