/**
 * Proposed events from what import stored about one exhibit (pure: no database). Sources, in the
 * order they win a tie (identical instant and precision from the same exhibit are proposed once):
 * e-mail Date and Received hops, EXIF DateTimeOriginal, video creation_time, PDF creation date, an
 * MHTML snapshot's Date, a page's article:published_time, platform dataset rows (one per row, plus
 * bursts of posts of one link), timestamps in JSON exports, and dates in prose (prose.ts) in the
 * text and OCR text. Platform and JSON rows keep one proposal per row or account even when two share
 * a minute: they are different facts.
 */
import type { ProposalLocation, ProposalSource, TimelinePrecision } from '../../shared/timeline.js';
import { readCsv } from './csv.js';
import { proseDates, sentenceAround } from './prose.js';
import { formatLocal, formatUtc, offsetLabel, trailingOffset } from './time.js';

export interface ExhibitForTimeline {
  readonly number: number;
  readonly kind: string;
  readonly name: string;
  readonly metadata: Record<string, unknown>;
  readonly text: string;
  readonly segments: readonly { start: number; end: number; kind: string; label: string }[];
  /** OCR pictures' text, with the frame time for videos. */
  readonly ocr: readonly { text: string; frameTimeS: number | null }[];
  /** The parent's reference date (an e-mail's Date for its attachment), for years prose leaves out. */
  readonly parentReference: Date | null;
}

export interface ExtractedProposal {
  readonly key: string;
  readonly source: ProposalSource;
  readonly title: string;
  readonly start: string;
  readonly end: string | null;
  readonly precision: TimelinePrecision;
  readonly sourceZone: string;
  readonly sourceText: string;
  readonly context: string;
  readonly location: ProposalLocation;
  /** The key of the aggregate this row is part of (a burst, a wave of new accounts, a run of posts). */
  readonly group: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** An ISO instant with a zone ("2020-10-20T14:12:41Z", "…+03:00") → UTC text and second/minute precision. */
function isoInstant(value: string): { start: string; precision: TimelinePrecision } | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || new Date(ms).getUTCFullYear() < 1971) return null;
  return { start: formatUtc(ms), precision: /T\d{2}:\d{2}:\d{2}/.test(value) ? 'second' : 'minute' };
}

/** The exhibit's own date: what a year left out of its prose is closest to. */
export function referenceDate(metadata: Record<string, unknown>): Date | null {
  for (const key of ['date', 'dateTimeOriginalUtc', 'creationTime', 'creationDate', 'modDate']) {
    const value = str(metadata[key]);
    if (value && isoInstant(value)) return new Date(Date.parse(value));
  }
  return null;
}

function csvTime(
  value: string,
): { year: number; month: number; day: number; time: number[] | null; zone: string | null } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/.exec(
    value.trim(),
  );
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    time: m[4] === undefined ? null : [Number(m[4]), Number(m[5]), m[6] === undefined ? -1 : Number(m[6])],
    zone: m[7] ?? null,
  };
}

const TIME_COLUMN = /(?:^|_)(?:time|date|timestamp|created_at|creation_date|datetime)$|_at$/i;
const hhmm = (iso: string) => iso.slice(11, 16);

function metadataProposals(exhibit: Omit<ExhibitForTimeline, 'text' | 'ocr' | 'parentReference'>, add: Add): void {
  const meta = exhibit.metadata;
  const headerAt = (label: string, nth: number) => {
    const found = exhibit.segments.filter((s) => s.kind === 'header' && s.label === label)[nth];
    return found ? { start: found.start, end: found.end } : {};
  };

  // E-mail: Date, then the Received hops (top hop = last to receive it).
  const date = str(meta.date);
  if (exhibit.kind === 'email' && date) {
    const instant = isoInstant(date);
    const raw = str(meta.dateRaw) ?? date;
    const offset = trailingOffset(raw);
    if (instant)
      add({
        source: 'email-date',
        title: `E-mail sent: ${str(meta.subject) ?? '(no subject)'}`,
        ...instant,
        end: null,
        sourceZone: offset === null ? 'unknown' : offsetLabel(offset),
        sourceText: raw,
        context: `Date: ${raw}`,
        location: { kind: 'header', label: 'Date', ...headerAt('Date', 0) },
      });
  }
  if (exhibit.kind === 'email' && Array.isArray(meta.received)) {
    meta.received.forEach((hop: unknown, i) => {
      if (typeof hop !== 'object' || hop === null) return;
      const h = hop as Record<string, unknown>;
      const time = str(h.time);
      const instant = time ? isoInstant(time) : null;
      if (!instant) return;
      const raw = str(h.raw) ?? '';
      const written = raw.includes(';') ? raw.slice(raw.lastIndexOf(';') + 1).trim() : (time ?? '');
      const offset = trailingOffset(written);
      add({
        source: 'email-received',
        title: `Received by ${str(h.by) ?? 'a server'}${str(h.from) ? ` from ${String(h.from)}` : ''}`,
        ...instant,
        end: null,
        sourceZone: offset === null ? 'unknown' : offsetLabel(offset),
        sourceText: written,
        context: `Received: ${raw}`.slice(0, 400),
        location: { kind: 'header', label: `Received #${String(i + 1)}`, ...headerAt('Received', i) },
      });
    });
  }
  // EXIF DateTimeOriginal: UTC when the camera wrote an offset, local time otherwise.
  const exifUtc = str(meta.dateTimeOriginalUtc);
  const exifRaw = str(meta.dateTimeOriginal);
  if (exifUtc && isoInstant(exifUtc)) {
    const instant = isoInstant(exifUtc);
    if (instant)
      add({
        source: 'exif',
        title: `Photo taken (${exhibit.name})`,
        ...instant,
        end: null,
        sourceZone: str(meta.offsetTimeOriginal) ?? 'unknown',
        sourceText: `${exifRaw ?? exifUtc}${str(meta.offsetTimeOriginal) ? ` ${String(meta.offsetTimeOriginal)}` : ''}`,
        context: 'EXIF DateTimeOriginal',
        location: { kind: 'metadata', label: 'EXIF DateTimeOriginal' },
      });
  } else if (exifRaw) {
    const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(exifRaw);
    if (m && Number(m[1]) > 1970)
      add({
        source: 'exif',
        title: `Photo taken (${exhibit.name})`,
        start: `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}T${m[4] ?? ''}:${m[5] ?? ''}:${m[6] ?? ''}`,
        end: null,
        precision: 'second',
        sourceZone: 'unknown',
        sourceText: exifRaw,
        context: 'EXIF DateTimeOriginal (no offset recorded)',
        location: { kind: 'metadata', label: 'EXIF DateTimeOriginal' },
      });
  }
  const creation = str(meta.creationTime);
  const videoInstant = creation && exhibit.kind === 'video' ? isoInstant(creation) : null;
  if (videoInstant && creation)
    add({
      source: 'video',
      title: `Video created (${exhibit.name})`,
      ...videoInstant,
      end: null,
      sourceZone: 'Z',
      sourceText: `creation_time=${creation}`,
      context: 'container creation_time',
      location: { kind: 'metadata', label: 'creation_time' },
    });
  const pdfCreated = str(meta.creationDate);
  const pdfInstant = pdfCreated && exhibit.kind === 'pdf' ? isoInstant(pdfCreated) : null;
  if (pdfInstant) {
    const info = meta.info as Record<string, unknown> | undefined;
    add({
      source: 'pdf',
      title: `PDF created (${exhibit.name})`,
      ...pdfInstant,
      end: null,
      sourceZone: 'Z',
      sourceText: str(info?.CreationDate) ?? pdfCreated ?? '',
      context: 'PDF CreationDate',
      location: { kind: 'metadata', label: 'CreationDate' },
    });
  }
  if (exhibit.kind === 'mhtml' && date) {
    const instant = isoInstant(date);
    if (instant)
      add({
        source: 'mhtml',
        title: `Page snapshot saved (${exhibit.name})`,
        ...instant,
        end: null,
        sourceZone: 'Z',
        sourceText: date,
        context: 'MHTML Date header',
        location: { kind: 'header', label: 'Date' },
      });
  }
  if (Array.isArray(meta.meta)) {
    for (const tag of meta.meta as Record<string, unknown>[]) {
      const published = tag.property === 'article:published_time' ? str(tag.content) : null;
      const instant = published ? isoInstant(published) : null;
      if (!published || !instant) continue;
      const offset = trailingOffset(published);
      add({
        source: 'prose',
        title: `Page published (${exhibit.name})`,
        ...instant,
        end: null,
        sourceZone: offset === null ? 'unknown' : offsetLabel(offset),
        sourceText: published,
        context: 'meta article:published_time',
        location: { kind: 'metadata', label: 'article:published_time' },
      });
    }
  }
}

/** Collects proposals, keyed so one exhibit proposes an instant once (the first source wins). */
function collector(number: number): { out: ExtractedProposal[]; add: Add } {
  const out: ExtractedProposal[] = [];
  const seen = new Set<string>();
  const add: Add = (p, distinct = '', group = null) => {
    const key = `E${String(number)}|${p.start}|${p.end ?? ''}|${p.precision}|${distinct}`;
    if (seen.has(key)) return key;
    seen.add(key);
    out.push({ ...p, key, group });
    return key;
  };
  return { out, add };
}

/**
 * The dates an exhibit carries of its own, in its metadata: an e-mail's Date and Received hops,
 * EXIF DateTimeOriginal, a video's creation_time, a PDF's creation date, an MHTML snapshot's Date,
 * a page's article:published_time. What a range brushed on the timeline filters exhibits by.
 */
export function ownDates(exhibit: Omit<ExhibitForTimeline, 'text' | 'ocr' | 'parentReference'>): ExtractedProposal[] {
  const { out, add } = collector(exhibit.number);
  metadataProposals(exhibit, add);
  return out;
}

export function extractProposals(exhibit: ExhibitForTimeline): ExtractedProposal[] {
  const { out, add } = collector(exhibit.number);
  metadataProposals(exhibit, add);
  const meta = exhibit.metadata;
  if (exhibit.kind === 'csv') platformRows(exhibit, add);
  else if (exhibit.kind === 'json') jsonTimes(exhibit, add);
  else {
    const reference = referenceDate(meta) ?? exhibit.parentReference;
    const segments =
      exhibit.segments.length > 0
        ? exhibit.segments
        : [{ start: 0, end: exhibit.text.length, kind: 'text', label: '' }];
    for (const segment of segments) {
      if (segment.kind === 'header') continue;
      const slice = exhibit.text.slice(segment.start, segment.end);
      for (const f of proseDates(slice, reference)) {
        add({
          source: 'prose',
          title: f.sentence.length > 120 ? `${f.sentence.slice(0, 117)}…` : f.sentence,
          start: f.start,
          end: f.end,
          precision: f.precision,
          sourceZone: f.sourceZone,
          sourceText: f.sourceText,
          context: f.note ? `${f.sentence} [${f.note}]` : f.sentence,
          location: {
            kind: 'text',
            label: segment.kind === 'page' ? `page ${segment.label}` : segment.label || 'text',
            start: segment.start + f.offset,
            end: segment.start + f.offset + f.length,
          },
        });
      }
    }
    for (const picture of exhibit.ocr) {
      for (const f of proseDates(picture.text, reference)) {
        add({
          source: 'prose',
          title: f.sentence.length > 120 ? `${f.sentence.slice(0, 117)}…` : f.sentence,
          start: f.start,
          end: f.end,
          precision: f.precision,
          sourceZone: f.sourceZone,
          sourceText: f.sourceText,
          context: f.note ? `${f.sentence} [${f.note}]` : f.sentence,
          location: {
            kind: 'ocr',
            label: picture.frameTimeS === null ? 'image text' : `frame at ${picture.frameTimeS.toFixed(2)} s`,
            start: f.offset,
            end: f.offset + f.length,
          },
        });
      }
    }
  }
  return out;
}

type Add = (p: Omit<ExtractedProposal, 'key' | 'group'>, distinct?: string, group?: string | null) => string;

/** Posts of one link no more than this far apart are one burst; runs of rows, one run. */
const BURST_GAP_MS = 3_600_000;
const RUN_GAP_MS = 24 * 3_600_000;
/** Account creation dates no more than this far apart are one wave of new accounts. */
const ACCOUNT_GAP_MS = 7 * 24 * 3_600_000;
/** A group of fewer rows stays as single proposals. */
const MIN_GROUP = 3;

interface RowProposal {
  readonly proposal: Omit<ExtractedProposal, 'key' | 'group'>;
  readonly distinct: string;
  readonly kind: 'account' | 'post' | 'other';
  readonly column: string;
  readonly ms: number;
  readonly who: string;
  readonly row: number;
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly urls: readonly string[];
  /** The proposal's start carries a zone (UTC), rather than a local time of the source. */
  readonly zoned: boolean;
  group: string | null;
}

/** "2020-10-07 06:31", or "2020-10-07" for dates. */
function stamp(ms: number, precision: TimelinePrecision): string {
  const iso = formatUtc(ms);
  return precision === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${hhmm(iso)}`;
}

/** Split rows (sorted by time) into runs whose neighbours are at most `gap` apart. */
function runs(items: readonly RowProposal[], gap: number): RowProposal[][] {
  const out: RowProposal[][] = [];
  let current: RowProposal[] = [];
  for (const item of items) {
    const prev = current[current.length - 1];
    if (prev && item.ms - prev.ms > gap) {
      out.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A platform dataset: one proposal per timestamp cell (posts by row, account creations once per
 * account) — every row stays a proposal, each citing its row — and aggregates over them, which the
 * list shows with their rows inside: bursts (three or more posts of the same link no more than an
 * hour apart), waves of account creations (dates no more than a week apart), and runs of the other
 * posts or timestamps (no more than a day apart). Twitter's information-operations archives write
 * times in UTC without a zone; that format (tweetid + tweet_time) is read as UTC, any other
 * zone-less column as zone unknown.
 */
function platformRows(exhibit: ExhibitForTimeline, add: Add): void {
  const named: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' };
  const written = exhibit.metadata.delimiter;
  const delimiter = typeof written === 'string' ? (named[written] ?? (written.length === 1 ? written : ',')) : ',';
  const rows = readCsv(exhibit.text, delimiter);
  const header = rows[0]?.cells.map((c) => c.trim()) ?? [];
  const column = (name: string) => header.indexOf(name);
  const isTwitterArchive = column('tweetid') >= 0 && column('tweet_time') >= 0;
  const user = column('user_screen_name');
  const id = column('tweetid');
  const urls = column('urls');
  const timeColumns = header.map((name, i) => ({ name, i })).filter((c) => TIME_COLUMN.test(c.name));
  const accounts = new Set<string>();
  const items: RowProposal[] = [];
  rows.slice(1).forEach((row, index) => {
    const rowNumber = index + 1;
    const who = user >= 0 ? (row.cells[user] ?? '') : '';
    for (const { name, i } of timeColumns) {
      const value = row.cells[i] ?? '';
      const t = csvTime(value);
      if (!t) continue;
      const utc = t.zone !== null || isTwitterArchive;
      const offsetMin =
        t.zone && /^[+-]/.test(t.zone)
          ? (t.zone.startsWith('-') ? -1 : 1) * (Number(t.zone.slice(1, 3)) * 60 + Number(t.zone.slice(-2)))
          : 0;
      const location: ProposalLocation = {
        kind: 'row',
        label: `${name}, row ${String(rowNumber)}`,
        start: row.start,
        end: row.end,
      };
      const context = exhibit.text.slice(row.start, Math.min(row.end, row.start + 400));
      const base = { row: rowNumber, rowStart: row.start, rowEnd: row.end, who, column: name, group: null };
      if (!t.time) {
        const accountCreation = /account_creation|created/i.test(name) && who !== '';
        if (accountCreation && accounts.has(`${who}|${value}`)) continue;
        if (accountCreation) accounts.add(`${who}|${value}`);
        items.push({
          ...base,
          proposal: {
            source: 'platform-row',
            title: accountCreation ? `Account @${who} created` : `${name} ${value}${who ? ` (@${who})` : ''}`,
            start: formatLocal(t.year, t.month, t.day),
            end: null,
            precision: 'day',
            sourceZone: utc ? 'UTC (platform export)' : 'unknown',
            sourceText: value,
            context,
            location,
          },
          distinct: accountCreation ? `account:${who}` : `row:${String(rowNumber)}:${name}`,
          kind: accountCreation ? 'account' : 'other',
          ms: Date.UTC(t.year, t.month - 1, t.day),
          urls: [],
          zoned: false,
        });
        continue;
      }
      const [hh = 0, mm = 0, ss = -1] = t.time;
      const local = Date.UTC(t.year, t.month - 1, t.day, hh, mm, Math.max(ss, 0));
      const ms = local - offsetMin * 60_000;
      const start = utc ? formatUtc(ms) : formatUtc(local).replace(/Z$/, '');
      const isPost = name === 'tweet_time' || /post|tweet/i.test(name);
      const postId = id >= 0 ? (row.cells[id] ?? '') : '';
      const links =
        isPost && utc && urls >= 0
          ? (row.cells[urls] ?? '')
              .replace(/^\[|\]$/g, '')
              .split(/[,\s]+/)
              .map((url) => url.replace(/^['"]|['"]$/g, ''))
              .filter((url) => /^https?:\/\//i.test(url))
          : [];
      items.push({
        ...base,
        proposal: {
          source: 'platform-row',
          title: isPost ? `Post ${postId}${who ? ` by @${who}` : ''}` : `${name}, row ${String(rowNumber)}`,
          start,
          end: null,
          precision: ss >= 0 ? 'second' : 'minute',
          sourceZone: t.zone
            ? t.zone === 'Z' || t.zone === 'UTC'
              ? 'Z'
              : offsetLabel(offsetMin)
            : utc
              ? 'UTC (platform export)'
              : 'unknown',
          sourceText: value,
          context,
          location,
        },
        distinct: `row:${String(rowNumber)}:${name}`,
        kind: isPost ? 'post' : 'other',
        ms: utc ? ms : local,
        urls: links,
        zoned: utc,
      });
    }
  });

  const aggregate = (
    members: readonly RowProposal[],
    title: string,
    distinct: string,
    extra: { readonly sourceText?: string; readonly context?: string } = {},
  ) => {
    const first = members[0];
    const last = members[members.length - 1];
    if (!first || !last) return;
    const day = first.proposal.precision === 'day';
    const write = (ms: number) =>
      day ? formatUtc(ms).slice(0, 10) : first.zoned ? formatUtc(ms) : formatUtc(ms).replace(/Z$/, '');
    const start = write(first.ms);
    const end = last.ms === first.ms ? null : write(last.ms);
    const rowsLabel = [...new Set(members.map((m) => m.row))];
    const key = add(
      {
        source: 'platform-burst',
        title,
        start,
        end,
        precision: day ? 'day' : 'minute',
        sourceZone: first.proposal.sourceZone,
        sourceText: extra.sourceText ?? `${start}${end ? ` – ${end}` : ''}`,
        context: extra.context ?? `rows ${rowsLabel.map(String).join(', ')}`.slice(0, 400),
        location: {
          kind: 'rows',
          label: `${String(members.length)} rows${first.column ? ` (${first.column})` : ''}, rows ${String(Math.min(...rowsLabel))}–${String(Math.max(...rowsLabel))}`,
          start: Math.min(...members.map((m) => m.rowStart)),
          end: Math.max(...members.map((m) => m.rowEnd)),
        },
      },
      distinct,
    );
    for (const m of members) m.group = key;
  };

  // Bursts: posts of one link, no more than an hour apart (a post with two links joins the first burst).
  const byUrl = new Map<string, RowProposal[]>();
  for (const item of items) for (const url of item.urls) byUrl.set(url, [...(byUrl.get(url) ?? []), item]);
  for (const [url, list] of byUrl) {
    list.sort((a, b) => a.ms - b.ms);
    for (const burst of runs(list, BURST_GAP_MS)) {
      const free = burst.filter((b) => b.group === null);
      if (burst.length < MIN_GROUP || free.length < MIN_GROUP) continue;
      const from = formatUtc(free[0]?.ms ?? 0);
      const to = formatUtc(free[free.length - 1]?.ms ?? 0);
      const people = new Set(free.map((b) => b.who)).size;
      aggregate(
        free,
        `${String(people)} accounts posted ${url} ${String(free.length)} times between ${hhmm(from)} and ${hhmm(to)} UTC`,
        `burst:${url}`,
        { sourceText: `${from} – ${to}`, context: `rows ${free.map((b) => String(b.row)).join(', ')}` },
      );
    }
  }
  // Waves of new accounts.
  const created = items.filter((i) => i.kind === 'account').sort((a, b) => a.ms - b.ms);
  runs(created, ACCOUNT_GAP_MS).forEach((wave, n) => {
    if (wave.length < MIN_GROUP) return;
    const from = stamp(wave[0]?.ms ?? 0, 'day');
    const to = stamp(wave[wave.length - 1]?.ms ?? 0, 'day');
    aggregate(
      wave,
      `${String(wave.length)} accounts created ${from === to ? `on ${from}` : `between ${from} and ${to}`}`,
      `accounts:${String(n + 1)}`,
      { context: wave.map((w) => `@${w.who} ${w.proposal.sourceText}`).join(', ') },
    );
  });
  // Runs of the remaining rows, per column: posts no more than a day apart.
  const columns = new Map<string, RowProposal[]>();
  for (const item of items) {
    if (item.group !== null || item.kind === 'account') continue;
    const k = `${item.column}|${String(item.zoned)}|${item.proposal.precision === 'day' ? 'day' : 'time'}`;
    columns.set(k, [...(columns.get(k) ?? []), item]);
  }
  for (const list of columns.values()) {
    list.sort((a, b) => a.ms - b.ms);
    const day = list[0]?.proposal.precision === 'day';
    runs(list, day ? ACCOUNT_GAP_MS : RUN_GAP_MS).forEach((run, n) => {
      if (run.length < MIN_GROUP) return;
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last) return;
      const precision = first.proposal.precision;
      const between = `between ${stamp(first.ms, precision)} and ${stamp(last.ms, precision)}${first.zoned ? ' UTC' : ''}`;
      const people = new Set(run.map((r) => r.who).filter((w) => w !== '')).size;
      aggregate(
        run,
        first.kind === 'post'
          ? `${String(run.length)} posts${people > 0 ? ` by ${String(people)} account${people === 1 ? '' : 's'}` : ''} ${between}`
          : `${String(run.length)} rows with ${first.column} ${between}`,
        `run:${first.column}:${String(n + 1)}`,
      );
    });
  }
  for (const item of items) add(item.proposal, item.distinct, item.group);
}

const TWITTER_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Timestamps in a JSON export: ISO instants and Twitter's "Tue Oct 06 19:22:14 +0000 2020", by key path. */
function jsonTimes(exhibit: ExhibitForTimeline, add: Add): void {
  let root: unknown;
  try {
    root = JSON.parse(exhibit.text);
  } catch {
    for (const f of proseDates(exhibit.text, null))
      add({
        source: 'prose',
        title: f.sentence.slice(0, 120),
        start: f.start,
        end: f.end,
        precision: f.precision,
        sourceZone: f.sourceZone,
        sourceText: f.sourceText,
        context: f.sentence,
        location: { kind: 'text', label: 'text', start: f.offset, end: f.offset + f.length },
      });
    return;
  }
  let cursor = 0;
  const walk = (value: unknown, path: string, owner: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, `${path}[${String(i)}]`, owner);
      });
      return;
    }
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const name = str(record.screen_name) ?? str(record.username) ?? str(record.name) ?? owner;
      for (const [k, v] of Object.entries(record)) walk(v, path ? `${path}.${k}` : k, name);
      return;
    }
    if (typeof value !== 'string') return;
    let start: string | null = null;
    let precision: TimelinePrecision = 'second';
    let zone = 'Z';
    const iso = isoInstant(value);
    const tw = TWITTER_DATE.exec(value);
    if (iso) {
      start = iso.start;
      precision = iso.precision;
      const offset = trailingOffset(value);
      zone = offset === null ? 'unknown' : offsetLabel(offset);
    } else if (tw) {
      const offset = trailingOffset(tw[6] ?? '+0000') ?? 0;
      const local = Date.UTC(
        Number(tw[7]),
        MONTHS.indexOf(tw[1] ?? ''),
        Number(tw[2]),
        Number(tw[3]),
        Number(tw[4]),
        Number(tw[5]),
      );
      start = formatUtc(local - offset * 60_000);
      zone = offsetLabel(offset);
    }
    if (!start) return;
    const literal = JSON.stringify(value);
    const at = exhibit.text.indexOf(literal, cursor);
    if (at >= 0) cursor = at + literal.length;
    const field = path.split('.').slice(-2).join('.');
    add(
      {
        source: 'json',
        title: `${field}${owner ? ` (${owner})` : ''}`,
        start,
        end: null,
        precision,
        sourceZone: zone,
        sourceText: value,
        context: at >= 0 ? sentenceAround(exhibit.text, at, at + literal.length) : path,
        location: { kind: 'json', label: path, ...(at >= 0 ? { start: at, end: at + literal.length } : {}) },
      },
      `json:${owner}:${field}`,
    );
  };
  walk(root, '', '');
}
