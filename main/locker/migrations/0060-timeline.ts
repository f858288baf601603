/**
 * Schema 60: the timeline (issue 6). `timeline_events` are what the analyst keeps (made by hand or
 * from an accepted proposal); `timeline_proposals` are computed from the evidence and recomputed on
 * demand — open ones are replaced, accepted and rejected ones keep their row and state (the key is
 * stable: exhibit, instant, precision and what tells rows of a dataset apart). Lanes are the case's
 * own editable list. Times are text as shared/timeline.ts writes them (UTC with Z, or local).
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0060: Migration = {
  version: 60,
  name: 'timeline',
  up: `
    CREATE TABLE timeline_lanes (
      position INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    ) STRICT;
    INSERT INTO timeline_lanes (position, name) VALUES
      (1, 'preparation'), (2, 'release'), (3, 'spread'), (4, 'detection and analysis'),
      (5, 'attribution'), (6, 'response');

    CREATE TABLE timeline_events (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      start TEXT NOT NULL,
      end TEXT,
      precision TEXT NOT NULL
        CHECK (precision IN ('year', 'month', 'day', 'hour', 'minute', 'second', 'approximate')),
      note TEXT NOT NULL DEFAULT '',
      source_zone TEXT NOT NULL DEFAULT 'unknown',
      lane TEXT NOT NULL DEFAULT '',
      -- JSON arrays: entity ids (free text for now), cited exhibit numbers, milestone flags.
      entities TEXT NOT NULL DEFAULT '[]',
      exhibits TEXT NOT NULL DEFAULT '[]',
      confidence TEXT NOT NULL DEFAULT 'moderate' CHECK (confidence IN ('low', 'moderate', 'high')),
      milestones TEXT NOT NULL DEFAULT '[]',
      proposal_key TEXT,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX timeline_events_by_start ON timeline_events(start);

    CREATE TABLE timeline_proposals (
      key TEXT PRIMARY KEY,
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      source TEXT NOT NULL,
      title TEXT NOT NULL,
      start TEXT NOT NULL,
      end TEXT,
      precision TEXT NOT NULL,
      source_zone TEXT NOT NULL,
      source_text TEXT NOT NULL,
      context TEXT NOT NULL,
      -- JSON: { kind, label, start?, end? } (shared/timeline.ts ProposalLocation).
      location TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
      event_id INTEGER REFERENCES timeline_events(id),
      computed_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX timeline_proposals_by_exhibit ON timeline_proposals(exhibit_id);
  `,
};
