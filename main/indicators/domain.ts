/**
 * Host-name validation: the one module that imports tldts (the public-suffix list) and node:url's
 * IDN → punycode conversion (CONVENTIONS.md §8).
 */
import { domainToASCII } from 'node:url';
import { parse as parseHost } from 'tldts';
import type { IndicatorFlag } from '../../shared/indicator-types.js';
import { BENIGN_DOMAINS } from './warning-lists.js';

/**
 * Special-use TLDs that are not on the public-suffix list but name real hosts in evidence:
 * RFC 2606 (example, test, invalid, localhost), RFC 6762 (local), ICANN's 'internal' (2024), and
 * common internal-network suffixes.
 */
const SPECIAL_USE_TLDS: ReadonlySet<string> = new Set([
  'example',
  'test',
  'invalid',
  'localhost',
  'local',
  'internal',
  'lan',
  'corp',
  'home',
]);

/**
 * File extensions that are ALSO real TLDs (.zip and .mov are delegated gTLDs; .sh, .py, .rs, .md,
 * .ps, .cc, .mk, .pm are country codes). A two-label name ending in one of these ("update.zip",
 * "main.py") reads as a file name in prose; only in URL or e-mail hosts is it taken as a domain.
 */
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'zip',
  'mov',
  'sh',
  'py',
  'rs',
  'md',
  'ps',
  'cc',
  'mk',
  'pm',
  'so',
]);

const LABEL_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|xn--[a-z0-9-]{1,59})$/;
const TLD_RE = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const ASCII_HOST_RE = /^[A-Za-z0-9.-]+$/;

export interface ParsedDomain {
  readonly value: string;
  readonly flags: readonly IndicatorFlag[];
  /** Number of labels, for the file-extension rule. */
  readonly labels: number;
  readonly tld: string;
}

/**
 * Validates a refanged host name against the public-suffix list (ICANN section) or the special-use
 * TLDs. Returns the lower-case, punycode form, or undefined when it is not a plausible domain.
 */
export function parseDomain(host: string): ParsedDomain | undefined {
  const cached = cache.get(host);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseDomainUncached(host);
  // Evidence repeats its hosts; a bounded cache saves the public-suffix lookup. Cleared, not LRU:
  // simpler, and a scan that sees more distinct hosts than this gains little from any policy.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(host, parsed ?? null);
  return parsed;
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, Readonly<ParsedDomain> | null>();

function parseDomainUncached(host: string): ParsedDomain | undefined {
  if (host.length > 253 || host.length < 3) return undefined;
  const flags: IndicatorFlag[] = [];
  let ascii: string;
  if (ASCII_HOST_RE.test(host)) {
    ascii = host.toLowerCase();
  } else {
    ascii = domainToASCII(host);
    if (ascii === '') return undefined;
    flags.push('idn');
  }
  const labels = ascii.split('.');
  if (labels.length < 2) return undefined;
  for (const label of labels) if (!LABEL_RE.test(label)) return undefined;
  const tld = labels[labels.length - 1] ?? '';
  if (!TLD_RE.test(tld)) return undefined;
  if (SPECIAL_USE_TLDS.has(tld)) {
    flags.push('special_use_tld');
  } else {
    const parsed = parseHost(ascii, {
      extractHostname: false,
      validateHostname: false,
      detectIp: false,
      allowPrivateDomains: false,
    });
    if (!parsed.isIcann || parsed.domain === null) return undefined;
    if (BENIGN_DOMAINS.has(parsed.domain) || BENIGN_DOMAINS.has(ascii)) flags.push('benign_domain');
  }
  return { value: ascii, flags, labels: labels.length, tld };
}

/** Host-name syntax only (for URL hosts such as "intranet" or unlisted TLDs): lower-case punycode or undefined. */
export function normaliseHostSyntax(host: string): string | undefined {
  const ascii = ASCII_HOST_RE.test(host) ? host.toLowerCase() : domainToASCII(host);
  if (ascii === '' || ascii.length > 253) return undefined;
  for (const label of ascii.split('.')) if (!LABEL_RE.test(label)) return undefined;
  return ascii;
}

/**
 * The registrable domain ("eTLD+1") and public suffix of a host, from the ICANN section of the
 * public-suffix list (private suffixes such as blogspot.com are not split off), for offline
 * enrichment. Unlisted TLDs (`.example`, `.test`) count as one-label suffixes.
 */
export function registrableDomain(host: string): { readonly domain: string; readonly suffix: string } | undefined {
  const parsed = parseHost(host, {
    extractHostname: false,
    validateHostname: false,
    detectIp: true,
    allowPrivateDomains: false,
  });
  if (parsed.isIp === true || parsed.domain === null || parsed.publicSuffix === null) return undefined;
  return { domain: parsed.domain, suffix: parsed.publicSuffix };
}
