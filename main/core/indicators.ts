/** Indicators for the API and the CLI: listing, detail with context, verdicts and enrichment imports. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  IndicatorDetail,
  IndicatorOccurrenceDetail,
  IndicatorStatus,
  IndicatorSummary,
  IndicatorType,
} from '../../shared/indicator-types.js';
import {
  analystSource,
  describeLineErrors,
  MAX_ENRICHMENT_CSV_BYTES,
  parseEnrichmentCsv,
} from '../enrichment/index.js';
import { LocardError } from '../errors.js';
import { escapeDisplayName } from '../intake/detect.js';
import type { OpenCase } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import { exhibitLabel } from '../locker/exhibits.js';
import {
  addIndicatorTag,
  indicatorNotes,
  indicatorOccurrences,
  indicatorRef,
  indicatorSummary,
  listIndicators,
  occurrenceFlags,
  occurrenceLocation,
  removeIndicatorTag,
  setIndicatorNotes,
  setIndicatorStatus,
  storeEnrichmentRanges,
  type OccurrenceRow,
} from '../locker/indicators.js';
import { sql } from '../locker/sql.js';

/** Occurrences shown in the detail pane: enough to review; the summary carries the full count. */
export const MAX_DETAIL_OCCURRENCES = 500;
/** Characters of context either side of an occurrence. */
export const CONTEXT_CHARS = 80;

export function listIndicatorSummaries(
  open: OpenCase,
  input: { readonly types?: readonly IndicatorType[]; readonly includeDismissed?: boolean },
): IndicatorSummary[] {
  return listIndicators(open.db, {
    ...(input.types ? { types: input.types } : {}),
    includeDismissed: input.includeDismissed ?? true,
  });
}

/** Context with line breaks and control characters turned into spaces, one for one (offsets hold). */
function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

function contextAround(text: string, row: OccurrenceRow): string | undefined {
  // Only a slice that still reads as the surface is context (a guard against mismatched texts).
  if (text.slice(row.start_offset, row.end_offset) !== row.surface) return undefined;
  return flatten(
    text.slice(Math.max(0, row.start_offset - CONTEXT_CHARS), Math.min(text.length, row.end_offset + CONTEXT_CHARS)),
  );
}

/**
 * Context for each occurrence, from the text its offsets point into: the exhibit's extracted text, or
 * for OCR the text read from that picture (`ocr_results`, by exhibit and frame time). Each text is
 * read once; offsets are UTF-16 code units and SQLite's substr counts characters, so it is sliced here.
 */
function contexts(open: OpenCase, rows: readonly OccurrenceRow[]): string[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key =
      row.location_kind === 'ocr'
        ? `ocr:${String(row.exhibit_id)}:${String(row.frame_time_s)}`
        : `text:${String(row.exhibit_id)}`;
    const list = groups.get(key) ?? [];
    list.push(index);
    groups.set(key, list);
  });
  const out = rows.map((row) => row.surface);
  for (const indices of groups.values()) {
    const first = rows[indices[0] ?? -1];
    if (!first) continue;
    const text =
      first.location_kind === 'ocr'
        ? open.db.get<{ text: string }>(
            sql`SELECT text FROM ocr_results WHERE exhibit_id = ${first.exhibit_id} AND frame_time_s IS ${first.frame_time_s} LIMIT 1`,
          )?.text
        : open.db.get<{ text: string }>(sql`SELECT text FROM exhibit_text WHERE exhibit_id = ${first.exhibit_id}`)
            ?.text;
    if (text === undefined) continue;
    for (const index of indices) {
      const row = rows[index];
      const context = row && contextAround(text, row);
      if (context !== undefined) out[index] = context;
    }
  }
  return out;
}

export function indicatorDetail(open: OpenCase, id: number): IndicatorDetail {
  const summary = indicatorSummary(open.db, id);
  if (!summary) throw new LocardError('not-found', `There is no indicator #${String(id)} in this case.`);
  const rows = indicatorOccurrences(open.db, id, MAX_DETAIL_OCCURRENCES);
  const context = contexts(open, rows);
  const occurrences = rows.map((row, i): IndicatorOccurrenceDetail => ({
    exhibitNumber: row.exhibit_number,
    exhibitLabel: exhibitLabel(row.exhibit_number),
    exhibitName: escapeDisplayName(row.exhibit_name),
    surface: row.surface,
    flags: occurrenceFlags(row),
    location: occurrenceLocation(row),
    context: context[i] ?? row.surface,
  }));
  return { ...summary, occurrences, notes: indicatorNotes(open.db, id) };
}

export interface IndicatorChange {
  readonly ids: readonly number[];
  readonly status?: IndicatorStatus;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly notes?: string;
}

function cleanTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t !== ''))].sort();
}

/** Verdict, tags and notes for several indicators at once: one custody entry naming what changed. */
export function updateIndicators(open: OpenCase, analyst: string, change: IndicatorChange): IndicatorSummary[] {
  const ids = [...new Set(change.ids)];
  const before = listIndicators(open.db, { ids });
  if (before.length !== ids.length) {
    const known = new Set(before.map((s) => s.id));
    const missing = ids.filter((id) => !known.has(id));
    throw new LocardError(
      'not-found',
      `There is no indicator ${missing
        .slice(0, 5)
        .map((id) => `#${String(id)}`)
        .join(', ')} in this case; nothing was changed.`,
    );
  }
  const addTags = cleanTags(change.addTags);
  const removeTags = cleanTags(change.removeTags);
  open.db.transaction(() => {
    const changed: string[] = [];
    const previousStatus: Partial<Record<IndicatorStatus, number>> = {};
    const notes: { from: string; to: string }[] = [];
    for (const summary of before) {
      let touched = false;
      if (change.status !== undefined && change.status !== summary.status) {
        setIndicatorStatus(open.db, summary.id, change.status);
        previousStatus[summary.status] = (previousStatus[summary.status] ?? 0) + 1;
        touched = true;
      }
      for (const tag of addTags) touched = addIndicatorTag(open.db, summary.id, tag) || touched;
      for (const tag of removeTags) touched = removeIndicatorTag(open.db, summary.id, tag) || touched;
      if (change.notes !== undefined) {
        const old = indicatorNotes(open.db, summary.id);
        if (old !== change.notes) {
          setIndicatorNotes(open.db, summary.id, change.notes);
          notes.push({ from: old, to: change.notes });
          touched = true;
        }
      }
      if (touched) changed.push(indicatorRef(summary.type, summary.value));
    }
    if (changed.length === 0) return;
    appendCustody(open.db, {
      analyst,
      action: 'indicator.updated',
      objectIds: changed,
      details: {
        indicators: changed.length,
        ...(Object.keys(previousStatus).length > 0 ? { status: { from: previousStatus, to: change.status } } : {}),
        ...(addTags.length > 0 ? { addTags } : {}),
        ...(removeTags.length > 0 ? { removeTags } : {}),
        // One indicator's notes are kept in full; for a bulk edit, the new text once.
        ...(notes.length === 1 ? { notes: notes[0] } : notes.length > 1 ? { notes: { to: change.notes } } : {}),
      },
    });
  });
  return listIndicators(open.db, { ids });
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * Import an analyst CSV of prefix → ASN / organisation / country (main/enrichment/analyst-csv.ts),
 * replacing the ranges of an earlier file of the same name, and re-enrich the case's IPs and ASNs.
 * A file with any bad line is refused whole, naming the lines.
 */
export function importEnrichmentCsv(open: OpenCase, analyst: string, path: string): { ranges: number } {
  const name = basename(path);
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new LocardError('invalid-argument', `${path} is not a file.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof LocardError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new LocardError(code === 'ENOENT' ? 'not-found' : 'io', `Cannot read ${path} (${code ?? 'error'}).`);
  }
  if (size > MAX_ENRICHMENT_CSV_BYTES) {
    throw new LocardError(
      'invalid-argument',
      `${name} is larger than ${String(MAX_ENRICHMENT_CSV_BYTES / (1024 * 1024))} MiB; split it into several files.`,
    );
  }
  const bytes = readFileSync(path);
  const parsed = parseEnrichmentCsv(decode(bytes));
  if (!parsed.ok) {
    throw new LocardError('invalid-argument', `${name} was not imported: ${describeLineErrors(parsed.errors)}.`);
  }
  const source = analystSource(name);
  const now = Date.now();
  const result = open.db.transaction(() => {
    const stored = storeEnrichmentRanges(open.db, source, parsed.ranges, now);
    appendCustody(open.db, {
      analyst,
      action: 'enrichment.imported',
      objectIds: [source],
      details: {
        path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        ranges: stored.stored,
        replacedRanges: stored.replaced,
        reenrichedIndicators: stored.reenriched,
      },
      at: now,
    });
    return stored;
  });
  return { ranges: result.stored };
}
