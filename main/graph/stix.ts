/**
 * Locard entity types ↔ STIX 2.1 object types, and which entity type each indicator type is.
 * STIX has no object for an exhibit, an event or a cryptocurrency wallet: those use `x-locard-*`
 * custom types, as STIX 2.1 §11 allows.
 */
import type { EntityType } from '../../shared/graph.js';
import type { IndicatorType } from '../../shared/indicator-types.js';

export const STIX_TYPES: Readonly<Record<EntityType, string>> = {
  'threat-actor': 'threat-actor',
  'intrusion-set': 'intrusion-set',
  campaign: 'campaign',
  // identity with identity_class "individual" / "organization".
  person: 'identity',
  organisation: 'identity',
  persona: 'user-account',
  infrastructure: 'infrastructure',
  'autonomous-system': 'autonomous-system',
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  domain: 'domain-name',
  url: 'url',
  email: 'email-addr',
  file: 'file',
  path: 'directory',
  malware: 'malware',
  tool: 'tool',
  vulnerability: 'vulnerability',
  'attack-pattern': 'attack-pattern',
  wallet: 'x-locard-cryptocurrency-wallet',
  location: 'location',
  exhibit: 'x-locard-exhibit',
  event: 'x-locard-event',
};

/** The entity an indicator is (every indicator is an entity). */
export const INDICATOR_ENTITY_TYPES: Readonly<Record<IndicatorType, EntityType>> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  // STIX ipv4-addr / ipv6-addr values may be CIDR blocks.
  cidr: 'ipv4',
  domain: 'domain',
  url: 'url',
  email: 'email',
  // A hash names a file (STIX file.hashes).
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
  sha512: 'file',
  cve: 'vulnerability',
  asn: 'autonomous-system',
  attack_technique: 'attack-pattern',
  filepath_windows: 'path',
  filepath_unix: 'path',
  filename: 'file',
  social_handle: 'persona',
  btc_address: 'wallet',
  eth_address: 'wallet',
};

/** A CIDR indicator is an IPv6 block when its address has a colon. */
export function indicatorEntityType(type: IndicatorType, value: string): EntityType {
  if (type === 'cidr' && value.includes(':')) return 'ipv6';
  return INDICATOR_ENTITY_TYPES[type];
}
