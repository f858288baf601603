// The indicator store (schema 40): upserts by (type, value), exact provenance per occurrence, counters
// that match a recount, enrichment at creation and after an analyst CSV, and the query plans the
// Indicators view relies on for 20,000+ rows.
import { afterEach, describe, expect, it } from 'vitest';
import type { Extraction, IndicatorFlag, IndicatorType, OccurrenceLocation } from '../../../shared/indicator-types.js';
import { parseEnrichmentCsv } from '../../../main/enrichment/index.js';
import { closeCase, type OpenCase } from '../../../main/locker/case-file.js';
import type { CaseDb, WriteDb } from '../../../main/locker/driver.js';
import {
  addIndicatorTag,
  indicatorOccurrences,
  listIndicators,
  occurrenceLocation,
  recordOccurrences,
  setIndicatorStatus,
  storeEnrichmentRanges,
  type OccurrenceInput,
} from '../../../main/locker/indicators.js';
import { sql, type SqlQuery } from '../../../main/locker/sql.js';
import { insertBareExhibit, newCase } from '../../helpers/case.js';

const opened: OpenCase[] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function caseWithExhibits(importTimes: readonly number[]): { open: OpenCase; exhibits: number[] } {
  const { open } = newCase();
  opened.push(open);
  const exhibits = importTimes.map((at, i) =>
    insertBareExhibit(open.db, { name: `file-${String(i)}.txt`, sha256: `sha-${String(i)}`, importedAt: at }),
  );
  return { open, exhibits };
}

function occurrence(
  type: IndicatorType,
  value: string,
  start: number,
  extra: {
    surface?: string;
    flags?: IndicatorFlag[];
    platform?: 'twitter';
    location?: Partial<OccurrenceLocation>;
  } = {},
): OccurrenceInput {
  const surface = extra.surface ?? value;
  const extraction: Extraction = {
    type,
    value,
    surface,
    start,
    end: start + surface.length,
    flags: extra.flags ?? [],
    ...(extra.platform ? { platform: extra.platform } : {}),
  };
  return {
    extraction,
    location: { start, end: start + surface.length, kind: 'body', label: 'text', ...extra.location },
  };
}

function recount(db: WriteDb) {
  return db.all<{ id: number; occurrences: number; exhibits: number; first: number; last: number }>(sql`
    SELECT o.indicator_id AS id, sum(o.n) AS occurrences, count(DISTINCT o.exhibit_id) AS exhibits,
           min(e.imported_at) AS first, max(e.imported_at) AS last
    FROM (SELECT indicator_id, exhibit_id, occurrence_count AS n FROM indicator_occurrence_runs
          UNION ALL SELECT indicator_id, exhibit_id, 1 FROM indicator_occurrences) AS o
    JOIN exhibits AS e ON e.id = o.exhibit_id GROUP BY o.indicator_id ORDER BY id`);
}

/** A WriteDb that records every query it runs, for EXPLAIN QUERY PLAN. */
function recording(db: CaseDb): { db: WriteDb; queries: SqlQuery[] } {
  const queries: SqlQuery[] = [];
  const log = (q: SqlQuery) => {
    queries.push(q);
    return q;
  };
  return {
    queries,
    db: {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors ReadDb.get
      get: <T>(q: SqlQuery) => db.get<T>(log(q)),
      all: <T>(q: SqlQuery) => db.all<T>(log(q)),
      run: (q: SqlQuery) => db.run(log(q)),
      exec: (s: string) => db.exec(s),
      pragma: (name: string) => db.pragma(name),
      transaction: <T>(work: () => T) => db.transaction(work),
      inTransaction: () => db.inTransaction(),
    },
  };
}

function plan(db: CaseDb, [text, params]: SqlQuery): string {
  const rows = db.raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

describe('recordOccurrences', () => {
  it('keeps one indicator per (type, value), every occurrence with its place, and counters equal to a recount', () => {
    const { open, exhibits } = caseWithExhibits([1000, 2000, 3000]);
    const [e1 = 0, e2 = 0, e3 = 0] = exhibits;
    recordOccurrences(
      open.db,
      e2,
      [
        occurrence('ipv4', '203.0.113.77', 10, { surface: '203.0.113[.]77', flags: ['defanged', 'documentation'] }),
        occurrence('ipv4', '203.0.113.77', 90, { flags: ['documentation'], location: { kind: 'page', label: '2' } }),
        occurrence('social_handle', '@PatriotWatchFL', 200),
      ],
      5000,
    );
    // A second batch for the same exhibit (video frames, large texts) and two more exhibits.
    recordOccurrences(
      open.db,
      e2,
      [
        occurrence('social_handle', '@patriotwatchfl', 300, {
          platform: 'twitter',
          location: { kind: 'cell', label: 'user_screen_name, row 3' },
        }),
      ],
      5000,
    );
    recordOccurrences(
      open.db,
      e1,
      [occurrence('ipv4', '203.0.113.77', 5, { flags: ['documentation', 'url_host'] })],
      5000,
    );
    recordOccurrences(
      open.db,
      e3,
      [
        occurrence('ipv4', '198.51.100.9', 0, {
          flags: ['documentation'],
          location: { kind: 'ocr', label: '', frameTimeS: 18.65, box: { x: 10, y: 20, width: 130, height: 14 } },
        }),
      ],
      5000,
    );
    const list = listIndicators(open.db);
    expect(list.map((s) => [s.type, s.value, s.occurrenceCount, s.exhibitCount, s.firstSeen, s.lastSeen])).toEqual([
      ['ipv4', '198.51.100.9', 1, 1, 3000, 3000],
      ['ipv4', '203.0.113.77', 3, 2, 1000, 2000],
      // Handles are one indicator whatever their case; the first spelling is kept, the platform learnt.
      ['social_handle', '@PatriotWatchFL', 2, 1, 2000, 2000],
    ]);
    expect(list[1]?.flags).toEqual(['defanged', 'url_host', 'documentation']);
    expect(list[2]?.platform).toBe('twitter');
    expect(recount(open.db)).toEqual(
      list
        .map((s) => ({
          id: s.id,
          occurrences: s.occurrenceCount,
          exhibits: s.exhibitCount,
          first: s.firstSeen,
          last: s.lastSeen,
        }))
        .sort((a, b) => a.id - b.id),
    );
    const ip = list[1]?.id ?? 0;
    const rows = indicatorOccurrences(open.db, ip, 10);
    expect(
      rows.map((r) => [r.exhibit_number, r.surface, r.start_offset, r.end_offset, r.location_kind, r.location_label]),
    ).toEqual([
      [1, '203.0.113.77', 5, 17, 'body', 'text'],
      [2, '203.0.113[.]77', 10, 24, 'body', 'text'],
      [2, '203.0.113.77', 90, 102, 'page', '2'],
    ]);
    const ocr = indicatorOccurrences(open.db, list[0]?.id ?? 0, 10)[0];
    expect(ocr && occurrenceLocation(ocr)).toEqual({
      start: 0,
      end: 12,
      kind: 'ocr',
      label: '',
      frameTimeS: 18.65,
      box: { x: 10, y: 20, width: 130, height: 14 },
    });
  });

  it('enriches new domains at once, and IPs and ASNs again when an analyst CSV arrives', () => {
    const { open, exhibits } = caseWithExhibits([1000]);
    const e = exhibits[0] ?? 0;
    recordOccurrences(
      open.db,
      e,
      [
        occurrence('domain', '203-0-113-77.static.worldstream.example', 0),
        occurrence('ipv4', '203.0.113.77', 50),
        occurrence('asn', 'AS64500', 70),
        occurrence('md5', '71b9599ad4b784fb74c3a4e49a72c823', 90),
      ],
      1234,
    );
    const before = listIndicators(open.db);
    const byValue = (list: typeof before, value: string) => list.find((s) => s.value === value)?.enrichment ?? [];
    expect(
      byValue(before, '203-0-113-77.static.worldstream.example').map((f) => [f.kind, f.value, f.sourceDate]),
    ).toEqual([
      ['registrable_domain', 'worldstream.example', 1234],
      ['suffix', 'example', 1234],
    ]);
    expect(byValue(before, '203.0.113.77')).toEqual([]);
    const csv = parseEnrichmentCsv('prefix,asn,organisation,country\n203.0.113.0/24,AS64500,Worldstream,NL\n');
    if (!csv.ok) throw new Error('fixture CSV refused');
    expect(storeEnrichmentRanges(open.db, 'analyst CSV ranges.csv', csv.ranges, 9999)).toEqual({
      stored: 1,
      replaced: 0,
      reenriched: 2,
    });
    const after = listIndicators(open.db);
    expect(byValue(after, '203.0.113.77')).toEqual([
      { kind: 'asn', value: 'AS64500', label: 'Worldstream', source: 'analyst CSV ranges.csv', sourceDate: 9999 },
      { kind: 'country', value: 'NL', source: 'analyst CSV ranges.csv', sourceDate: 9999 },
    ]);
    expect(byValue(after, 'AS64500').map((f) => [f.kind, f.value])).toEqual([
      ['organisation', 'Worldstream'],
      ['country', 'NL'],
    ]);
    // The same file name again replaces its ranges; a new IP is enriched from them when recorded.
    const corrected = parseEnrichmentCsv('prefix,asn,organisation,country\n203.0.113.0/25,AS64501,WS Two,DE\n');
    if (!corrected.ok) throw new Error('fixture CSV refused');
    expect(storeEnrichmentRanges(open.db, 'analyst CSV ranges.csv', corrected.ranges, 10_000).replaced).toBe(1);
    recordOccurrences(open.db, e, [occurrence('ipv4', '203.0.113.90', 120)], 10_001);
    const last = listIndicators(open.db);
    expect(byValue(last, '203.0.113.77')[0]).toMatchObject({ value: 'AS64501', label: 'WS Two' });
    expect(byValue(last, '203.0.113.90')[0]).toMatchObject({ value: 'AS64501', sourceDate: 10_000 });
  });
});

describe('listing', () => {
  it('filters by type and leaves out dismissed indicators when asked, with tags', () => {
    const { open, exhibits } = caseWithExhibits([1000]);
    recordOccurrences(
      open.db,
      exhibits[0] ?? 0,
      [
        occurrence('domain', 'vidshare.example', 0),
        occurrence('domain', 'google.com', 30),
        occurrence('cve', 'CVE-2020-99871', 60),
      ],
      1,
    );
    const all = listIndicators(open.db);
    const google = all.find((s) => s.value === 'google.com')?.id ?? 0;
    setIndicatorStatus(open.db, google, 'benign');
    addIndicatorTag(open.db, google, 'infrastructure');
    expect(listIndicators(open.db, { includeDismissed: false }).map((s) => s.value)).toEqual([
      'CVE-2020-99871',
      'vidshare.example',
    ]);
    expect(listIndicators(open.db, { types: ['domain'] }).map((s) => [s.value, s.status, s.tags])).toEqual([
      ['google.com', 'benign', ['infrastructure']],
      ['vidshare.example', 'open', []],
    ]);
  });

  it('lists 20,000 indicators from the indicator rows alone, in index order', () => {
    const { open, exhibits } = caseWithExhibits([1000, 2000]);
    const batch: OccurrenceInput[] = [];
    for (let i = 0; i < 20_000; i++) {
      batch.push(occurrence('sha256', i.toString(16).padStart(64, '0'), i * 70));
      batch.push(occurrence('sha256', i.toString(16).padStart(64, '0'), i * 70 + 65));
    }
    open.db.transaction(() => {
      recordOccurrences(open.db, exhibits[0] ?? 0, batch, 1);
      recordOccurrences(open.db, exhibits[1] ?? 0, batch.slice(0, 1000), 1);
    });
    const { db, queries } = recording(open.db);
    const started = performance.now();
    const list = listIndicators(db);
    const elapsed = performance.now() - started;
    expect(list).toHaveLength(20_000);
    expect(list[0]).toMatchObject({ occurrenceCount: 4, exhibitCount: 2 });
    expect(list[19_999]).toMatchObject({ occurrenceCount: 2, exhibitCount: 1 });
    // Generous for a shared 2-core machine; it takes a fraction of this.
    expect(elapsed).toBeLessThan(3000);
    const plans = queries.map((q) => plan(open.db, q));
    expect(plans.join('\n')).not.toMatch(/indicator_occurrences/);
    expect(plans[0]).toMatch(/SCAN indicators USING INDEX sqlite_autoindex_indicators_1/);
    expect(plans[0]).not.toMatch(/TEMP B-TREE/);
  });
});

describe('query plans', () => {
  it('finds indicators, occurrences, facts and analyst ranges through their indexes', () => {
    const { open, exhibits } = caseWithExhibits([1000]);
    const e = exhibits[0] ?? 0;
    recordOccurrences(open.db, e, [occurrence('asn', 'AS64500', 0)], 1);
    const { db, queries } = recording(open.db);
    recordOccurrences(db, e, [occurrence('asn', 'AS64500', 10), occurrence('ipv4', '203.0.113.77', 20)], 1);
    const id = listIndicators(open.db)[0]?.id ?? 0;
    indicatorOccurrences(db, id, 100);
    listIndicators(db, { ids: [id] });
    const csv = parseEnrichmentCsv('prefix,asn,organisation\n203.0.113.0/24,AS64500,Worldstream\n');
    if (!csv.ok) throw new Error('fixture CSV refused');
    storeEnrichmentRanges(db, 'analyst CSV r.csv', csv.ranges, 2);
    const plans = queries.map((q) => [q[0].replace(/\s+/g, ' ').slice(0, 100), plan(open.db, q)] as const);
    const planOf = (pattern: RegExp) =>
      plans
        .filter(([text]) => pattern.test(text))
        .map(([, p]) => p)
        .join(' || ');
    expect(planOf(/^SELECT id, flags, platform FROM indicators/)).toMatch(
      /SEARCH indicators USING INDEX sqlite_autoindex_indicators_1 \(type=\? AND value_key=\?\)/,
    );
    expect(planOf(/^SELECT 1 AS x FROM indicator_occurrence_runs/)).toMatch(
      /indicator_occurrence_runs_by_indicator \(indicator_id=\? AND exhibit_id=\?\)/,
    );
    expect(planOf(/^SELECT r.exhibit_id/)).toMatch(
      /SEARCH r USING (COVERING )?INDEX indicator_occurrence_runs_by_indicator \(indicator_id=\?\)/,
    );
    expect(planOf(/^SELECT o.exhibit_id/)).toMatch(
      /SEARCH o USING INDEX indicator_occurrences_by_indicator \(indicator_id=\?\)/,
    );
    expect(planOf(/FROM indicator_enrichments/)).toMatch(/indicator_enrichments_by_indicator \(indicator_id=\?\)/);
    expect(planOf(/^DELETE FROM enrichment_ranges/)).toMatch(/enrichment_ranges_by_source \(source=\?\)/);
    expect(planOf(/^SELECT asn, organisation, country, source, imported_at FROM enrichment_ranges/)).toMatch(
      /enrichment_ranges_by_asn \(asn=\?\)/,
    );
  });
});
