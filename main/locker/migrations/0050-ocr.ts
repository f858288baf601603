/**
 * Schema 50: text read from pixels (main/ocr). One `ocr_runs` row per exhibit that OCR has finished
 * with (read or failed: a cancelled or interrupted exhibit has none and stays pending), and one
 * `ocr_results` row per picture read — the image itself, or each distinct video frame — with its
 * words and their boxes. OCR text is searchable through its own external-content FTS5 index, so the
 * parser's `exhibit_text` (and the offsets of its indicator occurrences) never change after import.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0050: Migration = {
  version: 50,
  name: 'ocr',
  up: `
    CREATE TABLE ocr_runs (
      exhibit_id INTEGER PRIMARY KEY REFERENCES exhibits(id),
      status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
      -- Why OCR failed (the analyst reads it), '' when done.
      reason TEXT NOT NULL DEFAULT '',
      -- 'eng', 'eng+fas', … and the engine and data that read it ("tesseract.js 7.0.0, eng (4.0.0_best_int)").
      languages TEXT NOT NULL,
      engine TEXT NOT NULL,
      -- Videos: a frame at least this often (seconds), besides scene changes; NULL for images.
      frame_interval_s REAL,
      -- Frames sampled (1 for an image) and pictures kept (a frame reading the same as the one before is not kept).
      frames_sampled INTEGER NOT NULL DEFAULT 0,
      pictures INTEGER NOT NULL DEFAULT 0,
      started_at INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      analyst TEXT NOT NULL
    ) STRICT;

    CREATE TABLE ocr_results (
      id INTEGER PRIMARY KEY,
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      -- Seconds into the video (the frame's own presentation time); NULL for a still image.
      frame_time_s REAL,
      -- The picture's size as stored (boxes are in these pixels).
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      text TEXT NOT NULL,
      -- JSON array, one entry per word: [start, end, x, y, width, height, confidence], start/end being
      -- UTF-16 offsets into text (the word is text[start:end]). Arrays, not objects: a frame of a
      -- terminal holds hundreds of words.
      words TEXT NOT NULL DEFAULT '[]',
      -- Mean word confidence, 0–100.
      confidence REAL NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX ocr_results_by_exhibit ON ocr_results(exhibit_id, frame_time_s);

    CREATE VIRTUAL TABLE ocr_fts USING fts5(
      text, content = 'ocr_results', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    -- Leaves that fit SQLCipher's 4 KiB pages less their reserved bytes (see schema 20).
    INSERT INTO ocr_fts (ocr_fts, rank) VALUES ('pgsz', 3900);
    CREATE TRIGGER ocr_results_ai AFTER INSERT ON ocr_results BEGIN
      INSERT INTO ocr_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER ocr_results_ad AFTER DELETE ON ocr_results BEGIN
      INSERT INTO ocr_fts (ocr_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER ocr_results_au AFTER UPDATE ON ocr_results BEGIN
      INSERT INTO ocr_fts (ocr_fts, rowid, text) VALUES ('delete', old.id, old.text);
      INSERT INTO ocr_fts (rowid, text) VALUES (new.id, new.text);
    END;
  `,
};
