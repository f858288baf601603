/**
 * The analyst's enrichment CSV: one IP range per line with the autonomous system, organisation and
 * country the analyst attributes to it (from a provider's looking glass, a RIR query, a report):
 *
 *   prefix,asn,organisation,country
 *   203.0.113.0/24,AS64500,Worldstream,NL
 *   198.51.100.0-198.51.100.127,64501,"Example Hosting, Inc.",US
 *
 * The header names the columns (any order; `organization` and `org` are accepted too, other columns
 * are ignored; `prefix` and at least one of the others are required). The headerless files of the
 * @ip-location-db packages (asn and asn-country) are read too, so newer data can replace the shipped. A prefix is CIDR, a single address, or `start-end`. A file with
 * any bad line is refused as a whole, with every bad line named, so what is stored is exactly what
 * the analyst reviewed.
 */
import { familyBits, ipKey, type IpFamily } from './keys.js';

/** 64 MiB: a full routing-table dump as CSV is ~60 MB; anything larger is not an analyst's list. */
export const MAX_ENRICHMENT_CSV_BYTES = 64 * 1024 * 1024;
/** Ranges per file: a full IPv4 + IPv6 routing table has ~1.2 million prefixes; an analyst's list has hundreds. */
export const MAX_ENRICHMENT_RANGES = 1_000_000;
/** Organisation names: the longest in the RIR registries are ~150 characters. */
const MAX_ORGANISATION_LENGTH = 256;
/** Bad lines named in the refusal; beyond this the analyst gets the count. */
const MAX_REPORTED_ERRORS = 20;

export interface AnalystRange {
  /** 1-based line in the file. */
  readonly line: number;
  /** As written. */
  readonly prefix: string;
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
  readonly asn: number | null;
  readonly organisation: string;
  /** ISO 3166-1 alpha-2, upper-case, or ''. */
  readonly country: string;
}

export interface LineError {
  readonly line: number;
  readonly message: string;
}

export type CsvParse =
  | { readonly ok: true; readonly ranges: readonly AnalystRange[] }
  | { readonly ok: false; readonly errors: readonly LineError[] };

type Column = 'prefix' | 'asn' | 'organisation' | 'country';
const COLUMN_NAMES: Readonly<Record<string, Column>> = {
  prefix: 'prefix',
  network: 'prefix',
  range: 'prefix',
  asn: 'asn',
  as: 'asn',
  organisation: 'organisation',
  organization: 'organisation',
  org: 'organisation',
  country: 'country',
};

/** One line's fields (RFC 4180 quoting within a line), or the reason it cannot be read. */
function splitLine(line: string): string[] | string {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"' && line.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (wasQuoted && c.trim() !== '') {
      return 'text after a closing quote';
    } else field += c;
  }
  if (quoted) return 'a quoted field is not closed on this line (fields cannot span lines)';
  fields.push(field);
  return fields.map((f) => f.trim());
}

function parsePrefix(text: string): Pick<AnalystRange, 'family' | 'start' | 'end'> | string {
  const dash = /^(\S+?)\s*-\s*(\S+)$/.exec(text);
  if (dash && !text.includes('/')) {
    const from = ipKey(dash[1] ?? '');
    const to = ipKey(dash[2] ?? '');
    if (!from || !to) return `"${text}" is not a range of two IP addresses (start-end)`;
    if (from.family !== to.family) return `"${text}" mixes IPv4 and IPv6`;
    if (to.key < from.key) return `"${text}" ends before it starts`;
    return { family: from.family, start: from.key, end: to.key };
  }
  const [address = '', bitsText, ...rest] = text.split('/');
  const parsed = ipKey(address);
  if (!parsed || rest.length > 0) return `"${text}" is not a CIDR prefix, an IP address or a start-end range`;
  const width = familyBits(parsed.family);
  let bits = width;
  if (bitsText !== undefined) {
    if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > width)
      return `"${text}": the prefix length must be 0 to ${String(width)}`;
    bits = Number(bitsText);
  }
  // Host bits set (203.0.113.77/24) are cleared: the analyst means the network the address is in.
  const hostMask = (1n << BigInt(width - bits)) - 1n;
  const start = parsed.key & ~hostMask;
  return { family: parsed.family, start, end: start | hostMask };
}

function parseAsn(text: string): number | null | string {
  if (text === '') return null;
  const m = /^(?:AS|ASN)?\s*(\d{1,10})$/i.exec(text);
  const n = Number(m?.[1]);
  if (!m || n > 4_294_967_295) return `"${text}" is not an AS number (AS64500 or 64500)`;
  return n;
}

/**
 * The headerless layouts of the @ip-location-db packages Locard ships (`start,end,asn,organisation`
 * in asn-ipv4.csv / asn-ipv6.csv, `start,end,country` in asn-country-*.csv), so a newer release of
 * that data can be imported over the shipped one. Recognised by the first line's shape only.
 */
function ipLocationDbLayout(fields: readonly string[]): Column[] | undefined {
  const [start = '', end = '', third = ''] = fields;
  if (typeof parsePrefix(start) === 'string' || typeof parsePrefix(end) === 'string') return undefined;
  if (fields.length === 4 && /^\d{1,10}$/.test(third)) return ['prefix', 'asn', 'organisation'];
  if (fields.length === 3 && /^[A-Za-z]{2}$/.test(third)) return ['prefix', 'country'];
  return undefined;
}

export function parseEnrichmentCsv(text: string): CsvParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const errors: LineError[] = [];
  const ranges: AnalystRange[] = [];
  let columns: (Column | undefined)[] | undefined;
  let headerless = false;
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const split = splitLine(raw);
    if (typeof split === 'string') {
      errors.push({ line, message: split });
      continue;
    }
    let fields = split;
    if (!columns) {
      const layout = ipLocationDbLayout(fields);
      if (layout) {
        // A newer @ip-location-db file replaces the shipped data for the ranges it covers.
        columns = layout;
        headerless = true;
      }
    }
    if (headerless) {
      const [start = '', end = '', ...rest] = fields;
      fields = [`${start}-${end}`, ...rest];
    }
    if (!columns) {
      columns = fields.map((f) => COLUMN_NAMES[f.toLowerCase()]);
      // Columns of other names (notes, source) are allowed and ignored.
      const named = new Set(columns.filter((c) => c !== undefined));
      if (!named.has('prefix') || named.size < 2) {
        return {
          ok: false,
          errors: [
            {
              line,
              message: `the first line must be the header "prefix,asn,organisation,country", or the file an @ip-location-db asn or asn-country CSV (found "${raw.slice(0, 80)}")`,
            },
          ],
        };
      }
      continue;
    }
    if (fields.length > columns.length) {
      errors.push({
        line,
        message: `${String(fields.length)} fields, but the header has ${String(columns.length)} (quote organisation names that contain commas)`,
      });
      continue;
    }
    const value = (column: Column) => fields[columns?.indexOf(column) ?? -1] ?? '';
    const prefix = parsePrefix(value('prefix'));
    const asn = parseAsn(value('asn'));
    const organisation = value('organisation');
    const country = value('country').toUpperCase();
    const problems: string[] = [];
    if (value('prefix') === '') problems.push('the prefix is empty');
    else if (typeof prefix === 'string') problems.push(prefix);
    if (typeof asn === 'string') problems.push(asn);
    if (organisation.length > MAX_ORGANISATION_LENGTH)
      problems.push(`the organisation is longer than ${String(MAX_ORGANISATION_LENGTH)} characters`);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(organisation)) problems.push('the organisation contains control characters');
    if (country !== '' && !/^[A-Z]{2}$/.test(country))
      problems.push(`"${value('country')}" is not a two-letter country code (ISO 3166-1, e.g. NL)`);
    if (problems.length > 0 || typeof prefix === 'string' || typeof asn === 'string') {
      errors.push({ line, message: problems.join('; ') });
      continue;
    }
    if (asn === null && organisation === '' && country === '') {
      errors.push({ line, message: 'the line gives no AS number, organisation or country' });
      continue;
    }
    ranges.push({ line, prefix: value('prefix'), ...prefix, asn, organisation, country });
    if (ranges.length > MAX_ENRICHMENT_RANGES) {
      return {
        ok: false,
        errors: [{ line, message: `more than ${String(MAX_ENRICHMENT_RANGES)} ranges; split the file` }],
      };
    }
  }
  if (!columns) return { ok: false, errors: [{ line: 1, message: 'the file is empty' }] };
  if (errors.length > 0) return { ok: false, errors };
  if (ranges.length === 0)
    return { ok: false, errors: [{ line: lines.length, message: 'no ranges after the header' }] };
  return { ok: true, ranges };
}

/** "line 3: …; line 7: …" for the refusal message, at most MAX_REPORTED_ERRORS of them. */
export function describeLineErrors(errors: readonly LineError[]): string {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS).map((e) => `line ${String(e.line)}: ${e.message}`);
  const more = errors.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${String(more)} more bad line(s)` : ''}`;
}
