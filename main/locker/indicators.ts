/**
 * The indicators table group (schema 40): indicators keyed by (type, value), their occurrences with
 * exact provenance, tags and verdicts, enrichment facts, and the analyst's enrichment ranges.
 * Occurrences are recorded by the importer (extracted text) and by OCR; those in text are stored as
 * runs with packed offsets (schema 110), those read by OCR one row each; new IP, ASN and domain
 * indicators are enriched offline in the same transaction (main/enrichment).
 */
import {
  INDICATOR_FLAGS,
  type Enrichment,
  type Extraction,
  type IndicatorFlag,
  type IndicatorStatus,
  type IndicatorSummary,
  type IndicatorType,
  type OccurrenceLocation,
  type SocialPlatform,
} from '../../shared/indicator-types.js';
import {
  buildRangeTable,
  ENRICHED_TYPES,
  enrichIndicator,
  hexToKey,
  keyToHex,
  RANGE_ENRICHED_TYPES,
  type AnalystFact,
  type AnalystFacts,
  type AnalystRange,
  type RangeTable,
} from '../enrichment/index.js';
import type { ReadDb, WriteDb } from './driver.js';
import { sql, type SqlQuery, type SqlValue } from './sql.js';

/** One occurrence to record: what was found, and where in the exhibit. */
export interface OccurrenceInput {
  readonly extraction: Extraction;
  readonly location: OccurrenceLocation;
}

/** OCR occurrence rows per multi-row INSERT: 13 parameters each stays far below SQLite's 32,766-parameter limit. */
const INSERT_BATCH = 200;

/** The key two values share when they are the same indicator (social handles ignore case). */
export function indicatorValueKey(type: IndicatorType, value: string): string {
  return type === 'social_handle' ? value.toLowerCase() : value;
}

/** How custody entries name an indicator: "ipv4:203.0.113.77". */
export function indicatorRef(type: IndicatorType, value: string): string {
  return `${type}:${value}`;
}

const FLAG_ORDER: ReadonlyMap<string, number> = new Map(INDICATOR_FLAGS.map((f, i) => [f, i]));

function flagsJson(flags: Iterable<IndicatorFlag>): string {
  return JSON.stringify([...new Set(flags)].sort((a, b) => (FLAG_ORDER.get(a) ?? 0) - (FLAG_ORDER.get(b) ?? 0)));
}

function parseJsonArray<T>(text: string | null | undefined): T[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/** Text occurrences of one indicator in one exhibit that share surface, location and flags. */
interface Run {
  readonly indicatorId: number;
  readonly surface: string;
  readonly kind: string;
  readonly label: string;
  readonly flags: string;
  readonly offsets: [number, number][];
}

interface Touched {
  readonly id: number;
  readonly created: boolean;
  readonly type: IndicatorType;
  readonly value: string;
  readonly flags: Set<IndicatorFlag>;
  platform: string;
  occurrences: number;
  readonly newExhibit: boolean;
}

/**
 * Upsert the indicators of `occurrences` by (type, value), add every occurrence to `exhibitId`, keep
 * each indicator's counters and flags current, and enrich the indicators this call created. Call
 * inside the transaction that stores the exhibit (or its OCR text); may be called several times for
 * one exhibit (batches, video frames).
 */
export function recordOccurrences(
  db: WriteDb,
  exhibitId: number,
  occurrences: readonly OccurrenceInput[],
  now: number,
): void {
  if (occurrences.length === 0) return;
  const exhibit = db.get<{ imported_at: number }>(sql`SELECT imported_at FROM exhibits WHERE id = ${exhibitId}`);
  if (!exhibit) throw new Error(`recordOccurrences: there is no exhibit with id ${String(exhibitId)}`);
  const touched = new Map<string, Touched>();
  // OCR occurrences keep a row each (frame time and box); text occurrences are packed into runs.
  const ocrRows: SqlValue[][] = [];
  const runs = new Map<string, Run>();
  for (const { extraction: e, location } of occurrences) {
    const key = indicatorValueKey(e.type, e.value);
    const mapKey = `${e.type}\u0000${key}`;
    let t = touched.get(mapKey);
    if (!t) {
      t = touch(db, e, key, exhibitId, now);
      touched.set(mapKey, t);
    }
    for (const flag of e.flags) t.flags.add(flag);
    if (t.platform === '' && e.platform !== undefined) t.platform = e.platform;
    t.occurrences += 1;
    const flags = flagsJson(e.flags);
    if (location.kind !== 'ocr') {
      const runKey = [t.id, e.surface, location.kind, location.label, flags].join('\u0000');
      let run = runs.get(runKey);
      if (!run) {
        run = { indicatorId: t.id, surface: e.surface, kind: location.kind, label: location.label, flags, offsets: [] };
        runs.set(runKey, run);
      }
      run.offsets.push([location.start, location.end]);
      continue;
    }
    const box = location.box ?? null;
    ocrRows.push([
      t.id,
      exhibitId,
      e.surface,
      location.start,
      location.end,
      location.kind,
      location.label,
      location.frameTimeS ?? null,
      box?.x ?? null,
      box?.y ?? null,
      box?.width ?? null,
      box?.height ?? null,
      flags,
    ]);
  }
  for (const run of runs.values()) {
    const offsets = run.offsets.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    db.run(sql`INSERT INTO indicator_occurrence_runs (indicator_id, exhibit_id, surface, location_kind, location_label,
                 flags, occurrence_count, offsets, first_start)
               VALUES (${run.indicatorId}, ${exhibitId}, ${run.surface}, ${run.kind}, ${run.label}, ${run.flags},
                 ${offsets.length}, ${offsets.flat().join(',')}, ${offsets[0]?.[0] ?? 0})`);
  }
  for (let i = 0; i < ocrRows.length; i += INSERT_BATCH) {
    const batch = ocrRows.slice(i, i + INSERT_BATCH);
    // Built from placeholders only: every value is still a bound parameter (see sql.ts).
    const query: SqlQuery = [
      `INSERT INTO indicator_occurrences (indicator_id, exhibit_id, surface, start_offset, end_offset, location_kind,
         location_label, frame_time_s, box_x, box_y, box_w, box_h, flags)
       VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch.flat(),
    ];
    db.run(query);
  }
  const seen = exhibit.imported_at;
  const created: Touched[] = [];
  for (const t of touched.values()) {
    db.run(sql`UPDATE indicators SET
        flags = ${flagsJson(t.flags)},
        platform = ${t.platform},
        occurrence_count = occurrence_count + ${t.occurrences},
        exhibit_count = exhibit_count + ${t.newExhibit ? 1 : 0},
        first_seen = min(coalesce(first_seen, ${seen}), ${seen}),
        last_seen = max(coalesce(last_seen, ${seen}), ${seen})
      WHERE id = ${t.id}`);
    if (t.created && ENRICHED_TYPES.has(t.type)) created.push(t);
  }
  if (created.length > 0) {
    const facts = analystFacts(db);
    for (const t of created) setEnrichments(db, t.id, enrichIndicator(t.type, t.value, facts, now));
  }
}

function touch(db: WriteDb, e: Extraction, key: string, exhibitId: number, now: number): Touched {
  const existing = db.get<{ id: number; flags: string; platform: string }>(
    sql`SELECT id, flags, platform FROM indicators WHERE type = ${e.type} AND value_key = ${key}`,
  );
  if (existing) {
    const inExhibit =
      db.get<{ x: number }>(
        sql`SELECT 1 AS x FROM indicator_occurrence_runs WHERE indicator_id = ${existing.id} AND exhibit_id = ${exhibitId} LIMIT 1`,
      ) ??
      db.get<{ x: number }>(
        sql`SELECT 1 AS x FROM indicator_occurrences WHERE indicator_id = ${existing.id} AND exhibit_id = ${exhibitId} LIMIT 1`,
      );
    return {
      id: existing.id,
      created: false,
      type: e.type,
      value: e.value,
      flags: new Set(parseJsonArray<IndicatorFlag>(existing.flags)),
      platform: existing.platform,
      occurrences: 0,
      newExhibit: inExhibit === undefined,
    };
  }
  const id = Number(
    db.run(sql`INSERT INTO indicators (type, value, value_key, platform, flags, created_at)
               VALUES (${e.type}, ${e.value}, ${key}, ${e.platform ?? ''}, '[]', ${now})`).lastInsertRowid,
  );
  return {
    id,
    created: true,
    type: e.type,
    value: e.value,
    flags: new Set(),
    platform: e.platform ?? '',
    occurrences: 0,
    newExhibit: true,
  };
}

// ---------------------------------------------------------------------------------------------------
// Enrichment

export function setEnrichments(db: WriteDb, indicatorId: number, facts: readonly Enrichment[]): void {
  db.run(sql`DELETE FROM indicator_enrichments WHERE indicator_id = ${indicatorId}`);
  for (const f of facts) {
    db.run(sql`INSERT INTO indicator_enrichments (indicator_id, kind, value, label, source, source_date)
               VALUES (${indicatorId}, ${f.kind}, ${f.value}, ${f.label ?? ''}, ${f.source}, ${f.sourceDate})`);
  }
}

interface RangeRow {
  id: number;
  family: 4 | 6;
  start_key: string;
  end_key: string;
  asn: number | null;
  organisation: string;
  country: string;
  source: string;
  imported_at: number;
}

function toFact(row: Pick<RangeRow, 'asn' | 'organisation' | 'country' | 'source' | 'imported_at'>): AnalystFact {
  return {
    asn: row.asn,
    organisation: row.organisation,
    country: row.country,
    source: row.source,
    importedAt: row.imported_at,
  };
}

/** Flattened analyst ranges per open case, rebuilt when the stored ranges change. */
const tables = new WeakMap<object, { generation: string; table: RangeTable<AnalystFact> }>();

/**
 * Changes whenever the stored ranges do, as far as Locard writes them: a replacement deletes and
 * inserts (row ids may be reused, import times move on). storeEnrichmentRanges also drops the cache.
 */
function rangeGeneration(db: ReadDb): string {
  const row = db.get<{ n: number; m: number; t: number }>(
    sql`SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(max(imported_at), 0) AS t FROM enrichment_ranges`,
  );
  return `${String(row?.n ?? 0)}:${String(row?.m ?? 0)}:${String(row?.t ?? 0)}`;
}

/** What the case's analyst CSVs say, for enrichIndicator. */
export function analystFacts(db: ReadDb): AnalystFacts {
  const generation = rangeGeneration(db);
  let cached = tables.get(db);
  if (cached?.generation !== generation) {
    const rows =
      generation === '0:0:0'
        ? []
        : db.all<RangeRow>(
            sql`SELECT id, family, start_key, end_key, asn, organisation, country, source, imported_at FROM enrichment_ranges`,
          );
    cached = {
      generation,
      table: buildRangeTable(
        rows.map((r) => ({
          family: r.family,
          start: hexToKey(r.start_key),
          end: hexToKey(r.end_key),
          order: r.id,
          data: toFact(r),
        })),
      ),
    };
    tables.set(db, cached);
  }
  const table = cached.table;
  return {
    forAddress: (family, key) => (table.size === 0 ? undefined : table.lookup(family, key)),
    forAsn: (asn) => {
      if (table.size === 0) return undefined;
      const row = db.get<RangeRow>(sql`SELECT asn, organisation, country, source, imported_at FROM enrichment_ranges
          WHERE asn = ${asn} ORDER BY organisation = '', imported_at DESC, id DESC LIMIT 1`);
      return row && toFact(row);
    },
  };
}

/**
 * Store an analyst CSV's ranges under `source` ("analyst CSV <file name>"), replacing the ranges an
 * earlier file of the same name gave, and re-enrich every IP, CIDR and ASN indicator in the case.
 */
export function storeEnrichmentRanges(
  db: WriteDb,
  source: string,
  ranges: readonly AnalystRange[],
  now: number,
): { stored: number; replaced: number; reenriched: number } {
  tables.delete(db);
  const replaced = db.run(sql`DELETE FROM enrichment_ranges WHERE source = ${source}`).changes;
  for (let i = 0; i < ranges.length; i += INSERT_BATCH) {
    const batch = ranges.slice(i, i + INSERT_BATCH);
    const query: SqlQuery = [
      `INSERT INTO enrichment_ranges (family, start_key, end_key, prefix, line, asn, organisation, country, source, imported_at)
       VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch.flatMap((r) => [
        r.family,
        keyToHex(r.family, r.start),
        keyToHex(r.family, r.end),
        r.prefix,
        r.line,
        r.asn,
        r.organisation,
        r.country,
        source,
        now,
      ]),
    ];
    db.run(query);
  }
  return { stored: ranges.length, replaced, reenriched: reenrich(db, now) };
}

/** Recompute the facts of every indicator whose facts depend on analyst ranges. */
export function reenrich(db: WriteDb, now: number): number {
  const facts = analystFacts(db);
  const rows = db.all<{ id: number; type: IndicatorType; value: string }>(
    sql`SELECT id, type, value FROM indicators WHERE type IN (SELECT value FROM json_each(${JSON.stringify(RANGE_ENRICHED_TYPES)}))`,
  );
  for (const row of rows) setEnrichments(db, row.id, enrichIndicator(row.type, row.value, facts, now));
  return rows.length;
}

// ---------------------------------------------------------------------------------------------------
// Reading

interface IndicatorRow {
  id: number;
  type: IndicatorType;
  value: string;
  platform: string;
  flags: string;
  status: IndicatorStatus;
  notes: string;
  occurrence_count: number;
  exhibit_count: number;
  first_seen: number | null;
  last_seen: number | null;
}

function toSummary(row: IndicatorRow, tags: readonly string[], enrichment: readonly Enrichment[]): IndicatorSummary {
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    ...(row.platform === '' ? {} : { platform: row.platform as SocialPlatform }),
    flags: parseJsonArray<IndicatorFlag>(row.flags),
    status: row.status,
    tags,
    enrichment,
    occurrenceCount: row.occurrence_count,
    exhibitCount: row.exhibit_count,
    firstSeen: row.first_seen ?? 0,
    lastSeen: row.last_seen ?? 0,
  };
}

interface EnrichmentRow {
  indicator_id: number;
  kind: string;
  value: string;
  label: string;
  source: string;
  source_date: number;
}

function toEnrichment(row: EnrichmentRow): Enrichment {
  return {
    kind: row.kind,
    value: row.value,
    ...(row.label === '' ? {} : { label: row.label }),
    source: row.source,
    sourceDate: row.source_date,
  };
}

function groupBy<R extends { indicator_id: number }, T>(rows: readonly R[], map: (row: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    let list = out.get(row.indicator_id);
    if (!list) {
      list = [];
      out.set(row.indicator_id, list);
    }
    list.push(map(row));
  }
  return out;
}

export interface IndicatorFilter {
  readonly types?: readonly IndicatorType[];
  /** Default true. */
  readonly includeDismissed?: boolean;
  /** Only these ids. */
  readonly ids?: readonly number[];
}

/**
 * One summary per indicator, ordered by type and value. Three queries whatever the count (rows, tags,
 * facts), each reading its table once: the counters live on the indicator rows.
 */
export function listIndicators(db: ReadDb, filter: IndicatorFilter = {}): IndicatorSummary[] {
  const types = filter.types && filter.types.length > 0 ? JSON.stringify(filter.types) : null;
  const ids = filter.ids ? JSON.stringify(filter.ids) : null;
  const dismissed = filter.includeDismissed === false ? 0 : 1;
  const rows = db.all<IndicatorRow>(sql`SELECT id, type, value, platform, flags, status, notes, occurrence_count,
        exhibit_count, first_seen, last_seen
      FROM indicators
      WHERE (${types} IS NULL OR type IN (SELECT value FROM json_each(${types})))
        AND (${dismissed} = 1 OR status = 'open')
        AND (${ids} IS NULL OR id IN (SELECT value FROM json_each(${ids})))
      ORDER BY type, value_key`);
  if (rows.length === 0) return [];
  // A short list reads only its own tags and facts; a long one reads both tables once.
  const wanted = rows.length <= 500 ? JSON.stringify(rows.map((r) => r.id)) : null;
  const tags = groupBy(
    db.all<{ indicator_id: number; tag: string }>(sql`SELECT indicator_id, tag FROM indicator_tags
        WHERE ${wanted} IS NULL OR indicator_id IN (SELECT value FROM json_each(${wanted}))
        ORDER BY indicator_id, tag`),
    (r) => r.tag,
  );
  const facts = groupBy(
    db.all<EnrichmentRow>(sql`SELECT indicator_id, kind, value, label, source, source_date FROM indicator_enrichments
        WHERE ${wanted} IS NULL OR indicator_id IN (SELECT value FROM json_each(${wanted}))
        ORDER BY indicator_id, id`),
    toEnrichment,
  );
  return rows.map((r) => toSummary(r, tags.get(r.id) ?? [], facts.get(r.id) ?? []));
}

export function indicatorSummary(db: ReadDb, id: number): IndicatorSummary | undefined {
  return listIndicators(db, { ids: [id] })[0];
}

export function indicatorNotes(db: ReadDb, id: number): string {
  return db.get<{ notes: string }>(sql`SELECT notes FROM indicators WHERE id = ${id}`)?.notes ?? '';
}

export interface OccurrenceRow {
  exhibit_id: number;
  exhibit_number: number;
  exhibit_name: string;
  surface: string;
  start_offset: number;
  end_offset: number;
  location_kind: string;
  location_label: string;
  frame_time_s: number | null;
  box_x: number | null;
  box_y: number | null;
  box_w: number | null;
  box_h: number | null;
  flags: string;
}

/**
 * The first `limit` occurrences of an indicator, by exhibit number and position. Runs are read in
 * (exhibit number, first start) order and at most `limit` of them: each holds at least one
 * occurrence, and every occurrence of a run not read sorts after the first occurrence of each run
 * that was, so the first `limit` occurrences are among them.
 */
export function indicatorOccurrences(db: ReadDb, indicatorId: number, limit: number): OccurrenceRow[] {
  if (limit <= 0) return [];
  const ocr =
    db.all<OccurrenceRow>(sql`SELECT o.exhibit_id, e.number AS exhibit_number, e.original_name AS exhibit_name,
        o.surface, o.start_offset, o.end_offset, o.location_kind, o.location_label, o.frame_time_s,
        o.box_x, o.box_y, o.box_w, o.box_h, o.flags
      FROM indicator_occurrences AS o JOIN exhibits AS e ON e.id = o.exhibit_id
      WHERE o.indicator_id = ${indicatorId}
      ORDER BY e.number, o.start_offset, o.id LIMIT ${limit}`);
  const runs = db.all<{
    exhibit_id: number;
    exhibit_number: number;
    exhibit_name: string;
    surface: string;
    location_kind: string;
    location_label: string;
    flags: string;
    offsets: string;
  }>(sql`SELECT r.exhibit_id, e.number AS exhibit_number, e.original_name AS exhibit_name,
        r.surface, r.location_kind, r.location_label, r.flags, r.offsets
      FROM indicator_occurrence_runs AS r JOIN exhibits AS e ON e.id = r.exhibit_id
      WHERE r.indicator_id = ${indicatorId}
      ORDER BY e.number, r.first_start, r.id LIMIT ${limit}`);
  const rows: OccurrenceRow[] = [...ocr];
  for (const run of runs) {
    const { offsets, ...shared } = run;
    const numbers = unpackOffsets(offsets);
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      rows.push({
        ...shared,
        start_offset: numbers[i] ?? 0,
        end_offset: numbers[i + 1] ?? 0,
        frame_time_s: null,
        box_x: null,
        box_y: null,
        box_w: null,
        box_h: null,
      });
    }
  }
  // Stable: OCR rows (already in order) stay before text at the same exhibit and offset.
  rows.sort((a, b) => a.exhibit_number - b.exhibit_number || a.start_offset - b.start_offset);
  return rows.slice(0, limit);
}

/** A run's "start,end,start,end,…" (schema 110) as numbers. */
function unpackOffsets(text: string): number[] {
  return text === '' ? [] : text.split(',').map(Number);
}

export function occurrenceLocation(row: OccurrenceRow): OccurrenceLocation {
  const box =
    row.box_x !== null && row.box_y !== null && row.box_w !== null && row.box_h !== null
      ? { x: row.box_x, y: row.box_y, width: row.box_w, height: row.box_h }
      : null;
  return {
    start: row.start_offset,
    end: row.end_offset,
    kind: row.location_kind,
    label: row.location_label,
    ...(row.location_kind === 'ocr' ? { frameTimeS: row.frame_time_s, box } : {}),
  };
}

export function occurrenceFlags(row: OccurrenceRow): IndicatorFlag[] {
  return parseJsonArray<IndicatorFlag>(row.flags);
}

// ---------------------------------------------------------------------------------------------------
// The analyst's verdicts

export function setIndicatorStatus(db: WriteDb, id: number, status: IndicatorStatus): void {
  db.run(sql`UPDATE indicators SET status = ${status} WHERE id = ${id}`);
}

export function setIndicatorNotes(db: WriteDb, id: number, notes: string): void {
  db.run(sql`UPDATE indicators SET notes = ${notes} WHERE id = ${id}`);
}

export function addIndicatorTag(db: WriteDb, id: number, tag: string): boolean {
  return db.run(sql`INSERT OR IGNORE INTO indicator_tags (indicator_id, tag) VALUES (${id}, ${tag})`).changes > 0;
}

export function removeIndicatorTag(db: WriteDb, id: number, tag: string): boolean {
  return db.run(sql`DELETE FROM indicator_tags WHERE indicator_id = ${id} AND tag = ${tag}`).changes > 0;
}
