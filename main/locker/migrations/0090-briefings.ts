/**
 * Schema 90: briefings (issue 7). Several per case; each row holds only what the analyst writes and
 * chooses, as JSON checked against main/briefing/schema.ts on every read and write. The indicators,
 * exhibits and custody statement are read from the case when a briefing is rendered.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0090: Migration = {
  version: 90,
  name: 'briefings',
  up: `
    CREATE TABLE briefings (
      id TEXT PRIMARY KEY,
      -- The BriefingContent as JSON (title, marking, judgements, sections, figures).
      content TEXT NOT NULL CHECK (json_valid(content)),
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX briefings_by_update ON briefings(updated_at);
  `,
};
