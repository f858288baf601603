/**
 * Schema 40: indicators found in the evidence, every occurrence with its exact provenance, the
 * analyst's verdicts and tags, offline enrichment facts, and the prefix ranges an analyst imported
 * from CSV. Shipped: never edit, add a migration.
 *
 * Why the counters on `indicators`: the Indicators view lists 20,000+ rows at once; counting
 * occurrences and distinct exhibits per row on every listing would read every occurrence. Evidence is
 * never deleted, so the counters only grow, and they are written in the transaction that adds the
 * occurrences (main/locker/indicators.ts); a test recounts them.
 */
import type { Migration } from './index.js';

export const migration0040: Migration = {
  version: 40,
  name: 'indicators',
  up: `
    CREATE TABLE indicators (
      id INTEGER PRIMARY KEY,
      type TEXT NOT NULL,
      -- Canonical value (refanged, RFC 5952, punycode, AS + number) in the case first seen.
      value TEXT NOT NULL,
      -- What makes two values the same indicator: the value, lower-cased for social handles (every
      -- supported platform compares account names case-insensitively).
      value_key TEXT NOT NULL,
      -- social_handle only: the platform when an occurrence said so (a profile URL); '' otherwise.
      platform TEXT NOT NULL DEFAULT '',
      -- JSON array: union of the flags of every occurrence.
      flags TEXT NOT NULL DEFAULT '[]',
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'benign', 'false_positive')),
      notes TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,
      occurrence_count INTEGER NOT NULL DEFAULT 0,
      exhibit_count INTEGER NOT NULL DEFAULT 0,
      -- Import time of the earliest / latest exhibit it occurs in.
      first_seen INTEGER,
      last_seen INTEGER,
      UNIQUE (type, value_key)
    ) STRICT;
    CREATE INDEX indicators_by_status ON indicators(status, type);

    CREATE TABLE indicator_occurrences (
      id INTEGER PRIMARY KEY,
      indicator_id INTEGER NOT NULL REFERENCES indicators(id),
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      -- The text as written in the evidence (defanged forms included).
      surface TEXT NOT NULL,
      -- UTF-16 offsets, half-open, into the exhibit's extracted text (OCR text for 'ocr').
      start_offset INTEGER NOT NULL,
      end_offset INTEGER NOT NULL,
      -- The parser's text segment ('page' + page number, 'header' + header name, 'body', …),
      -- 'cell' for a CSV column, 'attachment' for an e-mail attachment's name (no offsets: 0, 0),
      -- 'ocr' for text read from pixels, 'text' outside any segment.
      location_kind TEXT NOT NULL,
      location_label TEXT NOT NULL DEFAULT '',
      -- OCR only: seconds into a video (NULL for a still image) and the box around the surface.
      frame_time_s REAL,
      box_x REAL,
      box_y REAL,
      box_w REAL,
      box_h REAL,
      flags TEXT NOT NULL DEFAULT '[]'
    ) STRICT;
    CREATE INDEX indicator_occurrences_by_indicator ON indicator_occurrences(indicator_id, exhibit_id);
    CREATE INDEX indicator_occurrences_by_exhibit ON indicator_occurrences(exhibit_id);

    CREATE TABLE indicator_tags (
      indicator_id INTEGER NOT NULL REFERENCES indicators(id),
      tag TEXT NOT NULL,
      PRIMARY KEY (indicator_id, tag)
    ) STRICT;

    -- Offline facts about an indicator (ASN, organisation, country, registrable domain, suffix), each
    -- with where it came from and when that source was produced or imported.
    CREATE TABLE indicator_enrichments (
      id INTEGER PRIMARY KEY,
      indicator_id INTEGER NOT NULL REFERENCES indicators(id),
      kind TEXT NOT NULL,
      value TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      source TEXT NOT NULL,
      source_date INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX indicator_enrichments_by_indicator ON indicator_enrichments(indicator_id);

    -- Prefix ranges from analyst CSVs. Keys are the address as fixed-width lower-case hex (8 digits
    -- for IPv4, 32 for IPv6), so text comparison orders them like the numbers.
    CREATE TABLE enrichment_ranges (
      id INTEGER PRIMARY KEY,
      family INTEGER NOT NULL CHECK (family IN (4, 6)),
      start_key TEXT NOT NULL,
      end_key TEXT NOT NULL,
      -- The prefix or range as the analyst wrote it, and the line it came from.
      prefix TEXT NOT NULL,
      line INTEGER NOT NULL,
      asn INTEGER,
      organisation TEXT NOT NULL DEFAULT '',
      country TEXT NOT NULL DEFAULT '',
      source TEXT NOT NULL,
      imported_at INTEGER NOT NULL,
      CHECK (end_key >= start_key)
    ) STRICT;
    CREATE INDEX enrichment_ranges_by_start ON enrichment_ranges(family, start_key);
    CREATE INDEX enrichment_ranges_by_source ON enrichment_ranges(source);
    CREATE INDEX enrichment_ranges_by_asn ON enrichment_ranges(asn);
  `,
};
