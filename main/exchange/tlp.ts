/**
 * TLP 2.0 in the exchange formats. STIX: the official marking-definition objects of the OASIS TLP 2.0
 * extension (cti-stix-common-objects, extension-definition--60a3c5c5-…), referenced from every
 * object's object_marking_refs. MISP: the tlp taxonomy's tags and the distribution level each allows.
 */
import type { TlpMarking } from '../../shared/domain.js';

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

const TLP2_IDS: Readonly<Record<TlpMarking, string>> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The official TLP 2.0 marking definition, exactly as OASIS publishes it. */
export function tlpMarkingDefinition(tlp: TlpMarking): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: {
      [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() },
    },
  };
}

export function tlpMarkingId(tlp: TlpMarking): string {
  return TLP2_IDS[tlp];
}

/** The TLP a marking-definition id stands for (TLP 2.0, and TLP 1.0's WHITE/GREEN/AMBER/RED ids read as their 2.0 names). */
export function tlpOfMarking(id: string): TlpMarking | undefined {
  for (const [tlp, markingId] of Object.entries(TLP2_IDS)) if (markingId === id) return tlp as TlpMarking;
  return TLP1_IDS[id];
}

const TLP1_IDS: Readonly<Record<string, TlpMarking>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

/** The MISP taxonomy tag ("tlp:amber+strict"). */
export function mispTlpTag(tlp: TlpMarking): string {
  return `tlp:${tlp.toLowerCase()}`;
}

/**
 * MISP distribution for a marking: 0 your organisation only, 1 this community only, 3 all
 * communities. TLP:AMBER and RED do not leave the organisation by MISP's own sharing.
 */
export function mispDistribution(tlp: TlpMarking): '0' | '1' | '3' {
  if (tlp === 'CLEAR') return '3';
  if (tlp === 'GREEN') return '1';
  return '0';
}
