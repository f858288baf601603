/**
 * Numbered, append-only migrations. Each runs in one transaction and sets `PRAGMA user_version` to its
 * version; a case whose user_version is above the newest one here was written by a newer Locard and is
 * refused rather than guessed at.
 */
import type { WriteDb } from '../driver.js';
import { migration0010 } from './0010-initial.js';
import { migration0020 } from './0020-evidence.js';
import { migration0030 } from './0030-previews.js';
import { migration0040 } from './0040-indicators.js';
import { migration0050 } from './0050-ocr.js';
import { migration0060 } from './0060-timeline.js';
import { migration0070 } from './0070-graph.js';
import { migration0080 } from './0080-graph-views.js';
import { migration0090 } from './0090-briefings.js';
import { migration0100 } from './0100-exchange.js';
import { migration0110 } from './0110-occurrence-runs.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: WriteDb): number {
  return Number(db.pragma('user_version'));
}

/** Apply every migration above the case's version, oldest first. Returns the versions applied. */
export function migrate(db: WriteDb): number[] {
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= schemaVersion(db)) continue;
    db.transaction(() => {
      db.exec(migration.up);
      // user_version cannot be bound as a parameter; the value is a number from this file.
      db.exec(`PRAGMA user_version = ${String(migration.version)}`);
    });
    applied.push(migration.version);
  }
  return applied;
}
