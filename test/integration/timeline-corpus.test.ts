/**
 * Issue 6, acceptance 1: after importing the corpus with the product parsers (no OCR), the proposals
 * include every event expected.json lists, with the right UTC instant (or local date for day
 * precision) and precision. A file's proposals are its own and its derived exhibits' (an archive's
 * members, an e-mail's attachment). Events that exist only as pixels need OCR, which this test does
 * not run: they are named in NEEDS_OCR, and the test fails if one of them starts matching (so the
 * list stays true).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeCase, type OpenCase } from '../../main/locker/case-file.js';
import { sql } from '../../main/locker/sql.js';
import { computeProposals, listProposals } from '../../main/locker/timeline.js';
import type { TimelineProposal } from '../../shared/timeline.js';
import { newCase } from '../helpers/case.js';
import { ROOT } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
interface ExpectedEvent {
  readonly timestamp: string;
  readonly precision: string;
  readonly source_text: string;
  readonly description: string;
}
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Record<string, { sha256: string; events: readonly ExpectedEvent[] }>;
};

/** Read from pixels only (the screenshot, via OCR): out of reach without OCR. */
const NEEDS_OCR = new Set([
  'images/social-post-screenshot.png › 10:47 PM EDT · Oct 20, 2020',
  'archives/evidence-bundle.zip › 10:47 PM EDT · Oct 20, 2020',
]);

let open: OpenCase;
let proposals: TimelineProposal[];
const byFile = new Map<string, TimelineProposal[]>();

/** expected.json's timestamp matches a proposal: same instant for zoned values, same text for local ones. */
function matches(event: ExpectedEvent, p: TimelineProposal): boolean {
  if (p.precision !== event.precision) return false;
  const zoned = /Z$|[+-]\d{2}:?\d{2}$/.test(event.timestamp);
  if (zoned) return p.start.endsWith('Z') && Date.parse(p.start) === Date.parse(event.timestamp);
  if (event.precision === 'day') return p.start === event.timestamp;
  return !p.start.endsWith('Z') && Date.parse(`${p.start}Z`) === Date.parse(`${event.timestamp}Z`);
}

beforeAll(async () => {
  open = newCase('Corpus timeline').open;
  const good = Object.keys(expected.files).map((relative) => join(CORPUS, relative));
  await importPaths(open.db, good, { analyst: 'test-analyst', parsers: productParsers });
  computeProposals(open.db, 'test-analyst');
  proposals = listProposals(open.db);
  const exhibits = open.db.all<{ id: number; number: number; parent_id: number | null; sha256: string }>(
    sql`SELECT e.id, e.number, e.parent_id, b.sha256 FROM exhibits e JOIN blobs b ON b.id = e.blob_id ORDER BY e.number`,
  );
  for (const [relative, file] of Object.entries(expected.files)) {
    const top = exhibits.find((e) => e.parent_id === null && e.sha256 === file.sha256);
    if (!top) throw new Error(`no exhibit for ${relative}`);
    const family = new Set([top.id]);
    for (const e of exhibits) if (e.parent_id !== null && family.has(e.parent_id)) family.add(e.id);
    const numbers = new Set(exhibits.filter((e) => family.has(e.id)).map((e) => e.number));
    byFile.set(
      relative,
      proposals.filter((p) => numbers.has(p.exhibitNumber)),
    );
  }
}, 180_000);

afterAll(() => {
  closeCase(open);
});

describe('timeline proposals from the corpus', () => {
  it.each(Object.keys(expected.files))('%s: every expected event is proposed', (relative) => {
    const mine = byFile.get(relative) ?? [];
    const misses: string[] = [];
    const unexpectedHits: string[] = [];
    for (const event of expected.files[relative]?.events ?? []) {
      const found = mine.some((p) => matches(event, p));
      const known = NEEDS_OCR.has(`${relative} › ${event.source_text}`);
      if (!found && !known)
        misses.push(`${event.timestamp} (${event.precision}) "${event.source_text}" — ${event.description}`);
      if (found && known) unexpectedHits.push(event.source_text);
    }
    expect(misses, `${relative}: missing proposals`).toEqual([]);
    expect(unexpectedHits, `${relative}: found without OCR, drop from NEEDS_OCR`).toEqual([]);
  });

  it('cites the exhibit and where in it, and proposes each instant of an exhibit once', () => {
    const keys = new Set<string>();
    for (const p of proposals) {
      expect(keys.has(p.key)).toBe(false);
      keys.add(p.key);
      expect(p.exhibitNumber).toBeGreaterThan(0);
      expect(p.location.label).not.toBe('');
      if (p.location.kind === 'text') expect(p.location.start).toBeTypeOf('number');
    }
    const email = proposals.filter((p) => p.source === 'email-received' && p.start === '2020-10-20T14:12:49Z');
    expect(email.length).toBeGreaterThan(0);
    expect(email[0]?.sourceZone).toBe('-04:00');
    expect(email[0]?.location.label).toMatch(/^Received #\d$/);
  });

  it('aggregates the burst of posts of the video link', () => {
    const bursts = proposals.filter((p) => p.source === 'platform-burst');
    const video = bursts.find((p) => p.title.includes('vidshare.example/watch/Qx7Lm2Rp'));
    expect(video?.title, JSON.stringify(bursts.map((b) => b.title))).toMatch(
      /^\d+ accounts posted .* between \d{2}:\d{2} and \d{2}:\d{2} UTC$/,
    );
  });

  it('keeps accepted and rejected proposals when recomputed', () => {
    const n = proposals.length;
    expect(computeProposals(open.db, 'test-analyst').proposals).toBe(n);
  });
});
