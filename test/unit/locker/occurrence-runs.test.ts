// Schema 110: text occurrences stored as runs with packed offsets. Every occurrence survives the
// packing (offsets, order, counters), a detail read with a limit returns the same first occurrences as
// one row each would, and a case written before schema 110 has its rows moved into runs on opening.
import { afterEach, describe, expect, it } from 'vitest';
import type { Extraction, OccurrenceLocation } from '../../../shared/indicator-types.js';
import { closeCase, openCase, type OpenCase } from '../../../main/locker/case-file.js';
import { openEncrypted, type CaseDb } from '../../../main/locker/driver.js';
import { indicatorOccurrences, listIndicators, recordOccurrences } from '../../../main/locker/indicators.js';
import { sql } from '../../../main/locker/sql.js';
import { insertBareExhibit, newCase, PASSPHRASE } from '../../helpers/case.js';

const opened: OpenCase[] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function addExhibit(db: CaseDb, i: number): number {
  return insertBareExhibit(db, { name: `file-${String(i)}.txt`, sha256: `sha-${String(i)}`, importedAt: 1000 + i });
}

function at(value: string, start: number, surface = value, location: Partial<OccurrenceLocation> = {}) {
  const extraction: Extraction = { type: 'ipv4', value, surface, start, end: start + surface.length, flags: [] };
  return { extraction, location: { start, end: start + surface.length, kind: 'body', label: 'text', ...location } };
}

describe('occurrence runs', () => {
  it('packs a file full of one address into one row, and gives every occurrence back in order', () => {
    const { open } = newCase();
    opened.push(open);
    const e = addExhibit(open.db, 1);
    // Given out of order, with a defanged spelling and a second segment in between.
    const starts = Array.from({ length: 300 }, (_, i) => 7 + i * 40).reverse();
    recordOccurrences(
      open.db,
      e,
      [
        ...starts.map((s) => at('203.0.113.77', s)),
        at('203.0.113.77', 95, '203.0.113[.]77'),
        at('203.0.113.77', 3, '203.0.113.77', { kind: 'header', label: 'Received' }),
      ],
      5,
    );
    const runs = open.db.all<{ surface: string; location_kind: string; occurrence_count: number; first_start: number }>(
      sql`SELECT surface, location_kind, occurrence_count, first_start FROM indicator_occurrence_runs ORDER BY first_start`,
    );
    expect(runs).toEqual([
      { surface: '203.0.113.77', location_kind: 'header', occurrence_count: 1, first_start: 3 },
      { surface: '203.0.113.77', location_kind: 'body', occurrence_count: 300, first_start: 7 },
      { surface: '203.0.113[.]77', location_kind: 'body', occurrence_count: 1, first_start: 95 },
    ]);
    expect(open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_occurrences`)?.n).toBe(0);
    const [indicator] = listIndicators(open.db);
    expect(indicator?.occurrenceCount).toBe(302);
    const all = indicatorOccurrences(open.db, indicator?.id ?? 0, 1000);
    expect(all).toHaveLength(302);
    expect(all.map((r) => r.start_offset)).toEqual([3, 7, 47, 87, 95, ...starts.slice().reverse().slice(3)]);
    expect(all.every((r) => r.end_offset - r.start_offset === r.surface.length)).toBe(true);
    // The limit gives the first occurrences, interleaved across runs, as one row each would.
    expect(indicatorOccurrences(open.db, indicator?.id ?? 0, 5).map((r) => [r.start_offset, r.location_kind])).toEqual([
      [3, 'header'],
      [7, 'body'],
      [47, 'body'],
      [87, 'body'],
      [95, 'body'],
    ]);
  });

  it('orders by exhibit number first and keeps OCR occurrences as rows of their own', () => {
    const { open } = newCase();
    opened.push(open);
    const e1 = addExhibit(open.db, 1);
    const e2 = addExhibit(open.db, 2);
    recordOccurrences(open.db, e2, [at('198.51.100.9', 50), at('198.51.100.9', 10)], 5);
    recordOccurrences(
      open.db,
      e1,
      [
        at('198.51.100.9', 30, '198.51.100.9', {
          kind: 'ocr',
          label: '',
          frameTimeS: 2.5,
          box: { x: 1, y: 2, width: 3, height: 4 },
        }),
        at('198.51.100.9', 90),
      ],
      5,
    );
    const [indicator] = listIndicators(open.db);
    const rows = indicatorOccurrences(open.db, indicator?.id ?? 0, 3);
    expect(rows.map((r) => [r.exhibit_number, r.start_offset, r.location_kind, r.frame_time_s])).toEqual([
      [1, 30, 'ocr', 2.5],
      [1, 90, 'body', null],
      [2, 10, 'body', null],
    ]);
    expect(open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_occurrences`)?.n).toBe(1);
  });

  it('moves the occurrence rows of a case written before schema 110 into runs when it is opened', () => {
    // A case as Locard wrote it at schema 100: no runs table, one row per occurrence.
    const { open: created, path } = newCase();
    closeCase(created);
    const db = openEncrypted(path, PASSPHRASE, { create: false });
    db.exec('DROP TABLE indicator_occurrence_runs');
    db.exec('PRAGMA user_version = 100');
    const e = addExhibit(db, 1);
    const id = Number(
      db.run(sql`INSERT INTO indicators (type, value, value_key, created_at, occurrence_count, exhibit_count)
                 VALUES ('ipv4', '203.0.113.77', '203.0.113.77', 1, 4, 1)`).lastInsertRowid,
    );
    const row = (start: number, kind: string, surface = '203.0.113.77') =>
      db.run(sql`INSERT INTO indicator_occurrences (indicator_id, exhibit_id, surface, start_offset, end_offset,
                   location_kind, location_label, frame_time_s, box_x, box_y, box_w, box_h)
                 VALUES (${id}, ${e}, ${surface}, ${start}, ${start + surface.length}, ${kind}, '',
                   ${kind === 'ocr' ? 1.5 : null}, ${kind === 'ocr' ? 1 : null}, ${kind === 'ocr' ? 2 : null},
                   ${kind === 'ocr' ? 3 : null}, ${kind === 'ocr' ? 4 : null})`);
    row(80, 'body');
    row(20, 'body');
    row(40, 'ocr');
    row(60, 'body', '203.0.113[.]77');
    db.close();

    const reopened = openCase(path, PASSPHRASE);
    opened.push(reopened);
    const runs = reopened.db.all<{ surface: string; occurrence_count: number; offsets: string; first_start: number }>(
      sql`SELECT surface, occurrence_count, offsets, first_start FROM indicator_occurrence_runs ORDER BY first_start`,
    );
    expect(runs).toEqual([
      { surface: '203.0.113.77', occurrence_count: 2, offsets: '20,32,80,92', first_start: 20 },
      { surface: '203.0.113[.]77', occurrence_count: 1, offsets: '60,74', first_start: 60 },
    ]);
    expect(
      indicatorOccurrences(reopened.db, id, 10).map((r) => [r.start_offset, r.end_offset, r.location_kind]),
    ).toEqual([
      [20, 32, 'body'],
      [40, 52, 'ocr'],
      [60, 74, 'body'],
      [80, 92, 'body'],
    ]);
  });
});
