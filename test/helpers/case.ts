/** Make real encrypted cases in temp folders for tests. */
import { join } from 'node:path';
import { createCase, closeCase, type OpenCase } from '../../main/locker/case-file.js';
import type { WriteDb } from '../../main/locker/driver.js';
import { insertExhibit } from '../../main/locker/exhibits.js';
import { sql } from '../../main/locker/sql.js';
import { tempDir } from './cli.js';

export const PASSPHRASE = 'correct horse battery';

export function newCase(title = 'Operation Test Title', passphrase = PASSPHRASE): { path: string; open: OpenCase } {
  const path = join(tempDir(), 'case.locard');
  const open = createCase({ path, passphrase, title, analyst: 'test-analyst', tlp: 'AMBER' });
  return { path, open };
}

export function newClosedCase(title?: string, passphrase = PASSPHRASE): string {
  const { path, open } = newCase(title, passphrase);
  closeCase(open);
  return path;
}

/**
 * A stored-bytes row and an exhibit row with plain defaults, for tests that need exhibits to hang
 * indicators, OCR runs or graph facts on without importing files. Returns the exhibit's row id.
 */
export function insertBareExhibit(
  db: WriteDb,
  exhibit: {
    readonly name: string;
    readonly sha256: string;
    readonly importedAt?: number;
    readonly kind?: string;
    readonly mime?: string;
    readonly importedBy?: string;
  },
): number {
  const blob = Number(
    db.run(sql`INSERT INTO blobs (sha256, stored_at) VALUES (${exhibit.sha256}, ${exhibit.importedAt ?? 1})`)
      .lastInsertRowid,
  );
  return insertExhibit(db, {
    blob_id: blob,
    original_name: exhibit.name,
    original_path: '',
    size: 1,
    kind: exhibit.kind ?? 'text',
    mime: exhibit.mime ?? 'text/plain',
    extension_mismatch: 0,
    fs_modified_at: null,
    fs_changed_at: null,
    fs_accessed_at: null,
    fs_created_at: null,
    imported_at: exhibit.importedAt ?? 1,
    imported_by: exhibit.importedBy ?? 'test-analyst',
    collection_id: null,
    parent_id: null,
    derivation: '',
    parse_status: 'parsed',
    parse_error: '',
    metadata: '{}',
  }).id;
}
