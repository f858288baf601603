/**
 * The one module that reads the shipped IP data (CONVENTIONS.md §8): @ip-location-db/asn (IP range →
 * autonomous system number and organisation) and @ip-location-db/asn-country (IP range → country),
 * both as their `-num.csv` files (start and end as integers, inclusive, sorted by start).
 *
 * Nothing is parsed up front: each file is read into one Buffer the first time an address of its
 * family is looked up (kept for the life of the process; ~41 MB for all four), with an index of line
 * starts; a lookup is a binary search over lines that parses only the start numbers it probes. So the
 * first lookup costs one file read, later ones a few microseconds, and no row becomes a JS object.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ShippedSource {
  /** Package name and version, e.g. "@ip-location-db/asn 2.3.2026061719". */
  readonly source: string;
  /** When the data was generated (from the package version's date stamp), epoch ms. */
  readonly sourceDate: number;
}

export interface ShippedIpFacts {
  readonly asn?: { readonly number: number; readonly organisation: string } & ShippedSource;
  readonly country?: { readonly code: string } & ShippedSource;
}

const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/asn-country';

interface RangeFile {
  readonly bytes: Buffer;
  /** Byte offset of each line's first character. */
  readonly lines: Uint32Array;
}

interface PackageData extends ShippedSource {
  readonly directory: string;
}

const require = createRequire(import.meta.url);
const packages = new Map<string, PackageData | null>();
const files = new Map<string, RangeFile | null>();
let asnLines: Map<number, { file: RangeFile; offset: number }> | undefined;

/** Why a file could not be used, reported once per process (enrichment is a convenience, not evidence). */
function warnOnce(key: string, message: string): void {
  if (files.has(`warned:${key}`)) return;
  files.set(`warned:${key}`, null);
  console.warn(`[locard] enrichment: ${message}`);
}

/** "2.3.2026061719" → 2026-06-17T19:00Z: the packages stamp their build time into the version. */
export function versionDate(version: string): number | undefined {
  const m = /(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return undefined;
  const [, y, mo, d, h] = m;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h));
  return Number.isNaN(at) ? undefined : at;
}

function packageData(name: string): PackageData | undefined {
  const known = packages.get(name);
  if (known !== undefined) return known ?? undefined;
  let data: PackageData | null = null;
  try {
    const manifestPath = require.resolve(`${name}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown };
    const version = typeof manifest.version === 'string' ? manifest.version : 'unknown';
    data = {
      directory: dirname(manifestPath),
      source: `${name} ${version}`,
      sourceDate: versionDate(version) ?? Math.round(statSync(manifestPath).mtimeMs),
    };
  } catch (error) {
    warnOnce(name, `${name} is not installed (${error instanceof Error ? error.message : String(error)}).`);
  }
  packages.set(name, data);
  return data ?? undefined;
}

function rangeFile(pkg: PackageData, name: string): RangeFile | undefined {
  const path = join(pkg.directory, name);
  const known = files.get(path);
  if (known !== undefined) return known ?? undefined;
  let file: RangeFile | null = null;
  try {
    const bytes = readFileSync(path);
    const starts: number[] = [];
    for (let at = 0; at < bytes.length;) {
      const newline = bytes.indexOf(10, at);
      const end = newline === -1 ? bytes.length : newline;
      if (end > at) starts.push(at);
      at = end + 1;
    }
    file = { bytes, lines: Uint32Array.from(starts) };
  } catch (error) {
    warnOnce(path, `cannot read ${path} (${error instanceof Error ? error.message : String(error)}).`);
  }
  files.set(path, file);
  return file ?? undefined;
}

/**
 * The unsigned integer at `at` (digits up to the next comma), as a number while it is exact (IPv4,
 * AS numbers) and a bigint beyond (IPv6); -1 when the field is not a number. Relational operators
 * compare number with bigint exactly, so callers need not care which.
 */
function readNumber(bytes: Buffer, at: number): { value: number | bigint; next: number } {
  let end = at;
  let value = 0;
  for (let c = bytes[end]; c !== undefined && c >= 48 && c <= 57; c = bytes[++end]) value = value * 10 + (c - 48);
  const next = end + 1;
  if (end === at || (bytes[end] !== 44 && end < bytes.length && bytes[end] !== 10 && bytes[end] !== 13)) {
    return { value: -1, next };
  }
  return { value: end - at <= 15 ? value : BigInt(bytes.toString('latin1', at, end)), next };
}

/** "name version" of an installed package (for facts derived with a library's bundled data), or the name. */
export function packageSource(name: string): string {
  return packageData(name)?.source ?? name;
}

/** The fields of one line after the two range numbers (RFC 4180 quoting: an organisation may hold commas). */
function lineFields(bytes: Buffer, start: number): string[] {
  const first = bytes.indexOf(44, start);
  const second = first === -1 ? -1 : bytes.indexOf(44, first + 1);
  if (second === -1) return [];
  const newline = bytes.indexOf(10, second);
  const rest = bytes.toString('utf8', second + 1, newline === -1 ? bytes.length : newline).replace(/\r$/, '');
  if (!rest.includes('"')) return rest.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charAt(i);
    if (quoted) {
      if (c === '"' && rest.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** The fields of the range holding `key`, or undefined (binary search: last start ≤ key, then its end). */
function lookup(file: RangeFile, address: bigint): string[] | undefined {
  // Mixed number/bigint comparisons are slow in V8: IPv4 keys are compared as numbers.
  const key = address <= 0xffffffffn ? Number(address) : address;
  let lo = 0;
  let hi = file.lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = readNumber(file.bytes, file.lines[mid] ?? 0).value;
    if (start <= key && start >= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const offset = file.lines[found] ?? 0;
  const first = readNumber(file.bytes, offset);
  const end = readNumber(file.bytes, first.next).value;
  if (end < key) return undefined;
  return lineFields(file.bytes, offset);
}

/**
 * Shipped facts about an address: `family` 4 or 6, `key` the address as an unsigned integer.
 * Empty when the packages are missing or the address is in no listed range (private, documentation,
 * unallocated space).
 */
export function shippedIpFacts(family: 4 | 6, key: bigint): ShippedIpFacts {
  const facts: { asn?: ShippedIpFacts['asn']; country?: ShippedIpFacts['country'] } = {};
  const asnPackage = packageData(ASN_PACKAGE);
  const asnFile = asnPackage && rangeFile(asnPackage, `asn-ipv${String(family)}-num.csv`);
  const asnFields = asnFile && lookup(asnFile, key);
  const asnNumber = Number(asnFields?.[0]);
  if (asnPackage && asnFields && Number.isInteger(asnNumber) && asnNumber > 0) {
    facts.asn = {
      number: asnNumber,
      organisation: asnFields[1] ?? '',
      source: asnPackage.source,
      sourceDate: asnPackage.sourceDate,
    };
  }
  const countryPackage = packageData(COUNTRY_PACKAGE);
  const countryFile = countryPackage && rangeFile(countryPackage, `asn-country-ipv${String(family)}-num.csv`);
  const code = countryFile && lookup(countryFile, key)?.[0];
  if (countryPackage && code && /^[A-Z]{2}$/.test(code) && code !== 'ZZ') {
    facts.country = { code, source: countryPackage.source, sourceDate: countryPackage.sourceDate };
  }
  return facts;
}

/**
 * The organisation the shipped data names for an autonomous system (the first range that lists it).
 * Built on first use by one pass over both ASN files, keeping only where each AS's first line starts
 * (~100,000 entries); the name is read from that line when asked for.
 */
export function shippedAsnOrganisation(asn: number): ({ readonly organisation: string } & ShippedSource) | undefined {
  const pkg = packageData(ASN_PACKAGE);
  if (!pkg) return undefined;
  if (!asnLines) {
    const firstLines = new Map<number, { file: RangeFile; offset: number }>();
    for (const family of ['4', '6']) {
      const file = rangeFile(pkg, `asn-ipv${family}-num.csv`);
      if (!file) continue;
      for (const offset of file.lines) {
        const first = file.bytes.indexOf(44, offset);
        const second = first === -1 ? -1 : file.bytes.indexOf(44, first + 1);
        if (second === -1) continue;
        const number = readNumber(file.bytes, second + 1).value;
        if (typeof number === 'number' && number > 0 && !firstLines.has(number))
          firstLines.set(number, { file, offset });
      }
    }
    asnLines = firstLines;
  }
  const line = asnLines.get(asn);
  const organisation = line && lineFields(line.file.bytes, line.offset)[1];
  return organisation ? { organisation, source: pkg.source, sourceDate: pkg.sourceDate } : undefined;
}
