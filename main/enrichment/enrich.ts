/**
 * Offline enrichment of one indicator: IP (and CIDR network) → autonomous system, organisation and
 * country; ASN → organisation (and country when an analyst gave one); domain → registrable domain
 * and public suffix. Analyst ranges win over the shipped data for the addresses they cover, fact by
 * fact (an analyst line without a country leaves the shipped country in place). Every fact names
 * its source and that source's date.
 */
import type { Enrichment, IndicatorType } from '../../shared/indicator-types.js';
import { registrableDomain } from '../indicators/index.js';
import { networkKey, type IpFamily } from './keys.js';
import { packageSource, shippedAsnOrganisation, shippedIpFacts } from './shipped.js';

/** What an analyst CSV line says about a range or an ASN, with its provenance. */
export interface AnalystFact {
  readonly asn: number | null;
  readonly organisation: string;
  readonly country: string;
  /** "analyst CSV <file name>" */
  readonly source: string;
  readonly importedAt: number;
}

export interface AnalystFacts {
  /** The analyst range covering an address (the most specific one). */
  forAddress(family: IpFamily, key: bigint): AnalystFact | undefined;
  /** The latest analyst line naming this AS number. */
  forAsn(asn: number): AnalystFact | undefined;
}

export const NO_ANALYST_FACTS: AnalystFacts = {
  forAddress: () => undefined,
  forAsn: () => undefined,
};

export function analystSource(fileName: string): string {
  return `analyst CSV ${fileName}`;
}

/** Indicator types that enrichment knows something about. */
export const ENRICHED_TYPES: ReadonlySet<IndicatorType> = new Set(['ipv4', 'ipv6', 'cidr', 'asn', 'domain']);
/** The types whose facts depend on analyst CSVs (re-enriched when one is imported). */
export const RANGE_ENRICHED_TYPES: readonly IndicatorType[] = ['ipv4', 'ipv6', 'cidr', 'asn'];

function fromAnalyst(fact: AnalystFact, kind: string, value: string, label = ''): Enrichment {
  return { kind, value, ...(label ? { label } : {}), source: fact.source, sourceDate: fact.importedAt };
}

function enrichAddress(value: string, analyst: AnalystFacts): Enrichment[] {
  const address = networkKey(value);
  if (!address) return [];
  const mine = analyst.forAddress(address.family, address.key);
  const shipped = shippedIpFacts(address.family, address.key);
  const out: Enrichment[] = [];
  if (mine?.asn != null) {
    out.push(fromAnalyst(mine, 'asn', `AS${String(mine.asn)}`, mine.organisation));
  } else if (mine && mine.organisation !== '') {
    out.push(fromAnalyst(mine, 'organisation', mine.organisation));
  } else if (shipped.asn) {
    const { number, organisation, source, sourceDate } = shipped.asn;
    out.push({
      kind: 'asn',
      value: `AS${String(number)}`,
      ...(organisation ? { label: organisation } : {}),
      source,
      sourceDate,
    });
  }
  if (mine && mine.country !== '') out.push(fromAnalyst(mine, 'country', mine.country));
  else if (shipped.country) {
    const { code, source, sourceDate } = shipped.country;
    out.push({ kind: 'country', value: code, source, sourceDate });
  }
  return out;
}

function enrichAsn(value: string, analyst: AnalystFacts): Enrichment[] {
  const asn = Number(/^AS(\d+)$/.exec(value)?.[1]);
  if (!Number.isInteger(asn)) return [];
  const mine = analyst.forAsn(asn);
  const out: Enrichment[] = [];
  if (mine && mine.organisation !== '') out.push(fromAnalyst(mine, 'organisation', mine.organisation));
  else {
    const shipped = shippedAsnOrganisation(asn);
    if (shipped)
      out.push({
        kind: 'organisation',
        value: shipped.organisation,
        source: shipped.source,
        sourceDate: shipped.sourceDate,
      });
  }
  if (mine && mine.country !== '') out.push(fromAnalyst(mine, 'country', mine.country));
  return out;
}

function enrichDomain(value: string, now: number): Enrichment[] {
  const parts = registrableDomain(value);
  if (!parts) return [];
  // The registrable domain and suffix come from tldts's bundled copy of the public-suffix list, which
  // carries no date of its own: the fact is dated when it was derived.
  const source = `${packageSource('tldts')} (public suffix list)`;
  return [
    { kind: 'registrable_domain', value: parts.domain, source, sourceDate: now },
    { kind: 'suffix', value: parts.suffix, source, sourceDate: now },
  ];
}

/** Every offline fact about one indicator; [] for types enrichment knows nothing about. */
export function enrichIndicator(type: IndicatorType, value: string, analyst: AnalystFacts, now: number): Enrichment[] {
  switch (type) {
    case 'ipv4':
    case 'ipv6':
    case 'cidr':
      return enrichAddress(value, analyst);
    case 'asn':
      return enrichAsn(value, analyst);
    case 'domain':
      return enrichDomain(value, now);
    default:
      return [];
  }
}
