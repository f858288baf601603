/**
 * Schema 110: indicator occurrences found in text are stored as runs — one row per indicator, exhibit,
 * surface, location and flags, with every occurrence's offsets packed in it — instead of one row each.
 * A log or a mailbox repeats the same address hundreds of times per file: row-per-occurrence made
 * those rows and their two indexes ~45% of a case's bytes and most of the pages a small file's import
 * rewrote and encrypted (measured: 22 of 54 pages per file on the intake benchmark). Every occurrence
 * is still recorded, with its exact offsets. Occurrences read by OCR keep their own rows in
 * `indicator_occurrences` (each has a frame time and a box).
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0110: Migration = {
  version: 110,
  name: 'occurrence-runs',
  up: `
    CREATE TABLE indicator_occurrence_runs (
      id INTEGER PRIMARY KEY,
      indicator_id INTEGER NOT NULL REFERENCES indicators(id),
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      -- The text as written in the evidence (defanged forms included); the same for the whole run.
      surface TEXT NOT NULL,
      -- As in indicator_occurrences: the parser's segment ('page', 'header', 'body', 'cell', …) and its label.
      location_kind TEXT NOT NULL CHECK (location_kind <> 'ocr'),
      location_label TEXT NOT NULL DEFAULT '',
      flags TEXT NOT NULL DEFAULT '[]',
      occurrence_count INTEGER NOT NULL CHECK (occurrence_count > 0),
      -- Every occurrence's UTF-16 offsets into the exhibit's extracted text, half-open, as decimal
      -- "start,end,start,end,…" ordered by start: 2 × occurrence_count numbers.
      offsets TEXT NOT NULL,
      -- The first occurrence's start (reading in order without unpacking every run).
      first_start INTEGER NOT NULL
    ) STRICT;
    -- Lookups are by indicator (its detail, "already in this exhibit?"); nothing reads runs by exhibit alone.
    CREATE INDEX indicator_occurrence_runs_by_indicator
      ON indicator_occurrence_runs(indicator_id, exhibit_id, first_start);

    INSERT INTO indicator_occurrence_runs (indicator_id, exhibit_id, surface, location_kind, location_label, flags,
        occurrence_count, offsets, first_start)
      SELECT indicator_id, exhibit_id, surface, location_kind, location_label, flags, count(*),
             group_concat(start_offset || ',' || end_offset, ',' ORDER BY start_offset, id), min(start_offset)
        FROM indicator_occurrences WHERE location_kind <> 'ocr'
        GROUP BY indicator_id, exhibit_id, surface, location_kind, location_label, flags;
    DELETE FROM indicator_occurrences WHERE location_kind <> 'ocr';
  `,
};
