/**
 * Schema 70: link analysis (main/graph). Only what an analyst asserts is stored here: entities they
 * create, relationships they assert (or accept from a suggestion), their decisions on suggestions,
 * and merges. Indicator and exhibit entities and every derived relationship are read from the
 * evidence tables each time (main/locker/graph.ts), so they are never stale and never stored twice.
 * Entity references are the shared ids (`ind:12`, `exh:2`, `ent:5`, `fact:asn:AS64500`).
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0070: Migration = {
  version: 70,
  name: 'graph',
  up: `
    CREATE TABLE graph_entities (
      id INTEGER PRIMARY KEY,
      type TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL
    ) STRICT;

    CREATE TABLE graph_relationships (
      id INTEGER PRIMARY KEY,
      type TEXT NOT NULL,
      source_ref TEXT NOT NULL,
      target_ref TEXT NOT NULL,
      confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),
      -- JSON array of exhibit numbers the relationship rests on.
      cited TEXT NOT NULL DEFAULT '[]',
      note TEXT NOT NULL DEFAULT '',
      -- 'asserted', or 'suggestion' when the analyst accepted a suggested link.
      origin TEXT NOT NULL CHECK (origin IN ('asserted', 'suggestion')),
      analyst TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      -- Set when the analyst withdraws it (kept: custody and briefings may cite it).
      retracted_at INTEGER
    ) STRICT;
    CREATE INDEX graph_relationships_by_source ON graph_relationships(source_ref);
    CREATE INDEX graph_relationships_by_target ON graph_relationships(target_ref);

    -- The analyst's answer to a suggested link, so a rejected one is not suggested again.
    CREATE TABLE graph_suggestion_decisions (
      suggestion TEXT PRIMARY KEY,
      decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
      relationship_id INTEGER REFERENCES graph_relationships(id),
      decided_by TEXT NOT NULL,
      decided_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE graph_merges (
      id INTEGER PRIMARY KEY,
      target_ref TEXT NOT NULL,
      analyst TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      undone_at INTEGER,
      undone_by TEXT
    ) STRICT;

    -- Each entity a merge folded into its target: the alias, who asserted it and from which source.
    CREATE TABLE graph_merge_members (
      merge_id INTEGER NOT NULL REFERENCES graph_merges(id),
      member_ref TEXT NOT NULL,
      alias TEXT NOT NULL,
      source TEXT NOT NULL DEFAULT '',
      asserted_by TEXT NOT NULL,
      asserted_at INTEGER NOT NULL,
      -- Set when the member was split off again (or the whole merge undone).
      split_at INTEGER,
      PRIMARY KEY (merge_id, member_ref)
    ) STRICT;
    CREATE INDEX graph_merge_members_by_member ON graph_merge_members(member_ref);
  `,
};
