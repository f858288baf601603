/**
 * What an export reads from the case, as plain data: the graph (entities and relationships, merges
 * applied), the indicators with their verdicts and tags, the exhibits with their hashes, the timeline's
 * events, and the STIX ids imported entities came with. The writers (stix.ts, misp.ts, csv.ts) are pure
 * functions of this snapshot.
 */
import type { CaseGraph } from '../../shared/graph.js';
import type { IndicatorSummary } from '../../shared/indicator-types.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import type { ReadDb } from '../locker/driver.js';
import { listExhibits } from '../locker/exhibits.js';
import { readGraph } from '../locker/graph.js';
import { listIndicators } from '../locker/indicators.js';
import { sql } from '../locker/sql.js';
import { listEvents } from '../locker/timeline.js';

export interface ExhibitRecord {
  readonly number: number;
  readonly name: string;
  readonly size: number;
  readonly mime: string;
  readonly sha256: string;
  readonly sha1: string;
  readonly md5: string;
  readonly importedAt: number;
  readonly importedBy: string;
}

export interface ExchangeSnapshot {
  readonly graph: CaseGraph;
  /** Every indicator, dismissed ones included (writers leave benign and false positives out). */
  readonly indicators: readonly IndicatorSummary[];
  readonly exhibits: readonly ExhibitRecord[];
  readonly events: readonly TimelineEvent[];
  /** Entities an exchange import created: their ref → the STIX id they came with. */
  readonly importedStixIds: ReadonlyMap<string, string>;
}

export function readSnapshot(db: ReadDb): ExchangeSnapshot {
  const exhibits = listExhibits(db).map((e) => ({
    number: e.number,
    name: e.original_name,
    size: e.size,
    mime: e.mime,
    sha256: e.sha256,
    sha1: e.sha1,
    md5: e.md5,
    importedAt: e.imported_at,
    importedBy: e.imported_by,
  }));
  const imported = db.all<{ ref: string; source_id: string }>(
    sql`SELECT ref, min(source_id) AS source_id FROM exchange_objects
        WHERE kind = 'entity' AND created = 1 AND format = 'stix' GROUP BY ref`,
  );
  return {
    graph: readGraph(db),
    indicators: listIndicators(db),
    exhibits,
    events: listEvents(db),
    importedStixIds: new Map(imported.map((r) => [r.ref, r.source_id])),
  };
}
