/**
 * Schema 100: what exchange imports brought in (main/exchange). One row per object of an imported
 * file (a STIX id, a MISP attribute's UUID, a CSV row's key) and the entity or relationship it became,
 * so that importing the same file again adds nothing, an imported entity shows where it came from, and
 * a re-export keeps the object's original STIX id.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0100: Migration = {
  version: 100,
  name: 'exchange',
  up: `
    CREATE TABLE exchange_objects (
      -- The object's id in its file: "threat-actor--…", a MISP UUID, "csv:<sha256>:<row>".
      source_id TEXT NOT NULL,
      -- What it became: an entity ("ent:5", "ind:12") or a relationship ("r:7").
      ref TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('entity', 'relationship')),
      -- 1 when the import created the entity or relationship, 0 when it matched one already in the case.
      created INTEGER NOT NULL CHECK (created IN (0, 1)),
      format TEXT NOT NULL CHECK (format IN ('stix', 'misp', 'csv')),
      -- Who produced the file, as it says (the STIX identity, the MISP organisation), or its name.
      source TEXT NOT NULL,
      -- The exhibit that holds the imported file.
      exhibit_number INTEGER NOT NULL,
      imported_at INTEGER NOT NULL,
      imported_by TEXT NOT NULL,
      PRIMARY KEY (source_id, ref)
    ) STRICT;
    CREATE INDEX exchange_objects_by_ref ON exchange_objects(ref);
  `,
};
