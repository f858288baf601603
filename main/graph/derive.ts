/**
 * Derived relationships: pure rules over rows read from the evidence tables (main/locker/graph.ts
 * reads them). Nothing here is stored: the rules run on every read, so what they say always matches
 * the evidence (an import, OCR, an enrichment CSV or a saved frame shows up at the next read).
 */
import { confidenceWord, type GraphEntity, type GraphRelationship, type RelationshipType } from '../../shared/graph.js';
import type { IndicatorType } from '../../shared/indicator-types.js';
import { STIX_TYPES } from './stix.js';

export interface IndicatorRowIn {
  readonly id: number;
  readonly type: IndicatorType;
  readonly value: string;
  readonly status: string;
}
export interface EnrichmentRowIn {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly label: string;
  readonly source: string;
  readonly sourceDate: number;
}
/** Occurrences of one indicator in one exhibit. */
export interface OccurrenceGroupIn {
  readonly indicatorId: number;
  readonly exhibitNumber: number;
  readonly count: number;
  /** Location kinds, distinct ('header', 'body', 'ocr', …). */
  readonly kinds: readonly string[];
}
export interface ExhibitRowIn {
  readonly number: number;
  readonly parentNumber: number | null;
  readonly derivation: string;
}

export interface DerivationInput {
  readonly indicators: readonly IndicatorRowIn[];
  readonly enrichments: readonly EnrichmentRowIn[];
  readonly occurrences: readonly OccurrenceGroupIn[];
  readonly exhibits: readonly ExhibitRowIn[];
}

/**
 * Confidence of each rule. Reading the evidence (an occurrence, a parent exhibit, the parts of a URL
 * or address, the public-suffix list) is certain; an enrichment database says who held an address
 * when the database was made, and allocations move, so it is "very likely", not certain.
 */
export const RULE_CONFIDENCE = {
  occurrence: 100,
  'derived-exhibit': 100,
  'url-host': 100,
  'email-domain': 100,
  'registrable-domain': 100,
  enrichment: 85,
} as const;
export type DerivationRule = keyof typeof RULE_CONFIDENCE;

/** Co-occurrence suggestions: exhibits with more indicators than this suggest nothing (a log file
 * with 5,000 addresses would suggest 12 million pairs), and at most this many are offered, strongest first. */
export const SUGGESTION_MAX_INDICATORS_PER_EXHIBIT = 25;
export const SUGGESTION_LIMIT = 200;
/** Exhibits cited by one suggestion. */
const SUGGESTION_CITED = 20;

export function exhibitLabelOf(number: number): string {
  return `E-${String(number).padStart(4, '0')}`;
}

export const indicatorRef = (id: number): string => `ind:${String(id)}`;
export const exhibitRef = (number: number): string => `exh:${String(number)}`;

export interface Derived {
  /** Entities known only from an enrichment fact or a parsed value (an AS, an organisation, a domain). */
  readonly factEntities: GraphEntity[];
  readonly relationships: GraphRelationship[];
}

function derivedRelationship(
  rule: DerivationRule,
  type: RelationshipType,
  source: string,
  target: string,
  extra: Partial<Pick<GraphRelationship, 'provenance' | 'citedExhibits'>> = {},
): GraphRelationship {
  const confidence = RULE_CONFIDENCE[rule];
  return {
    id: `d:${rule}:${source}>${target}`,
    type,
    source,
    target,
    confidence,
    confidenceWord: confidenceWord(confidence),
    origin: 'derived',
    provenance: { rule, ...extra.provenance },
    citedExhibits: extra.citedExhibits ?? [],
  };
}

/** The host of a URL value ('' when it has none), without IPv6 brackets. */
export function urlHost(url: string): string {
  try {
    const host = new URL(url).hostname;
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  } catch {
    return '';
  }
}

export function deriveRelationships(input: DerivationInput): Derived {
  const byValue = new Map<string, number>();
  for (const i of input.indicators) byValue.set(`${i.type}\u0000${i.value.toLowerCase()}`, i.id);
  const find = (type: IndicatorType, value: string) => byValue.get(`${type}\u0000${value.toLowerCase()}`);

  const facts = new Map<string, GraphEntity>();
  const fact = (type: 'domain' | 'autonomous-system' | 'organisation', value: string, description = ''): string => {
    const key = type === 'autonomous-system' ? 'asn' : type;
    const id = `fact:${key}:${value}`;
    if (!facts.has(id)) {
      facts.set(id, {
        id,
        type,
        stixType: STIX_TYPES[type],
        name: value,
        origin: 'enrichment',
        ...(description ? { description } : {}),
        aliases: [],
      });
    }
    return id;
  };
  const domainRef = (value: string) => {
    const id = find('domain', value);
    return id === undefined ? fact('domain', value.toLowerCase()) : indicatorRef(id);
  };
  const asnRef = (value: string, organisation: string) => {
    const id = find('asn', value);
    return id === undefined ? fact('autonomous-system', value, organisation) : indicatorRef(id);
  };

  const out = new Map<string, GraphRelationship>();
  const add = (r: GraphRelationship) => {
    if (r.source !== r.target && !out.has(r.id)) out.set(r.id, r);
  };

  // Indicator observed-in exhibit, from its occurrences.
  for (const o of input.occurrences) {
    add(
      derivedRelationship('occurrence', 'observed-in', indicatorRef(o.indicatorId), exhibitRef(o.exhibitNumber), {
        provenance: { occurrences: o.count, locations: [...o.kinds].sort() },
        citedExhibits: [exhibitLabelOf(o.exhibitNumber)],
      }),
    );
  }

  // Attachments, archive members and saved frames derived-from their parent exhibit.
  for (const e of input.exhibits) {
    if (e.parentNumber === null) continue;
    add(
      derivedRelationship('derived-exhibit', 'derived-from', exhibitRef(e.number), exhibitRef(e.parentNumber), {
        provenance: { derivation: e.derivation },
        citedExhibits: [exhibitLabelOf(e.parentNumber), exhibitLabelOf(e.number)],
      }),
    );
  }

  for (const i of input.indicators) {
    const ref = indicatorRef(i.id);
    if (i.type === 'url') {
      const host = urlHost(i.value);
      if (host === '') continue;
      const ip = find(host.includes(':') ? 'ipv6' : 'ipv4', host);
      const target =
        ip === undefined ? (/^[\d.]+$/.test(host) || host.includes(':') ? '' : domainRef(host)) : indicatorRef(ip);
      if (target !== '') add(derivedRelationship('url-host', 'hosted-on', ref, target));
    } else if (i.type === 'email') {
      const at = i.value.lastIndexOf('@');
      if (at > 0 && at < i.value.length - 1) {
        add(derivedRelationship('email-domain', 'belongs-to', ref, domainRef(i.value.slice(at + 1))));
      }
    }
  }

  const indicators = new Map(input.indicators.map((i) => [i.id, i]));
  for (const f of input.enrichments) {
    const indicator = indicators.get(f.indicatorId);
    if (!indicator) continue;
    const ref = indicatorRef(f.indicatorId);
    const provenance = { source: f.source, sourceDate: f.sourceDate };
    if (f.kind === 'registrable_domain' && indicator.type === 'domain') {
      if (f.value.toLowerCase() !== indicator.value.toLowerCase()) {
        add(derivedRelationship('registrable-domain', 'belongs-to', ref, domainRef(f.value), { provenance }));
      }
    } else if (f.kind === 'asn' && indicator.type !== 'asn') {
      const as = asnRef(f.value, f.label);
      add(derivedRelationship('enrichment', 'belongs-to', ref, as, { provenance }));
      if (f.label !== '')
        add(derivedRelationship('enrichment', 'belongs-to', as, fact('organisation', f.label), { provenance }));
    } else if (f.kind === 'organisation') {
      add(derivedRelationship('enrichment', 'belongs-to', ref, fact('organisation', f.value), { provenance }));
    }
  }
  return { factEntities: [...facts.values()], relationships: [...out.values()] };
}

/** Two indicator positions pack into one number: a * 2^26 + b stays below 2^53. */
const PACK = 2 ** 26;

/**
 * Suggested links: two open indicators seen in the same exhibit, not already related, not decided
 * by the analyst. Strongest (most shared exhibits) first, then by indicator ids; capped.
 *
 * This runs on every read of the graph, and a case of 20,000 indicators can hold several hundred
 * thousand co-occurring pairs: pairs are counted indicator by indicator in one reused typed array,
 * kept as packed numbers per strength (no object per pair), sorted as numbers, and only the pairs
 * that make the cut are named (the string ids the related and decided sets are keyed by).
 */
export function suggestCoOccurrence(
  input: Pick<DerivationInput, 'indicators' | 'occurrences'>,
  related: ReadonlySet<string>,
  decided: ReadonlySet<string>,
): GraphRelationship[] {
  const ids = input.indicators
    .filter((i) => i.status === 'open')
    .map((i) => i.id)
    .sort((x, y) => x - y);
  if (ids.length > PACK) return [];
  const position = new Map(ids.map((id, index) => [id, index]));
  const perExhibit = new Map<number, number[]>();
  for (const o of input.occurrences) {
    const at = position.get(o.indicatorId);
    if (at === undefined) continue;
    const list = perExhibit.get(o.exhibitNumber);
    if (list) list.push(at);
    else perExhibit.set(o.exhibitNumber, [at]);
  }
  // Who appears where, leaving out exhibits with too many indicators to mean anything.
  const members = new Map<number, number[]>();
  const exhibitsOf: number[][] = ids.map(() => []);
  for (const [exhibit, list] of perExhibit) {
    const unique = [...new Set(list)];
    if (unique.length > SUGGESTION_MAX_INDICATORS_PER_EXHIBIT) continue;
    members.set(exhibit, unique);
    for (const at of unique) exhibitsOf[at]?.push(exhibit);
  }
  // Count each a's pairs with every later b, then file them by strength.
  const counts = new Uint32Array(ids.length);
  const touched: number[] = [];
  const byStrength: number[][] = [];
  for (let a = 0; a < ids.length; a++) {
    for (const exhibit of exhibitsOf[a] ?? []) {
      for (const b of members.get(exhibit) ?? []) {
        if (b <= a) continue;
        if (counts[b] === 0) touched.push(b);
        counts[b] = (counts[b] ?? 0) + 1;
      }
    }
    for (const b of touched) {
      const strength = counts[b] ?? 0;
      (byStrength[strength] ??= []).push(a * PACK + b);
      counts[b] = 0;
    }
    touched.length = 0;
  }
  const out: GraphRelationship[] = [];
  for (let strength = byStrength.length - 1; strength > 0 && out.length < SUGGESTION_LIMIT; strength--) {
    const packed = byStrength[strength];
    if (!packed) continue;
    for (const key of Float64Array.from(packed).sort()) {
      if (out.length >= SUGGESTION_LIMIT) break;
      const a = Math.floor(key / PACK);
      const b = key - a * PACK;
      const source = indicatorRef(ids[a] ?? 0);
      const target = indicatorRef(ids[b] ?? 0);
      const id = suggestionId(source, target);
      if (decided.has(id) || related.has(pairKey(source, target))) continue;
      const withB = new Set(exhibitsOf[b]);
      const exhibits = (exhibitsOf[a] ?? []).filter((exhibit) => withB.has(exhibit)).sort((x, y) => x - y);
      // A first guess for the analyst to change: one shared exhibit is an even chance of a real link.
      const confidence = Math.min(80, 50 + 10 * (exhibits.length - 1));
      out.push({
        id,
        type: 'related-to',
        source,
        target,
        confidence,
        confidenceWord: confidenceWord(confidence),
        origin: 'suggested',
        provenance: { rule: 'co-occurrence', sharedExhibits: exhibits.length },
        citedExhibits: exhibits.slice(0, SUGGESTION_CITED).map(exhibitLabelOf),
      });
    }
  }
  return out;
}

/** The same key whichever way round two entities are given. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function suggestionId(a: string, b: string): string {
  return `s:${pairKey(a, b)}`;
}
