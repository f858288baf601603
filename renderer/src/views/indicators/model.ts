/**
 * The Indicators view's pure logic: labels and explanations, filtering, sorting and the multi-row
 * selection. No React and no DOM, so it is tested on its own (test/unit/renderer/indicators-model.test.ts).
 */
import { defang, refang } from '../../../../shared/defang.js';
import type {
  Enrichment,
  IndicatorFlag,
  IndicatorStatus,
  IndicatorSummary,
  IndicatorType,
  OccurrenceLocation,
} from '../../../../shared/indicator-types.js';

export const TYPE_LABELS: Readonly<Record<IndicatorType, string>> = {
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  cidr: 'CIDR',
  domain: 'Domain',
  url: 'URL',
  email: 'E-mail',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  cve: 'CVE',
  asn: 'ASN',
  attack_technique: 'ATT&CK',
  filepath_windows: 'Win path',
  filepath_unix: 'Unix path',
  filename: 'File name',
  social_handle: 'Account',
  btc_address: 'BTC',
  eth_address: 'ETH',
};

export const STATUS_LABELS: Readonly<Record<IndicatorStatus, string>> = {
  open: 'Open',
  benign: 'Benign',
  false_positive: 'False positive',
};

/**
 * How a flag reads on a chip, what it means, and its tone: 'notable' draws the eye (someone hid the
 * indicator, or it may not be what it seems), 'quiet' rarely matters for attribution.
 */
export interface FlagInfo {
  readonly label: string;
  readonly description: string;
  readonly tone: 'notable' | 'neutral' | 'quiet';
}

export const FLAG_INFO: Readonly<Record<IndicatorFlag, FlagInfo>> = {
  defanged: {
    label: 'defanged',
    description: 'Written in a defanged form (hxxp, [.], [at]…) somewhere in the evidence.',
    tone: 'notable',
  },
  url_host: { label: 'URL host', description: 'Found as the host part of a URL.', tone: 'neutral' },
  email_domain: { label: 'e-mail domain', description: 'Found as the domain of an e-mail address.', tone: 'neutral' },
  public: { label: 'public', description: 'A publicly routable IP address.', tone: 'neutral' },
  private: { label: 'private', description: 'A private-network IP address (RFC 1918 / RFC 4193).', tone: 'quiet' },
  loopback: { label: 'loopback', description: 'A loopback address: the machine itself.', tone: 'quiet' },
  documentation: {
    label: 'documentation',
    description: 'In a range reserved for documentation and examples (RFC 5737 / RFC 3849 / RFC 5398).',
    tone: 'quiet',
  },
  multicast: { label: 'multicast', description: 'A multicast address.', tone: 'quiet' },
  link_local: {
    label: 'link-local',
    description: 'A link-local address, valid only on one network segment.',
    tone: 'quiet',
  },
  reserved: { label: 'reserved', description: 'In a reserved IP range.', tone: 'quiet' },
  unspecified: { label: 'unspecified', description: 'The unspecified address (0.0.0.0 or ::).', tone: 'quiet' },
  broadcast: { label: 'broadcast', description: 'The broadcast address.', tone: 'quiet' },
  carrier_grade_nat: {
    label: 'CGNAT',
    description: 'Carrier-grade NAT space (RFC 6598): shared by many subscribers.',
    tone: 'quiet',
  },
  unique_local: { label: 'unique local', description: 'An IPv6 unique local address (private).', tone: 'quiet' },
  special_use_tld: {
    label: 'special TLD',
    description: 'The top-level domain is reserved (example, test, invalid, localhost, local…), not a real one.',
    tone: 'quiet',
  },
  idn: {
    label: 'IDN',
    description: 'An internationalised domain name; the value is its punycode form. Check for look-alikes.',
    tone: 'notable',
  },
  known_resolver: {
    label: 'public resolver',
    description: 'A well-known public DNS resolver: rarely attribution-relevant.',
    tone: 'quiet',
  },
  benign_domain: {
    label: 'common site',
    description: 'On the bundled list of major benign sites: rarely attribution-relevant.',
    tone: 'quiet',
  },
  private_asn: { label: 'private ASN', description: 'A private-use AS number (RFC 6996).', tone: 'quiet' },
  checksum_unverified: {
    label: 'no checksum',
    description: 'An Ethereum address without a mixed-case (EIP-55) checksum: a typo would go unnoticed.',
    tone: 'notable',
  },
};

/**
 * The flags worth a chip in the table, most telling first. "public", "URL host" and "e-mail domain"
 * describe nearly every IP or domain, so they are left to the detail pane and the flag filter.
 */
export function visibleFlags(flags: readonly IndicatorFlag[]): readonly IndicatorFlag[] {
  return sortFlags(flags.filter((flag) => flag !== 'public' && flag !== 'url_host' && flag !== 'email_domain'));
}

const TONE_ORDER = { notable: 0, neutral: 1, quiet: 2 } as const;

/** Notable flags first, then neutral, then quiet; the list order within each. */
export function sortFlags(flags: readonly IndicatorFlag[]): readonly IndicatorFlag[] {
  return flags.toSorted((a, b) => TONE_ORDER[FLAG_INFO[a].tone] - TONE_ORDER[FLAG_INFO[b].tone]);
}

/** "AS64500 Worldstream · NL · worldstream.example": the facts that fit in a table cell. */
export function enrichmentSummary(indicator: Pick<IndicatorSummary, 'value' | 'enrichment'>): string {
  const { enrichment } = indicator;
  const parts: string[] = [];
  const of = (kind: string) => enrichment.filter((item) => item.kind === kind);
  for (const asn of of('asn')) parts.push(asn.label ? `${asn.value} ${asn.label}` : asn.value);
  for (const country of of('country')) parts.push(country.label ?? country.value);
  for (const domain of of('registrable_domain')) if (domain.value !== indicator.value) parts.push(domain.value);
  for (const item of enrichment) {
    if (['asn', 'country', 'registrable_domain', 'suffix'].includes(item.kind)) continue;
    parts.push(item.label ? `${item.value} ${item.label}` : item.value);
  }
  return parts.join(' · ');
}

export const ENRICHMENT_KIND_LABELS: Readonly<Record<string, string>> = {
  asn: 'Network (ASN)',
  country: 'Country',
  registrable_domain: 'Registrable domain',
  suffix: 'Public suffix',
};

export function enrichmentKindLabel(item: Enrichment): string {
  return ENRICHMENT_KIND_LABELS[item.kind] ?? item.kind;
}

/** The value as the table shows it: canonical, or defanged (safe to paste) when the analyst asks. */
export function displayValue(indicator: Pick<IndicatorSummary, 'value' | 'type'>, defanged: boolean): string {
  return defanged ? defang(indicator.value, indicator.type) : indicator.value;
}

/** One value per line, for the clipboard. */
export function clipboardText(indicators: readonly Pick<IndicatorSummary, 'value' | 'type'>[], defanged: boolean) {
  return indicators.map((indicator) => displayValue(indicator, defanged)).join('\n');
}

/** "00:10.3" for 10.3 s; "1:02:03.0" past an hour. */
export function formatFrameTime(seconds: number): string {
  const tenths = Math.round(Math.max(0, seconds) * 10);
  const hours = Math.floor(tenths / 36_000);
  const minutes = Math.floor((tenths % 36_000) / 600);
  const secs = (tenths % 600) / 10;
  const mmss = `${String(minutes).padStart(2, '0')}:${secs.toFixed(1).padStart(4, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/**
 * Where an occurrence sits, as an analyst reads it: "page 2", "header Received", "frame 00:10.3 (OCR)",
 * "screen_name, row 12", "offset 1234". The kinds are those of the parsers' text segments.
 */
export function formatLocation(location: OccurrenceLocation): string {
  const offset = `offset ${location.start.toLocaleString('en')}`;
  switch (location.kind) {
    case 'page':
      return location.label === '' ? offset : `page ${location.label}`;
    case 'header':
      return location.label === '' ? 'header' : `header ${location.label}`;
    case 'title':
      return 'title';
    case 'ocr':
      return location.frameTimeS === null || location.frameTimeS === undefined
        ? 'image (OCR)'
        : `frame ${formatFrameTime(location.frameTimeS)} (OCR)`;
    case 'cell':
      return location.label === '' ? offset : location.label;
    case 'body':
    case 'text':
      return offset;
    default:
      return location.label === '' ? offset : `${location.label} · ${offset}`;
  }
}

/**
 * The context split around the surface. The context is the text up to ~80 characters either side, so
 * the surface sits near min(start, 80); of several copies of the surface the closest to that is it.
 */
export function splitContext(
  context: string,
  surface: string,
  start: number,
): { readonly before: string; readonly match: string; readonly after: string } {
  const expected = Math.min(start, 80);
  let best = -1;
  for (let at = context.indexOf(surface); at >= 0 && surface !== ''; at = context.indexOf(surface, at + 1)) {
    if (best < 0 || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
  }
  if (best < 0) return { before: context, match: '', after: '' };
  return {
    before: context.slice(0, best),
    match: context.slice(best, best + surface.length),
    after: context.slice(best + surface.length),
  };
}

// ---------- Filtering ----------

/** Per flag: any (no rule), hide rows with it, or show only rows with it. */
export type FlagRule = 'hide' | 'only';

export interface Filters {
  readonly text: string;
  /** Empty: every type. */
  readonly types: readonly IndicatorType[];
  readonly statuses: readonly IndicatorStatus[];
  readonly flags: Readonly<Partial<Record<IndicatorFlag, FlagRule>>>;
}

export const DEFAULT_FILTERS: Filters = { text: '', types: [], statuses: ['open'], flags: {} };

const haystacks = new WeakMap<IndicatorSummary, string>();

/** Lower-cased value, enrichment and tags: what the search box looks in (cached per immutable row). */
function haystack(indicator: IndicatorSummary): string {
  let text = haystacks.get(indicator);
  if (text === undefined) {
    text = [
      indicator.value,
      ...indicator.enrichment.flatMap((item) => [item.value, item.label ?? '']),
      ...indicator.tags,
      indicator.platform ?? '',
    ]
      .join('\n')
      .toLowerCase();
    haystacks.set(indicator, text);
  }
  return text;
}

/** The analyst may paste a defanged value: search for its plain form. */
export function searchNeedle(text: string): string {
  return refang(text.trim()).toLowerCase();
}

export function matchesFilters(indicator: IndicatorSummary, filters: Filters, needle = searchNeedle(filters.text)) {
  if (filters.types.length > 0 && !filters.types.includes(indicator.type)) return false;
  if (!filters.statuses.includes(indicator.status)) return false;
  for (const [flag, rule] of Object.entries(filters.flags) as [IndicatorFlag, FlagRule | undefined][]) {
    if (rule === 'hide' && indicator.flags.includes(flag)) return false;
    if (rule === 'only' && !indicator.flags.includes(flag)) return false;
  }
  return needle === '' || haystack(indicator).includes(needle);
}

/** How many filters differ from the defaults (for the "Reset filters" affordance). */
export function activeFilterCount(filters: Filters): number {
  const statusesDiffer =
    filters.statuses.length !== DEFAULT_FILTERS.statuses.length ||
    filters.statuses.some((status) => !DEFAULT_FILTERS.statuses.includes(status));
  return (
    (filters.text.trim() === '' ? 0 : 1) +
    (filters.types.length > 0 ? 1 : 0) +
    (statusesDiffer ? 1 : 0) +
    Object.keys(filters.flags).length
  );
}

// ---------- Sorting ----------

export type SortKey =
  'value' | 'type' | 'flags' | 'enrichment' | 'occurrences' | 'exhibits' | 'firstSeen' | 'lastSeen' | 'status';

export interface Sort {
  readonly key: SortKey;
  readonly direction: 'ascending' | 'descending';
}

export const DEFAULT_SORT: Sort = { key: 'exhibits', direction: 'descending' };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const STATUS_ORDER: Readonly<Record<IndicatorStatus, number>> = { open: 0, benign: 1, false_positive: 2 };

function sortValue(indicator: IndicatorSummary, key: SortKey): string | number {
  switch (key) {
    case 'value':
      return indicator.value;
    case 'type':
      return TYPE_LABELS[indicator.type];
    case 'flags':
      return visibleFlags(indicator.flags)
        .map((flag) => FLAG_INFO[flag].label)
        .join(' ');
    case 'enrichment':
      return enrichmentSummary(indicator);
    case 'occurrences':
      return indicator.occurrenceCount;
    case 'exhibits':
      return indicator.exhibitCount;
    case 'firstSeen':
      return indicator.firstSeen;
    case 'lastSeen':
      return indicator.lastSeen;
    case 'status':
      return STATUS_ORDER[indicator.status] * 1e6 + indicator.tags.length;
  }
}

function compareValues(x: string | number, y: string | number): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x);
  const b = String(y);
  // Empty cells sort last whatever the direction reads like: they are handled by the caller.
  return collator.compare(a, b);
}

/** The rows to show: filtered, then sorted (ties by value, then id, so the order is stable). */
export function buildRows(indicators: readonly IndicatorSummary[], filters: Filters, sort: Sort): IndicatorSummary[] {
  const needle = searchNeedle(filters.text);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = indicators
    .filter((indicator) => matchesFilters(indicator, filters, needle))
    .map((indicator) => ({ indicator, key: sortValue(indicator, sort.key) }));
  keyed.sort((a, b) => {
    const emptyA = a.key === '';
    const emptyB = b.key === '';
    if (emptyA !== emptyB) return emptyA ? 1 : -1;
    const order = compareValues(a.key, b.key);
    if (order !== 0) return sign * order;
    return collator.compare(a.indicator.value, b.indicator.value) || a.indicator.id - b.indicator.id;
  });
  return keyed.map((item) => item.indicator);
}

// ---------- Selection ----------

/**
 * The selected rows (by id), the anchor a Shift range starts from, and the focused row (the one the
 * keyboard is on and the detail pane shows).
 */
export interface Selection {
  readonly ids: ReadonlySet<number>;
  readonly anchor: number | null;
  readonly focus: number | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null, focus: null };

/** Click or plain arrow: this row alone. */
export function selectOnly(id: number): Selection {
  return { ids: new Set([id]), anchor: id, focus: id };
}

/** Ctrl/Cmd-click or Space: add or remove this row, keep the others. */
export function toggleRow(selection: Selection, id: number): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id, focus: id };
}

/** Shift-click or Shift+arrow: every row from the anchor to this one (plus, with `keep`, the rest). */
export function extendTo(
  selection: Selection,
  rows: readonly Pick<IndicatorSummary, 'id'>[],
  id: number,
  keep = false,
): Selection {
  const anchorId = selection.anchor ?? selection.focus ?? id;
  const from = rows.findIndex((row) => row.id === anchorId);
  const to = rows.findIndex((row) => row.id === id);
  if (to < 0) return selection;
  const start = from < 0 ? to : Math.min(from, to);
  const end = from < 0 ? to : Math.max(from, to);
  const ids = new Set(keep ? selection.ids : []);
  for (let index = start; index <= end; index += 1) {
    const row = rows[index];
    if (row) ids.add(row.id);
  }
  return { ids, anchor: from < 0 ? id : anchorId, focus: id };
}

/** Ctrl+arrow: move the focus only, so Space can add rows that are not next to each other. */
export function moveFocus(selection: Selection, id: number): Selection {
  return { ...selection, focus: id };
}

export function selectAll(selection: Selection, rows: readonly Pick<IndicatorSummary, 'id'>[]): Selection {
  return { ...selection, ids: new Set(rows.map((row) => row.id)) };
}

/** The selected rows among those shown, in display order: what bulk actions act on. */
export function selectedRows<T extends Pick<IndicatorSummary, 'id'>>(selection: Selection, rows: readonly T[]): T[] {
  if (selection.ids.size === 0) return [];
  return rows.filter((row) => selection.ids.has(row.id));
}

/** What one updateIndicators call may change. */
export interface IndicatorChange {
  readonly status?: IndicatorStatus;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly notes?: string;
}

/** The list with the rows the API returned after a change put in place of the old ones. */
export function mergeSummaries(
  indicators: readonly IndicatorSummary[],
  updated: readonly IndicatorSummary[],
): IndicatorSummary[] {
  const byId = new Map(updated.map((indicator) => [indicator.id, indicator]));
  return indicators.map((indicator) => byId.get(indicator.id) ?? indicator);
}

/**
 * After rows left the list (marked benign under the default filter), the row to go on with: the one
 * now at the old focus's place, so triage can go on with B, B, F… without reaching for the mouse.
 */
export function nextFocus(
  before: readonly Pick<IndicatorSummary, 'id'>[],
  after: readonly Pick<IndicatorSummary, 'id'>[],
  focus: number | null,
): number | null {
  if (focus !== null && after.some((row) => row.id === focus)) return focus;
  const stays = new Set(after.map((row) => row.id));
  const from = Math.max(
    0,
    before.findIndex((row) => row.id === focus),
  );
  for (let index = from; index < before.length; index += 1) {
    const row = before[index];
    if (row && stays.has(row.id)) return row.id;
  }
  for (let index = from - 1; index >= 0; index -= 1) {
    const row = before[index];
    if (row && stays.has(row.id)) return row.id;
  }
  return null;
}
