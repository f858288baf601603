/** The exhibits table group: rows, mappers and the queries the importer and the Evidence view need. */
import type { ReadDb, WriteDb } from './driver.js';
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
