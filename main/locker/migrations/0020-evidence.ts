/**
 * Schema 20: the evidence locker proper. Original bytes live in `blobs`/`blob_chunks`, content-addressed
 * by SHA-256 and chunked (SQLite blobs are capped near 1 GB; recordings are larger). Exhibits point at
 * blobs, so identical bytes are stored once however often they are imported or derived.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0020: Migration = {
  version: 20,
  name: 'evidence',
  up: `
    CREATE TABLE blobs (
      id INTEGER PRIMARY KEY,
      -- NULL only inside the import transaction that is still streaming the bytes in.
      sha256 TEXT UNIQUE,
      sha1 TEXT,
      md5 TEXT,
      size INTEGER NOT NULL DEFAULT 0,
      chunk_count INTEGER NOT NULL DEFAULT 0,
      stored_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE blob_chunks (
      blob_id INTEGER NOT NULL REFERENCES blobs(id),
      seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      UNIQUE (blob_id, seq)
    ) STRICT;

    CREATE TABLE collections (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL DEFAULT '',
      method TEXT NOT NULL DEFAULT '',
      collector TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL
    ) STRICT;

    CREATE TABLE exhibits (
      id INTEGER PRIMARY KEY,
      number INTEGER NOT NULL UNIQUE,
      blob_id INTEGER NOT NULL REFERENCES blobs(id),
      original_name TEXT NOT NULL,
      original_path TEXT NOT NULL DEFAULT '',
      size INTEGER NOT NULL,
      kind TEXT NOT NULL,
      mime TEXT NOT NULL,
      extension_mismatch INTEGER NOT NULL DEFAULT 0 CHECK (extension_mismatch IN (0, 1)),
      fs_modified_at INTEGER,
      fs_changed_at INTEGER,
      fs_accessed_at INTEGER,
      fs_created_at INTEGER,
      imported_at INTEGER NOT NULL,
      imported_by TEXT NOT NULL,
      collection_id INTEGER REFERENCES collections(id),
      parent_id INTEGER REFERENCES exhibits(id),
      derivation TEXT NOT NULL DEFAULT '',
      parse_status TEXT NOT NULL CHECK (parse_status IN ('parsed', 'failed', 'not-parsed')),
      parse_error TEXT NOT NULL DEFAULT '',
      metadata TEXT NOT NULL DEFAULT '{}',
      notes TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX exhibits_by_blob ON exhibits(blob_id);
    CREATE INDEX exhibits_by_parent ON exhibits(parent_id);

    -- Every place the same bytes were imported from (the first import included).
    CREATE TABLE exhibit_sources (
      id INTEGER PRIMARY KEY,
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      original_path TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      seen_by TEXT NOT NULL,
      collection_id INTEGER REFERENCES collections(id)
    ) STRICT;
    CREATE INDEX exhibit_sources_by_exhibit ON exhibit_sources(exhibit_id);

    CREATE TABLE exhibit_tags (
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      tag TEXT NOT NULL,
      PRIMARY KEY (exhibit_id, tag)
    ) STRICT;

    -- Extracted text (search, indicators) and where each stretch of it came from.
    CREATE TABLE exhibit_text (
      exhibit_id INTEGER PRIMARY KEY REFERENCES exhibits(id),
      text TEXT NOT NULL,
      segments TEXT NOT NULL DEFAULT '[]'
    ) STRICT;

    -- External-content full-text index over exhibit_text (no second copy of the text).
    CREATE VIRTUAL TABLE exhibit_fts USING fts5(
      text, content = 'exhibit_text', content_rowid = 'exhibit_id', tokenize = 'unicode61 remove_diacritics 2'
    );
    -- SQLCipher reserves 80 bytes per 4 KiB page: FTS5's default 4050-byte leaves would spill to
    -- overflow pages and grow the file by about half.
    INSERT INTO exhibit_fts (exhibit_fts, rank) VALUES ('pgsz', 3900);
    CREATE TRIGGER exhibit_text_ai AFTER INSERT ON exhibit_text BEGIN
      INSERT INTO exhibit_fts (rowid, text) VALUES (new.exhibit_id, new.text);
    END;
    CREATE TRIGGER exhibit_text_ad AFTER DELETE ON exhibit_text BEGIN
      INSERT INTO exhibit_fts (exhibit_fts, rowid, text) VALUES ('delete', old.exhibit_id, old.text);
    END;
    CREATE TRIGGER exhibit_text_au AFTER UPDATE ON exhibit_text BEGIN
      INSERT INTO exhibit_fts (exhibit_fts, rowid, text) VALUES ('delete', old.exhibit_id, old.text);
      INSERT INTO exhibit_fts (rowid, text) VALUES (new.exhibit_id, new.text);
    END;
  `,
};
