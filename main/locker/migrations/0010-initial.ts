/** Schema 10: case metadata and the append-only custody log. Shipped: never edit, add a migration. */
import type { Migration } from './index.js';

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up: `
    CREATE TABLE case_info (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      case_id TEXT NOT NULL,
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      analyst TEXT NOT NULL,
      tlp TEXT NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      created_at INTEGER NOT NULL,
      created_by_version TEXT NOT NULL,
      -- The custody chain's head, written in the same transaction as each entry, so that deleting
      -- entries from the end of the log is detected too.
      custody_head_seq INTEGER NOT NULL DEFAULT 0,
      custody_head_hash TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE TABLE custody_log (
      seq INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      analyst TEXT NOT NULL,
      action TEXT NOT NULL,
      object_ids TEXT NOT NULL, -- JSON array of ids
      details TEXT NOT NULL,    -- JSON object
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;

    -- Append-only inside Locard; anyone with the key can still drop these, which is why every entry
    -- is also chained by hash.
    CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
      BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
      BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
  `,
};
