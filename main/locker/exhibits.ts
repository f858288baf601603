/** The exhibits table group: rows, mappers and the queries the importer and the Evidence view need. */
import type { ReadDb, WriteDb } from './driver.js';
import { frameLabel, searchOcrText } from './ocr.js';
import { sql } from './sql.js';

export interface ExhibitRow {
  id: number;
  number: number;
  blob_id: number;
  original_name: string;
  original_path: string;
  size: number;
  kind: string;
  mime: string;
  extension_mismatch: number;
  fs_modified_at: number | null;
  fs_changed_at: number | null;
  fs_accessed_at: number | null;
  fs_created_at: number | null;
  imported_at: number;
  imported_by: string;
  collection_id: number | null;
  parent_id: number | null;
  derivation: string;
  parse_status: 'parsed' | 'failed' | 'not-parsed';
  parse_error: string;
  metadata: string;
  notes: string;
}

export type NewExhibit = Omit<ExhibitRow, 'id' | 'number' | 'notes'>;

/** E-0001, E-0002, …: the number briefings cite. */
export function exhibitLabel(number: number): string {
  return `E-${String(number).padStart(4, '0')}`;
}

export function insertExhibit(db: WriteDb, exhibit: NewExhibit): { id: number; number: number } {
  const number = (db.get<{ n: number | null }>(sql`SELECT max(number) AS n FROM exhibits`)?.n ?? 0) + 1;
  const result = db.run(sql`INSERT INTO exhibits (number, blob_id, original_name, original_path, size, kind, mime,
      extension_mismatch, fs_modified_at, fs_changed_at, fs_accessed_at, fs_created_at, imported_at, imported_by,
      collection_id, parent_id, derivation, parse_status, parse_error, metadata)
    VALUES (${number}, ${exhibit.blob_id}, ${exhibit.original_name}, ${exhibit.original_path}, ${exhibit.size},
      ${exhibit.kind}, ${exhibit.mime}, ${exhibit.extension_mismatch}, ${exhibit.fs_modified_at},
      ${exhibit.fs_changed_at}, ${exhibit.fs_accessed_at}, ${exhibit.fs_created_at}, ${exhibit.imported_at},
      ${exhibit.imported_by}, ${exhibit.collection_id}, ${exhibit.parent_id}, ${exhibit.derivation},
      ${exhibit.parse_status}, ${exhibit.parse_error}, ${exhibit.metadata})`);
  return { id: Number(result.lastInsertRowid), number };
}

/** The first top-level exhibit holding these bytes (a re-import is recorded against it). */
export function topLevelExhibitForBlob(db: ReadDb, blobId: number): ExhibitRow | undefined {
  return db.get<ExhibitRow>(
    sql`SELECT * FROM exhibits WHERE blob_id = ${blobId} AND parent_id IS NULL ORDER BY number LIMIT 1`,
  );
}

export function addSource(
  db: WriteDb,
  source: { exhibitId: number; path: string; at: number; by: string; collectionId: number | null },
): void {
  db.run(sql`INSERT INTO exhibit_sources (exhibit_id, original_path, seen_at, seen_by, collection_id)
             VALUES (${source.exhibitId}, ${source.path}, ${source.at}, ${source.by}, ${source.collectionId})`);
}

export function insertText(db: WriteDb, exhibitId: number, text: string, segments: unknown): void {
  db.run(
    sql`INSERT INTO exhibit_text (exhibit_id, text, segments) VALUES (${exhibitId}, ${text}, ${JSON.stringify(segments)})`,
  );
}

export function insertCollection(
  db: WriteDb,
  collection: { source: string; method: string; collector: string; notes: string; at: number; by: string },
): number {
  return Number(
    db.run(sql`INSERT INTO collections (source, method, collector, notes, created_at, created_by)
               VALUES (${collection.source}, ${collection.method}, ${collection.collector}, ${collection.notes},
                       ${collection.at}, ${collection.by})`).lastInsertRowid,
  );
}

export function listExhibits(db: ReadDb): (ExhibitRow & { sha256: string; sha1: string; md5: string })[] {
  return db.all(sql`SELECT exhibits.*, blobs.sha256, blobs.sha1, blobs.md5 FROM exhibits
                    JOIN blobs ON blobs.id = exhibits.blob_id ORDER BY number`);
}

interface SummaryRow extends ExhibitRow {
  sha256: string;
  sha1: string;
  md5: string;
  parent_number: number | null;
  tags: string | null;
}

const SUMMARY_SELECT = `SELECT exhibits.*, blobs.sha256, blobs.sha1, blobs.md5, parent.number AS parent_number,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM exhibit_tags WHERE exhibit_id = exhibits.id ORDER BY tag)) AS tags
  FROM exhibits
  JOIN blobs ON blobs.id = exhibits.blob_id
  LEFT JOIN exhibits AS parent ON parent.id = exhibits.parent_id`;

export function exhibitSummaryRows(db: ReadDb): SummaryRow[] {
  return db.all<SummaryRow>([`${SUMMARY_SELECT} ORDER BY exhibits.number`, []]);
}

export function exhibitRowByNumber(db: ReadDb, number: number): SummaryRow | undefined {
  return db.get<SummaryRow>([`${SUMMARY_SELECT} WHERE exhibits.number = ?`, [number]]);
}

export function exhibitSources(
  db: ReadDb,
  exhibitId: number,
): { original_path: string; seen_at: number; seen_by: string }[] {
  return db.all(
    sql`SELECT original_path, seen_at, seen_by FROM exhibit_sources WHERE exhibit_id = ${exhibitId} ORDER BY id`,
  );
}

export function exhibitCollection(
  db: ReadDb,
  collectionId: number,
): { source: string; method: string; collector: string; notes: string } | undefined {
  return db.get(sql`SELECT source, method, collector, notes FROM collections WHERE id = ${collectionId}`);
}

export function exhibitChildren(
  db: ReadDb,
  exhibitId: number,
): { number: number; original_name: string; derivation: string }[] {
  return db.all(
    sql`SELECT number, original_name, derivation FROM exhibits WHERE parent_id = ${exhibitId} ORDER BY number`,
  );
}

export function exhibitTextPreview(db: ReadDb, exhibitId: number, chars: number): { preview: string; length: number } {
  const row = db.get<{ preview: string; length: number }>(
    sql`SELECT substr(text, 1, ${chars}) AS preview, length(text) AS length FROM exhibit_text WHERE exhibit_id = ${exhibitId}`,
  );
  return { preview: row?.preview ?? '', length: row?.length ?? 0 };
}

export function setExhibitTags(db: WriteDb, exhibitId: number, tags: readonly string[]): void {
  db.run(sql`DELETE FROM exhibit_tags WHERE exhibit_id = ${exhibitId}`);
  for (const tag of new Set(tags))
    db.run(sql`INSERT INTO exhibit_tags (exhibit_id, tag) VALUES (${exhibitId}, ${tag})`);
}

export function setExhibitNotes(db: WriteDb, exhibitId: number, notes: string): void {
  db.run(sql`UPDATE exhibits SET notes = ${notes} WHERE id = ${exhibitId}`);
}

/**
 * Full-text search. The query is quoted term by term, so analyst input is never FTS5 syntax (a stray
 * quote or `NEAR(` cannot break the query); terms are ANDed, the last one as a prefix.
 */
export function searchText(
  db: ReadDb,
  query: string,
  limit: number,
): { number: number; original_name: string; snippet: string }[] {
  const terms = query.match(/[\p{L}\p{N}_]+(?:[.'@:-][\p{L}\p{N}_]+)*/gu) ?? [];
  if (terms.length === 0) return [];
  const match = terms
    .map((term, i) => `"${term.replaceAll('"', '""')}"${i === terms.length - 1 ? '*' : ''}`)
    .join(' AND ');
  const text = db.all<{ number: number; original_name: string; snippet: string; rank: number }>(sql`SELECT
        exhibits.number, exhibits.original_name, exhibit_fts.rank AS rank,
        snippet(exhibit_fts, 0, ${'\u0002'}, ${'\u0003'}, ${'…'}, 16) AS snippet
      FROM exhibit_fts JOIN exhibits ON exhibits.id = exhibit_fts.rowid
      WHERE exhibit_fts MATCH ${match} ORDER BY rank LIMIT ${limit}`);
  // Text read by OCR (its own index, schema 50): one hit per exhibit, the best-ranked picture, its
  // snippet saying where the text was read. A video matches in many frames, so more rows are read.
  const ocr = searchOcrText(db, match, limit * 4).map((hit) => ({
    ...hit,
    snippet: `[OCR${hit.frame_time_s === null ? '' : `, ${frameLabel(hit.frame_time_s)}`}] ${hit.snippet}`,
  }));
  const seen = new Set<number>();
  return [...text, ...ocr]
    .sort((a, b) => a.rank - b.rank)
    .filter((hit) => !seen.has(hit.number) && seen.add(hit.number))
    .slice(0, limit)
    .map(({ number, original_name, snippet }) => ({ number, original_name, snippet }));
}

/** The whole extracted text of an exhibit ('' when none); windows are cut from it in UTF-16 units. */
export function exhibitFullText(db: ReadDb, exhibitId: number): string {
  return db.get<{ text: string }>(sql`SELECT text FROM exhibit_text WHERE exhibit_id = ${exhibitId}`)?.text ?? '';
}
