/**
 * The one module that imports ipaddr.js (CONVENTIONS.md §8): validation, RFC 5952 canonical form and
 * range classification of IP addresses, as our own flags.
 */
import ipaddr from 'ipaddr.js';
import type { IndicatorFlag } from '../../shared/indicator-types.js';
import { KNOWN_RESOLVERS } from './warning-lists.js';

/** RFC 5737 (IPv4) and RFC 3849 (IPv6) documentation blocks; ipaddr.js files them under 'reserved'. */
const DOCUMENTATION_V4: readonly (readonly [string, number])[] = [
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
];
const DOCUMENTATION_V4_PARSED = DOCUMENTATION_V4.map(([a, bits]) => [ipaddr.IPv4.parse(a), bits] as const);
const DOCUMENTATION_V6 = [ipaddr.IPv6.parse('2001:db8::'), 32] as const;

const RANGE_FLAGS: Readonly<Record<string, IndicatorFlag>> = {
  unicast: 'public',
  private: 'private',
  loopback: 'loopback',
  multicast: 'multicast',
  linkLocal: 'link_local',
  reserved: 'reserved',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  carrierGradeNat: 'carrier_grade_nat',
  uniqueLocal: 'unique_local',
};

function rangeFlags(addr: ipaddr.IPv4 | ipaddr.IPv6, canonical: string): IndicatorFlag[] {
  const flags: IndicatorFlag[] = [];
  const documentation =
    addr.kind() === 'ipv4'
      ? DOCUMENTATION_V4_PARSED.some(([net, bits]) => (addr as ipaddr.IPv4).match(net, bits))
      : (addr as ipaddr.IPv6).match(DOCUMENTATION_V6[0], DOCUMENTATION_V6[1]);
  if (documentation) flags.push('documentation');
  else flags.push(RANGE_FLAGS[addr.range()] ?? 'reserved');
  if (KNOWN_RESOLVERS.has(canonical)) flags.push('known_resolver');
  return flags;
}

export interface ParsedIp {
  readonly value: string;
  /** Shared between calls (cached): copy before adding to it. */
  readonly flags: readonly IndicatorFlag[];
}

/**
 * Evidence repeats its addresses (a log names the same few thousand on every line); parsing and
 * classifying with ipaddr.js was a fifth of the scan time on logs. Bounded, and cleared rather than
 * LRU, like the domain cache.
 */
const CACHE_LIMIT = 20_000;
const v4Cache = new Map<string, ParsedIp | null>();
const v6Cache = new Map<string, ParsedIp | null>();

function cached(cache: Map<string, ParsedIp | null>, candidate: string, parse: (c: string) => ParsedIp | undefined) {
  const known = cache.get(candidate);
  if (known !== undefined) return known ?? undefined;
  const parsed = parse(candidate);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(candidate, parsed ?? null);
  return parsed;
}

/** A dotted-quad IPv4 (no leading zeros, no shorthand forms), or undefined. */
export function parseIpv4(candidate: string): ParsedIp | undefined {
  return cached(v4Cache, candidate, parseIpv4Uncached);
}

/** An IPv6 address in any textual form, canonicalised per RFC 5952, or undefined. */
export function parseIpv6(candidate: string): ParsedIp | undefined {
  return cached(v6Cache, candidate, parseIpv6Uncached);
}

function parseIpv4Uncached(candidate: string): ParsedIp | undefined {
  const parts = candidate.split('.');
  if (parts.length !== 4) return undefined;
  for (const p of parts) {
    // Leading zeros are octal to some parsers and decimal to others: not a plain address.
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p.startsWith('0')) || Number(p) > 255) return undefined;
  }
  const addr = ipaddr.IPv4.parse(candidate);
  const value = addr.toString();
  return { value, flags: rangeFlags(addr, value) };
}

function parseIpv6Uncached(candidate: string): ParsedIp | undefined {
  if (!ipaddr.IPv6.isValid(candidate)) return undefined;
  const addr = ipaddr.IPv6.parse(candidate);
  const value = addr.toRFC5952String();
  return { value, flags: rangeFlags(addr, value) };
}

/**
 * The address as big-endian bytes (4 for IPv4, 16 for IPv6) for range lookups (main/enrichment), or
 * undefined when `text` is not a plain address. IPv4 must be a strict dotted quad, as in `parseIpv4`.
 */
export function ipAddressBytes(
  text: string,
): { readonly family: 4 | 6; readonly bytes: readonly number[] } | undefined {
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    return { family: 6, bytes: ipaddr.IPv6.parse(text).toByteArray() };
  }
  if (parseIpv4(text) === undefined) return undefined;
  return { family: 4, bytes: ipaddr.IPv4.parse(text).toByteArray() };
}
