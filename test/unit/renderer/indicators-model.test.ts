/**
 * The Indicators view's pure logic: what the filters keep, how rows sort, how the multi-row
 * selection moves, and how occurrences and enrichment read.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorSummary } from '../../../shared/indicator-types.js';
import {
  buildRows,
  clipboardText,
  DEFAULT_FILTERS,
  DEFAULT_SORT,
  EMPTY_SELECTION,
  enrichmentSummary,
  extendTo,
  formatLocation,
  mergeSummaries,
  moveFocus,
  nextFocus,
  selectAll,
  selectedRows,
  selectOnly,
  splitContext,
  toggleRow,
  visibleFlags,
  type Filters,
} from '../../../renderer/src/views/indicators/model.js';

const T0 = Date.UTC(2020, 9, 22, 14, 3);

function indicator(id: number, patch: Partial<IndicatorSummary> & Pick<IndicatorSummary, 'type' | 'value'>) {
  return {
    id,
    flags: [],
    status: 'open',
    tags: [],
    enrichment: [],
    occurrenceCount: 1,
    exhibitCount: 1,
    firstSeen: T0,
    lastSeen: T0,
    ...patch,
  } satisfies IndicatorSummary;
}

const C2 = indicator(1, {
  type: 'ipv4',
  value: '203.0.113.77',
  flags: ['documentation', 'defanged', 'url_host'],
  enrichment: [
    { kind: 'asn', value: 'AS64500', label: 'Worldstream', source: 'analyst CSV ranges.csv', sourceDate: T0 },
    { kind: 'country', value: 'NL', source: 'analyst CSV ranges.csv', sourceDate: T0 },
  ],
  occurrenceCount: 9,
  exhibitCount: 6,
});
const RESOLVER = indicator(2, {
  type: 'ipv4',
  value: '8.8.8.8',
  flags: ['public', 'known_resolver'],
  status: 'benign',
  occurrenceCount: 2,
  exhibitCount: 1,
});
const PRIVATE = indicator(3, { type: 'ipv4', value: '10.0.0.10', flags: ['private'], exhibitCount: 2 });
const PRIVATE_LOW = indicator(4, { type: 'ipv4', value: '10.0.0.9', flags: ['private'], exhibitCount: 2 });
const URL = indicator(5, {
  type: 'url',
  value: 'http://203.0.113.77/media/proof_final.mp4',
  flags: ['defanged'],
  tags: ['c2'],
  exhibitCount: 3,
});
const DOMAIN = indicator(6, {
  type: 'domain',
  value: 'worldstream.example',
  flags: ['special_use_tld'],
  status: 'false_positive',
});
const ALL = [C2, RESOLVER, PRIVATE, PRIVATE_LOW, URL, DOMAIN];

const ids = (rows: readonly { id: number }[]) => rows.map((row) => row.id);
const filters = (patch: Partial<Filters>): Filters => ({ ...DEFAULT_FILTERS, ...patch });

describe('filters', () => {
  it('show open indicators only by default, most exhibits first', () => {
    expect(ids(buildRows(ALL, DEFAULT_FILTERS, DEFAULT_SORT))).toEqual([1, 5, 4, 3]);
  });

  it('narrow by type and status', () => {
    const all = ['open', 'benign', 'false_positive'] as const;
    expect(ids(buildRows(ALL, filters({ types: ['url', 'domain'], statuses: [...all] }), DEFAULT_SORT))).toEqual([
      5, 6,
    ]);
    expect(ids(buildRows(ALL, filters({ statuses: ['benign'] }), DEFAULT_SORT))).toEqual([2]);
    expect(buildRows(ALL, filters({ statuses: [] }), DEFAULT_SORT)).toEqual([]);
  });

  it('hide rows with a flag, or show only rows with it', () => {
    expect(ids(buildRows(ALL, filters({ flags: { private: 'hide' } }), DEFAULT_SORT))).toEqual([1, 5]);
    expect(ids(buildRows(ALL, filters({ flags: { defanged: 'only' } }), DEFAULT_SORT))).toEqual([1, 5]);
    expect(ids(buildRows(ALL, filters({ flags: { defanged: 'only', documentation: 'hide' } }), DEFAULT_SORT))).toEqual([
      5,
    ]);
  });

  it('search values as pasted, defanged or not, and enrichment and tags', () => {
    const search = (text: string) => ids(buildRows(ALL, filters({ text }), DEFAULT_SORT));
    expect(search('203[.]0[.]113[.]77')).toEqual([1, 5]);
    expect(search('  hxxp://203.0.113[.]77/media ')).toEqual([5]);
    expect(search('WORLDSTREAM')).toEqual([1]);
    expect(search('as64500')).toEqual([1]);
    expect(search('c2')).toEqual([5]);
    expect(search('nothing like it')).toEqual([]);
  });
});

describe('sorting', () => {
  it('orders values naturally, so 10.0.0.9 comes before 10.0.0.10', () => {
    const rows = buildRows([PRIVATE, PRIVATE_LOW], DEFAULT_FILTERS, { key: 'value', direction: 'ascending' });
    expect(ids(rows)).toEqual([4, 3]);
  });

  it('breaks ties by value whichever the direction, and keeps empty cells last', () => {
    const down = buildRows(ALL, DEFAULT_FILTERS, { key: 'exhibits', direction: 'descending' });
    expect(ids(down)).toEqual([1, 5, 4, 3]);
    const enrichment = buildRows(ALL, DEFAULT_FILTERS, { key: 'enrichment', direction: 'descending' });
    expect(ids(enrichment)[0]).toBe(1);
    const ascending = buildRows(ALL, DEFAULT_FILTERS, { key: 'enrichment', direction: 'ascending' });
    expect(ids(ascending)[0]).toBe(1);
  });

  it('keeps 20,000 rows quick to filter and sort', () => {
    const many = Array.from({ length: 20_000 }, (_, index) =>
      indicator(index + 10, {
        type: index % 2 ? 'domain' : 'ipv4',
        value: index % 2 ? `host${index}.example.net` : `198.51.${(index >> 8) & 255}.${index & 255}`,
        exhibitCount: index % 7,
      }),
    );
    const started = performance.now();
    const rows = buildRows(many, filters({ text: 'example' }), { key: 'value', direction: 'ascending' });
    buildRows(many, DEFAULT_FILTERS, DEFAULT_SORT);
    const elapsed = performance.now() - started;
    expect(rows).toHaveLength(10_000);
    // A generous bound on a shared 2-core machine; typing stays responsive well below it.
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('selection', () => {
  const rows = [C2, URL, PRIVATE_LOW, PRIVATE];

  it('clicks select one row, Ctrl/⌘-click toggles, Shift-click selects the range from the anchor', () => {
    const one = selectOnly(5);
    expect([...one.ids]).toEqual([5]);
    const two = toggleRow(one, 3);
    expect([...two.ids].sort()).toEqual([3, 5]);
    expect(toggleRow(two, 5).ids.has(5)).toBe(false);
    const range = extendTo(selectOnly(1), rows, 4);
    expect([...range.ids].sort()).toEqual([1, 4, 5]);
    expect(range.anchor).toBe(1);
    expect(range.focus).toBe(4);
    // Shift again from the same anchor replaces the range; with Ctrl it adds to what was there.
    expect([...extendTo(range, rows, 5).ids].sort()).toEqual([1, 5]);
    expect([...extendTo(toggleRow(selectOnly(3), 3), rows, 3, true).ids]).toEqual([3]);
  });

  it('Ctrl+arrow moves only the focus; Ctrl+A selects every row shown', () => {
    const moved = moveFocus(selectOnly(1), 4);
    expect([...moved.ids]).toEqual([1]);
    expect(moved.focus).toBe(4);
    expect(selectAll(EMPTY_SELECTION, rows).ids.size).toBe(4);
  });

  it('acts on the selected rows that are shown, in display order', () => {
    const selection = { ids: new Set([3, 1, 99]), anchor: 1, focus: 3 };
    expect(ids(selectedRows(selection, rows))).toEqual([1, 3]);
  });

  it('goes on with the row that took the place of those marked away', () => {
    const after = rows.filter((row) => row.id !== 5 && row.id !== 4);
    expect(nextFocus(rows, after, 5)).toBe(3);
    expect(nextFocus(rows, rows.slice(0, 1), 3)).toBe(1);
    expect(nextFocus(rows, [], 3)).toBeNull();
    expect(nextFocus(rows, rows, 4)).toBe(4);
  });

  it('puts updated rows in place of the old ones', () => {
    const updated = { ...C2, status: 'benign' as const };
    const merged = mergeSummaries(ALL, [updated]);
    expect(merged[0]).toBe(updated);
    expect(merged[1]).toBe(RESOLVER);
  });
});

describe('reading', () => {
  it('copies one value per line, defanged or as found', () => {
    expect(clipboardText([C2, URL], true)).toBe('203[.]0[.]113[.]77\nhxxp://203[.]0[.]113[.]77/media/proof_final.mp4');
    expect(clipboardText([C2, URL], false)).toBe('203.0.113.77\nhttp://203.0.113.77/media/proof_final.mp4');
  });

  it('sums up enrichment for a table cell', () => {
    expect(enrichmentSummary(C2)).toBe('AS64500 Worldstream · NL');
    expect(enrichmentSummary(PRIVATE)).toBe('');
  });

  it('shows the telling flags first and leaves the ubiquitous ones to the detail', () => {
    expect(visibleFlags(C2.flags)).toEqual(['defanged', 'documentation']);
    expect(visibleFlags(RESOLVER.flags)).toEqual(['known_resolver']);
  });

  it('says where an occurrence is as an analyst reads it', () => {
    expect(formatLocation({ start: 10, end: 22, kind: 'page', label: '2' })).toBe('page 2');
    expect(formatLocation({ start: 10, end: 22, kind: 'header', label: 'Received' })).toBe('header Received');
    expect(formatLocation({ start: 4, end: 16, kind: 'ocr', label: '', frameTimeS: 10.3, box: null })).toBe(
      'frame 00:10.3 (OCR)',
    );
    expect(formatLocation({ start: 4, end: 16, kind: 'ocr', label: '', frameTimeS: 3725.04, box: null })).toBe(
      'frame 1:02:05.0 (OCR)',
    );
    expect(formatLocation({ start: 4, end: 16, kind: 'ocr', label: '', frameTimeS: null, box: null })).toBe(
      'image (OCR)',
    );
    expect(formatLocation({ start: 1234, end: 1246, kind: 'text', label: '' })).toBe('offset 1,234');
    expect(formatLocation({ start: 1234, end: 1246, kind: 'body', label: 'html' })).toBe('offset 1,234');
    expect(formatLocation({ start: 5, end: 9, kind: 'cell', label: 'screen_name, row 12' })).toBe(
      'screen_name, row 12',
    );
  });

  it('marks the copy of the surface that sits where the occurrence is', () => {
    // Near the start of the text the context starts at 0, so the surface is at its own offset.
    expect(splitContext('to 1.2.3.4 and 1.2.3.4 again', '1.2.3.4', 15)).toEqual({
      before: 'to 1.2.3.4 and ',
      match: '1.2.3.4',
      after: ' again',
    });
    // Far into the text the context starts ~80 characters before the surface: the copy there is it.
    const split = splitContext(`1.2.3.4 ${'x'.repeat(72)}1.2.3.4 tail`, '1.2.3.4', 5000);
    expect(split.before).toHaveLength(80);
    expect(split.after).toBe(' tail');
    expect(splitContext('no such surface here', '1.2.3.4', 3).match).toBe('');
  });
});
