/**
 * The case as a MISP event (the JSON MISP's "Add event from JSON" and its API take): one attribute per
 * open indicator (ip-dst, domain, url, email-src, md5…, filename, AS, vulnerability, btc), the threat
 * actors and campaigns of the graph as attribution attributes, and the case's TLP as the taxonomy tag
 * with the distribution it allows. `to_ids` is set only where an IDS rule makes sense: public
 * addresses, domains and URLs not flagged as reserved or benign, e-mail addresses and file hashes.
 * Pure: a function of the snapshot and the context.
 */
import type { IndicatorFlag, IndicatorSummary, IndicatorType } from '../../shared/indicator-types.js';
import type { ExchangeContext } from './context.js';
import { LOCARD_NAMESPACE, uuidV5 } from './ids.js';
import type { ExchangeSnapshot } from './snapshot.js';
import { mispDistribution, mispTlpTag } from './tlp.js';

export interface MispAttribute {
  readonly uuid: string;
  readonly type: string;
  readonly category: string;
  readonly value: string;
  readonly to_ids: boolean;
  readonly comment: string;
  readonly timestamp: string;
  readonly distribution: '5';
  readonly disable_correlation: boolean;
  readonly Tag?: readonly { readonly name: string }[];
}

export interface MispEvent {
  readonly Event: {
    readonly uuid: string;
    readonly info: string;
    readonly date: string;
    readonly timestamp: string;
    readonly published: boolean;
    readonly analysis: '0' | '1' | '2';
    readonly threat_level_id: '1' | '2' | '3' | '4';
    readonly distribution: '0' | '1' | '3';
    readonly Orgc: { readonly name: string; readonly uuid: string };
    readonly Tag: readonly { readonly name: string }[];
    readonly Attribute: readonly MispAttribute[];
  };
}

/** MISP attribute type and category per indicator type. */
export const MISP_TYPES: Readonly<Record<IndicatorType, { readonly type: string; readonly category: string }>> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  cidr: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  sha512: { type: 'sha512', category: 'Payload delivery' },
  cve: { type: 'vulnerability', category: 'External analysis' },
  asn: { type: 'AS', category: 'Network activity' },
  attack_technique: { type: 'text', category: 'External analysis' },
  filepath_windows: { type: 'filename', category: 'Artifacts dropped' },
  filepath_unix: { type: 'filename', category: 'Artifacts dropped' },
  filename: { type: 'filename', category: 'Payload delivery' },
  social_handle: { type: 'text', category: 'Social network' },
  btc_address: { type: 'btc', category: 'Financial fraud' },
  eth_address: { type: 'text', category: 'Financial fraud' },
};

/** Flags that make an address or name a poor detection rule (reserved ranges, public resolvers, benign sites). */
const NOT_FOR_IDS: ReadonlySet<IndicatorFlag> = new Set<IndicatorFlag>([
  'private',
  'loopback',
  'documentation',
  'multicast',
  'link_local',
  'reserved',
  'unspecified',
  'broadcast',
  'carrier_grade_nat',
  'unique_local',
  'special_use_tld',
  'known_resolver',
  'benign_domain',
]);

const IDS_TYPES: ReadonlySet<IndicatorType> = new Set<IndicatorType>([
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
]);

export function mispToIds(indicator: IndicatorSummary): boolean {
  return IDS_TYPES.has(indicator.type) && !indicator.flags.some((f) => NOT_FOR_IDS.has(f));
}

function seconds(ms: number): string {
  return String(Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
}

export function buildMispEvent(snapshot: ExchangeSnapshot, context: ExchangeContext): MispEvent {
  const uuid = (key: string) => uuidV5(`${context.caseId}\u0000misp\u0000${key}`, LOCARD_NAMESPACE);
  const attributes: MispAttribute[] = [];
  const seen = new Set<string>();
  const push = (attribute: Omit<MispAttribute, 'uuid' | 'distribution' | 'disable_correlation'>) => {
    const key = `${attribute.type}\u0000${attribute.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    attributes.push({ uuid: uuid(key), distribution: '5', disable_correlation: false, ...attribute });
  };
  for (const indicator of snapshot.indicators) {
    // Benign and false positives stay out of every export.
    if (indicator.status !== 'open') continue;
    const { type, category } = MISP_TYPES[indicator.type];
    const platform = indicator.platform ? ` on ${indicator.platform}` : '';
    const what =
      indicator.type === 'attack_technique'
        ? 'MITRE ATT&CK technique. '
        : indicator.type === 'social_handle'
          ? `Social media account${platform}. `
          : indicator.type === 'eth_address'
            ? 'Ethereum address. '
            : '';
    const flags = indicator.flags.length > 0 ? ` Flags: ${indicator.flags.join(', ')}.` : '';
    push({
      type,
      category,
      value: indicator.value,
      to_ids: mispToIds(indicator),
      comment: `${what}Found ${String(indicator.occurrenceCount)} time(s) in ${String(indicator.exhibitCount)} exhibit(s).${flags}`,
      timestamp: seconds(indicator.lastSeen || context.now),
      ...(indicator.tags.length > 0 ? { Tag: indicator.tags.map((name) => ({ name })) } : {}),
    });
  }
  for (const entity of snapshot.graph.entities) {
    const type =
      entity.type === 'threat-actor' || entity.type === 'intrusion-set'
        ? 'threat-actor'
        : entity.type === 'campaign'
          ? 'campaign-name'
          : null;
    if (type === null) continue;
    push({
      type,
      category: 'Attribution',
      value: entity.name,
      to_ids: false,
      comment: entity.description ?? (entity.type === 'intrusion-set' ? 'Intrusion set.' : ''),
      timestamp: seconds(entity.createdAt ?? context.now),
    });
  }
  return {
    Event: {
      uuid: uuid('event'),
      info: context.caseTitle,
      date: new Date(context.now).toISOString().slice(0, 10),
      timestamp: seconds(context.now),
      published: false,
      analysis: '1',
      threat_level_id: '4',
      distribution: mispDistribution(context.tlp),
      Orgc: { name: context.analyst, uuid: uuidV5(`analyst\u0000${context.analyst}`, LOCARD_NAMESPACE) },
      Tag: [{ name: mispTlpTag(context.tlp) }],
      Attribute: attributes,
    },
  };
}
