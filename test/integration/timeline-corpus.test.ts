/**
 * Issue 6, acceptance 1: after importing the corpus with the product parsers (no OCR), the proposals
 * include every event expected.json lists, with the right UTC instant (or local date for day
 * precision) and precision. A file's proposals are its own and its derived exhibits' (an archive's
 * members, an e-mail's attachment). Events that exist only as pixels need OCR, which this test does
 * not run: they are named in NEEDS_OCR, and the test fails if one of them starts matching (so the
 * list stays true). The platform dataset's rows stay proposals, grouped under aggregates that keep
 * the list reviewable and are decided for all their rows at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeCase, type OpenCase } from '../../main/locker/case-file.js';
import { sql } from '../../main/locker/sql.js';
import {
  acceptProposal,
  computeProposals,
  deleteEvent,
  exhibitTimes,
  listProposals,
  rejectProposal,
} from '../../main/locker/timeline.js';
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

/** Read from pixels only (the screenshot, via OCR): out of reach without OCR (timeline-ocr.test.ts reads it). */
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

  it('groups the dataset rows under aggregates, so about a hundred items are left to review', () => {
    const keys = new Set(proposals.map((p) => p.key));
    const grouped = proposals.filter((p) => p.group !== null);
    const top = proposals.filter((p) => p.group === null);
    expect(grouped.length).toBeGreaterThan(150);
    expect(top.length).toBeLessThan(110);
    for (const p of grouped) {
      expect(keys.has(p.group ?? '')).toBe(true);
      expect(p.source).toBe('platform-row');
    }
    const wave = top.find((p) => /^\d+ accounts created between 2020-10-06 and 2020-10-12$/.test(p.title));
    expect(wave).toMatchObject({
      source: 'platform-burst',
      start: '2020-10-06',
      end: '2020-10-12',
      lane: 'preparation',
    });
    expect(grouped.filter((p) => p.group === wave?.key).every((p) => p.title.startsWith('Account @'))).toBe(true);
    const run = top.find((p) => /^\d+ posts by \d+ accounts between 2020-10-07 06:31 and /.test(p.title));
    expect(run).toMatchObject({ precision: 'minute', lane: 'spread' });
    // Accounts created long before the wave stand alone.
    expect(top.find((p) => p.title === 'Account @DixieTrailNews created')).toMatchObject({ start: '2018-11-02' });
  });

  it('accepts an aggregate with its open rows into one event, and reopens them with the event', () => {
    const burst = listProposals(open.db).find(
      (p) => p.status === 'open' && p.title.includes('posted https://vidshare.example/watch/Qx7Lm2Rp'),
    );
    if (!burst) throw new Error('no burst of the video link');
    const rows = listProposals(open.db).filter((p) => p.group === burst.key);
    const [first] = rows;
    if (!first) throw new Error('the burst has no rows');
    rejectProposal(open.db, 'test-analyst', first.key);
    const event = acceptProposal(open.db, 'test-analyst', burst.key);
    expect(event).toMatchObject({ lane: 'spread', start: burst.start, end: burst.end, proposalKey: burst.key });
    const after = new Map(listProposals(open.db).map((p) => [p.key, p]));
    expect(after.get(first.key)).toMatchObject({ status: 'rejected', eventId: null });
    for (const row of rows.slice(1))
      expect(after.get(row.key)).toMatchObject({ status: 'accepted', eventId: event.id });
    // Recomputing keeps them decided; deleting the event opens the aggregate and its accepted rows again.
    computeProposals(open.db, 'test-analyst');
    expect(listProposals(open.db).find((p) => p.key === rows[1]?.key)?.status).toBe('accepted');
    deleteEvent(open.db, 'test-analyst', event.id);
    const reopened = listProposals(open.db).filter((p) => p.group === burst.key && p.status === 'open');
    expect(reopened).toHaveLength(rows.length - 1);
  });

  it('rejects an aggregate with its open rows', () => {
    const wave = listProposals(open.db).find((p) => p.status === 'open' && p.title.includes('accounts created'));
    if (!wave) throw new Error('no wave of new accounts');
    rejectProposal(open.db, 'test-analyst', wave.key);
    const rows = listProposals(open.db).filter((p) => p.group === wave.key);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((p) => p.status === 'rejected')).toBe(true);
  });

  it('dates each exhibit by its own metadata, its parent’s, or the events citing it', () => {
    const times = exhibitTimes(open.db);
    const email = byFile.get('emails/01-threat-with-video-attachment.eml')?.find((p) => p.source === 'email-date');
    const ofEmail = times.filter((t) => t.exhibitNumber === email?.exhibitNumber);
    expect(ofEmail).toContainEqual(
      expect.objectContaining({ start: '2020-10-20T14:12:41Z', precision: 'second', source: 'E-mail Date' }),
    );
    expect(ofEmail.some((t) => /^E-mail Received #\d$/.test(t.source))).toBe(true);
    const video = byFile.get('video/voter-portal-screen-recording.mp4')?.find((p) => p.source === 'video');
    expect(times.filter((t) => t.exhibitNumber === video?.exhibitNumber)).toEqual([
      expect.objectContaining({ start: '2020-10-19T21:14:00Z', source: 'creation_time' }),
    ]);
    // A text file has no date of its own until an event cites it.
    const notes = byFile.get('reports/analyst-notes.txt')?.[0]?.exhibitNumber ?? 0;
    const bare = times.filter((t) => t.exhibitNumber === notes);
    expect(bare).toEqual([]);
    const cited = acceptProposal(open.db, 'test-analyst', byFile.get('reports/analyst-notes.txt')?.[0]?.key ?? '');
    expect(exhibitTimes(open.db).filter((t) => t.exhibitNumber === notes)).toEqual([
      expect.objectContaining({ start: cited.start, source: `event #${String(cited.id)}: ${cited.title}` }),
    ]);
  });
});
