/**
 * Indicators at import: extract from an exhibit's text (window by window, so a 32 MiB single-line
 * text costs no more memory than a small one), place each occurrence in the parser's text segment
 * (PDF page, e-mail header, body) and record it in the case. Structured exports add what free text
 * cannot show: account names written without '@' in CSV screen-name columns and JSON "screen_name"
 * fields (extractScreenName), and e-mail attachment names.
 */
import type { Extraction, OccurrenceLocation } from '../../shared/indicator-types.js';
import { extractIndicators, extractIndicatorsWindowed, extractScreenName } from '../indicators/index.js';
import type { WriteDb } from '../locker/driver.js';
import { recordOccurrences, type OccurrenceInput } from '../locker/indicators.js';
import type { DetectedKind, ParseResult, TextSegment } from './types.js';

/**
 * Occurrences of one indicator recorded per exhibit: a log repeating one address a million times
 * gains the analyst nothing after the first thousand, and would cost a million rows.
 */
export const MAX_OCCURRENCES_PER_INDICATOR = 1_000;
/**
 * Occurrences recorded per exhibit: the evaluation corpus holds ~6,000 per MiB, so a full 32 MiB
 * text of dense indicators fits; a generated flood of distinct values stops here.
 */
export const MAX_OCCURRENCES_PER_EXHIBIT = 250_000;
/** Occurrences written per call: keeps memory flat while a large text is scanned. */
const RECORD_BATCH = 5_000;

/** CSV columns that hold an account name without '@' (Twitter/IO-archive style exports). */
const SCREEN_NAME_COLUMN_RE = /(?:^|[_\s-])(?:screen_?name|user_?name|username|handle|account_?name)$/i;
/** JSON fields that hold an account name without '@' ("screen_name": "PatriotWatchFL"). */
const SCREEN_NAME_FIELD_RE = /"(screen_?name|user_?name|username|handle)"\s*:\s*"([^"\\\r\n]{1,100})"/gi;

export interface TextSource {
  readonly kind: DetectedKind;
  readonly text: string;
  readonly segments: readonly TextSegment[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Where `start` falls: the segment holding it (binary search; segments are in text order). */
export function segmentLocator(segments: readonly TextSegment[]): (start: number, end: number) => OccurrenceLocation {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  return (start, end) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = sorted[mid];
      if (!s) break;
      if (start < s.start) hi = mid - 1;
      else if (start >= s.end) lo = mid + 1;
      else return { start, end, kind: s.kind, label: s.label };
    }
    return { start, end, kind: 'text', label: '' };
  };
}

/** Field spans of a delimited text (RFC 4180), row by row, without materialising the records. */
function* delimitedFields(
  text: string,
  delimiter: string,
): Generator<{ row: number; column: number; start: number; end: number }> {
  let row = 0;
  let column = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const d = delimiter.charCodeAt(0);
  while (i <= text.length) {
    let start = i;
    let end: number;
    if (text.charCodeAt(i) === 0x22) {
      // Quoted: the span is the inside; a doubled quote cannot be a handle, so it needs no unescaping.
      start = i + 1;
      let j = start;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          j = text.length;
          break;
        }
        if (text.charCodeAt(q + 1) === 0x22) j = q + 2;
        else {
          j = q;
          break;
        }
      }
      end = j;
      i = j + 1;
      while (i < text.length && text.charCodeAt(i) !== d && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else {
      while (i < text.length && text.charCodeAt(i) !== d && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      end = i;
    }
    yield { row, column, start, end };
    const c = text.charCodeAt(i);
    if (c === d) {
      column++;
      i++;
    } else {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      row++;
      column = 0;
    }
  }
}

function* csvScreenNames(source: TextSource): Generator<OccurrenceInput> {
  const header = source.metadata.header;
  if (!Array.isArray(header)) return;
  const columns = new Map<number, string>();
  header.forEach((name, index) => {
    if (typeof name === 'string' && SCREEN_NAME_COLUMN_RE.test(name.trim()) && !/display/i.test(name)) {
      columns.set(index, name.trim());
    }
  });
  if (columns.size === 0) return;
  const delimiter = source.metadata.delimiter === 'tab' ? '\t' : ',';
  for (const field of delimitedFields(source.text, delimiter)) {
    const column = field.row === 0 ? undefined : columns.get(field.column);
    if (column === undefined) continue;
    const found = extractScreenName(source.text.slice(field.start, field.end));
    if (!found) continue;
    const start = field.start + found.start;
    const end = field.start + found.end;
    yield {
      extraction: { ...found, start, end },
      location: { start, end, kind: 'cell', label: `${column}, row ${String(field.row)}` },
    };
  }
}

function* jsonScreenNames(source: TextSource): Generator<OccurrenceInput> {
  const locate = segmentLocator(source.segments);
  for (const m of source.text.matchAll(SCREEN_NAME_FIELD_RE)) {
    const value = m[2] ?? '';
    const found = extractScreenName(value);
    if (!found) continue;
    // The value starts after the key, the colon and the opening quote: the match ends with `value"`.
    const valueStart = m.index + m[0].length - 1 - value.length;
    const start = valueStart + found.start;
    const end = valueStart + found.end;
    yield { extraction: { ...found, start, end }, location: { ...locate(start, end), start, end } };
  }
}

/**
 * Attachment file names of an e-mail: indicators in their own right ("voter_data_proof.mp4"), though
 * not in the extracted text (they sit in MIME part headers). Located as kind 'attachment', the name
 * as label, at offset 0 with no length: no text offset exists for them.
 */
function* attachmentNames(source: TextSource): Generator<OccurrenceInput> {
  const attachments = source.metadata.attachments;
  if (source.kind !== 'email' || !Array.isArray(attachments)) return;
  for (const attachment of attachments as unknown[]) {
    const name = (attachment as { filename?: unknown } | null)?.filename;
    if (typeof name !== 'string') continue;
    const whole = extractIndicators(name, { types: ['filename'] }).find((e) => e.start === 0 && e.end === name.length);
    if (whole) yield { extraction: whole, location: { start: 0, end: 0, kind: 'attachment', label: name } };
  }
}

/** Every occurrence in an exhibit's text, with its location, in text order for the free text. */
export function* locateIndicators(source: TextSource): Generator<OccurrenceInput> {
  const locate = segmentLocator(source.segments);
  if (source.text !== '') {
    for (const e of extractIndicatorsWindowed(source.text)) {
      yield { extraction: e, location: locate(e.start, e.end) };
    }
  }
  if (source.kind === 'csv') yield* csvScreenNames(source);
  if (source.kind === 'json') yield* jsonScreenNames(source);
  yield* attachmentNames(source);
}

export interface RecordedIndicators {
  readonly occurrences: number;
  /** Repeats beyond MAX_OCCURRENCES_PER_INDICATOR that were counted but not recorded. */
  readonly skipped: number;
  /** The scan stopped at MAX_OCCURRENCES_PER_EXHIBIT. */
  readonly truncated: boolean;
}

/** Extract and record the indicators of one exhibit's parsed text (inside the import transaction). */
export function recordExhibitIndicators(
  db: WriteDb,
  exhibitId: number,
  parsed: Pick<ParseResult, 'kind' | 'text' | 'segments' | 'metadata'>,
  now: number,
): RecordedIndicators {
  let recorded = 0;
  let skipped = 0;
  let truncated = false;
  const perIndicator = new Map<string, number>();
  let batch: OccurrenceInput[] = [];
  for (const occurrence of locateIndicators(parsed)) {
    const e: Extraction = occurrence.extraction;
    const key = `${e.type}\u0000${e.type === 'social_handle' ? e.value.toLowerCase() : e.value}`;
    if (recorded >= MAX_OCCURRENCES_PER_EXHIBIT) {
      truncated = true;
      break;
    }
    const seen = perIndicator.get(key) ?? 0;
    if (seen >= MAX_OCCURRENCES_PER_INDICATOR) {
      skipped++;
      continue;
    }
    perIndicator.set(key, seen + 1);
    recorded++;
    batch.push(occurrence);
    if (batch.length >= RECORD_BATCH) {
      recordOccurrences(db, exhibitId, batch, now);
      batch = [];
    }
  }
  recordOccurrences(db, exhibitId, batch, now);
  return { occurrences: recorded, skipped, truncated };
}
