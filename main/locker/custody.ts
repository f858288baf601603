/**
 * The custody log: append-only, each entry carrying the SHA-256 of the entry before it, so that any
 * edit, insertion or deletion of history shows up when the chain is walked again.
 */
import { createHash } from 'node:crypto';
import type { CustodyAction, CustodyEntry, CustodyVerification } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './driver.js';
import { sql } from './sql.js';

export const GENESIS_HASH = '0'.repeat(64);

interface CustodyRow {
  seq: number;
  at: number;
  analyst: string;
  action: string;
  object_ids: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface NewCustodyEntry {
  readonly analyst: string;
  readonly action: CustodyAction;
  readonly objectIds?: readonly string[];
  readonly details?: Readonly<Record<string, unknown>>;
  /** Defaults to now; tests pass a fixed time. */
  readonly at?: number;
}

/**
 * The bytes an entry's hash covers: every stored field but the hash itself, as JSON in a fixed key
 * order. `object_ids` and `details` are hashed as the stored JSON text, so what is verified is exactly
 * what is on disk.
 */
function entryDigest(row: Omit<CustodyRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.analyst,
    row.action,
    row.object_ids,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function toEntry(row: CustodyRow): CustodyEntry {
  return {
    seq: row.seq,
    at: row.at,
    analyst: row.analyst,
    action: row.action as CustodyAction,
    objectIds: safeJson<string[]>(row.object_ids, []),
    details: safeJson<Record<string, unknown>>(row.details, {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Append one entry. Call inside the transaction that makes the change it records. */
export function appendCustody(db: WriteDb, entry: NewCustodyEntry): CustodyEntry {
  const head = db.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1`);
  const base = {
    seq: (head?.seq ?? 0) + 1,
    at: entry.at ?? Date.now(),
    analyst: entry.analyst,
    action: entry.action,
    object_ids: JSON.stringify(entry.objectIds ?? []),
    details: JSON.stringify(entry.details ?? {}),
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  const row: CustodyRow = { ...base, hash: entryDigest(base) };
  db.transaction(() => {
    db.run(sql`INSERT INTO custody_log (seq, at, analyst, action, object_ids, details, prev_hash, hash)
               VALUES (${row.seq}, ${row.at}, ${row.analyst}, ${row.action}, ${row.object_ids},
                       ${row.details}, ${row.prev_hash}, ${row.hash})`);
    db.run(sql`UPDATE case_info SET custody_head_seq = ${row.seq}, custody_head_hash = ${row.hash} WHERE id = 1`);
  });
  return toEntry(row);
}

export function custodyCount(db: ReadDb): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM custody_log`)?.n ?? 0;
}

/** Newest first, for the Custody view. */
export function listCustody(db: ReadDb, offset: number, limit: number): CustodyEntry[] {
  return db
    .all<CustodyRow>(sql`SELECT * FROM custody_log ORDER BY seq DESC LIMIT ${limit} OFFSET ${offset}`)
    .map(toEntry);
}

export function custodyForObject(db: ReadDb, objectId: string): CustodyEntry[] {
  return db
    .all<CustodyRow>(
      sql`SELECT custody_log.* FROM custody_log, json_each(custody_log.object_ids)
          WHERE json_each.value = ${objectId} ORDER BY seq`,
    )
    .map(toEntry);
}

function describe(row: CustodyRow): string {
  return `#${String(row.seq)} (${row.action}, ${new Date(row.at).toISOString()})`;
}

/** Walk the whole chain from the genesis entry and name the first entry where it does not hold. */
export function verifyCustody(db: ReadDb, now = Date.now()): CustodyVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const statement = db.all<CustodyRow>(sql`SELECT * FROM custody_log ORDER BY seq`);
  const broken = (seq: number, kind: NonNullable<CustodyVerification['firstBroken']>['kind'], message: string) => ({
    ok: false,
    entries,
    headHash: prevHash,
    firstBroken: { seq, kind, message },
    verifiedAt: now,
  });
  for (const row of statement) {
    if (row.seq !== expectedSeq) {
      return broken(
        expectedSeq,
        'missing-entry',
        `Custody entry #${String(expectedSeq)} is missing: the log jumps from #${String(expectedSeq - 1)} to #${String(row.seq)}.`,
      );
    }
    if (row.prev_hash !== prevHash) {
      return broken(
        row.seq,
        'broken-link',
        `Custody entry ${describe(row)} does not follow the entry before it: its link to the previous entry was changed.`,
      );
    }
    if (entryDigest(row) !== row.hash) {
      return broken(
        row.seq,
        'altered',
        `Custody entry ${describe(row)} was altered after it was written: its contents no longer match its hash.`,
      );
    }
    prevHash = row.hash;
    expectedSeq += 1;
    entries += 1;
  }
  const head = db.get<{ custody_head_seq: number; custody_head_hash: string }>(
    sql`SELECT custody_head_seq, custody_head_hash FROM case_info WHERE id = 1`,
  );
  if (head && (head.custody_head_seq !== entries || head.custody_head_hash !== prevHash)) {
    return broken(
      entries + 1,
      'head-mismatch',
      `The custody log ends at #${String(entries)} but the case recorded #${String(head.custody_head_seq)} as its last entry: entries were removed from the end.`,
    );
  }
  return { ok: true, entries, headHash: prevHash, verifiedAt: now };
}
