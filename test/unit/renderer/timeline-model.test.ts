/**
 * The Timeline view's pure logic: reading timeline values, axis ticks at any zoom, clustering of
 * dense markers (badges never overlap), zoom and fit, keyboard moves between events, proposals
 * grouped under their aggregates, the lanes editor's changes, and the time-to-attribution wording.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/timeline.js';
import {
  cluster,
  durationText,
  fitAll,
  footprint,
  formatInstant,
  laneChanges,
  laneDrafts,
  laneRows,
  nearestIndex,
  placeEvents,
  proposalGroups,
  reveal,
  ticks,
  valueMs,
  zoom,
} from '../../../renderer/src/views/timeline/model.js';

function event(id: number, start: string, patch: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id,
    title: `event ${String(id)}`,
    description: '',
    start,
    end: null,
    precision: 'minute',
    note: '',
    sourceZone: 'Z',
    lane: 'release',
    entities: [],
    exhibits: [1],
    unsupported: false,
    confidence: 'moderate',
    milestones: [],
    proposalKey: null,
    createdAt: 0,
    createdBy: 'analyst',
    updatedAt: 0,
    ...patch,
  };
}

describe('timeline values', () => {
  it('reads instants, local dates and zone-less times as main does', () => {
    expect(valueMs('2020-10-21T02:47:00Z')).toBe(Date.UTC(2020, 9, 21, 2, 47));
    expect(valueMs('2020-10-21')).toBe(Date.UTC(2020, 9, 21));
    expect(valueMs('2020-10')).toBe(Date.UTC(2020, 9, 1));
    expect(valueMs('2020')).toBe(Date.UTC(2020, 0, 1));
    expect(valueMs('2020-10-19T20:40:00')).toBe(Date.UTC(2020, 9, 19, 20, 40));
    expect(valueMs('not a date')).toBeNaN();
  });

  it('places a day-precision date as the whole day and sorts by start', () => {
    const placed = placeEvents([event(2, '2020-10-21', { precision: 'day' }), event(1, '2020-10-20T17:12:41Z')]);
    expect(placed.map((p) => p.event.id)).toEqual([1, 2]);
    expect(placed[1]?.end).toBe(Date.UTC(2020, 9, 22));
  });

  it('keeps the lane order and puts unknown lanes after', () => {
    const rows = laneRows(['preparation', 'release'], placeEvents([event(1, '2020-10-20', { lane: 'other' })]));
    expect(rows.map((r) => [r.lane, r.events.length])).toEqual([
      ['preparation', 0],
      ['release', 0],
      ['other', 1],
    ]);
  });

  it('writes durations like the time to attribution', () => {
    expect(durationText((33 * 60 + 55) * 60_000)).toBe('1 day 9 h 55 min');
    expect(durationText(2 * 86_400_000)).toBe('2 days');
    expect(durationText(0)).toBe('0 min');
  });

  it('formats in UTC, and a zone-less time as the source wrote it', () => {
    expect(formatInstant(Date.UTC(2020, 9, 21, 2, 47), 'minute', 'utc')).toBe('2020-10-21 02:47 UTC');
    expect(formatInstant(Date.UTC(2020, 9, 21), 'day', 'utc')).toBe('2020-10-21');
    expect(formatInstant(Date.UTC(2020, 9, 19, 20, 40), 'minute', 'local', true)).toBe(
      '2020-10-19 20:40 local time of the source',
    );
  });
});

describe('axis', () => {
  it('picks hour ticks over a day and day ticks over a month, labelled for the zoom', () => {
    const day = { start: Date.UTC(2020, 9, 20), end: Date.UTC(2020, 9, 21) };
    const hourly = ticks(day, 1200, 'utc');
    expect(hourly.length).toBeGreaterThanOrEqual(4);
    expect(hourly.every((t) => (t.ms - day.start) % 3_600_000 === 0)).toBe(true);
    expect(hourly[0]?.label).toBe('20 Oct');
    expect(hourly[0]?.major).toBe(true);
    expect(hourly[1]?.label).toMatch(/^\d{2}:00$/);
    const month = ticks({ start: Date.UTC(2020, 9, 1), end: Date.UTC(2020, 10, 1) }, 1200, 'utc');
    expect(month.every((t) => t.ms % 86_400_000 === 0)).toBe(true);
    expect(month.some((t) => t.label === '21 Oct' || t.label === '22 Oct')).toBe(true);
    const years = ticks({ start: Date.UTC(1990, 0, 1), end: Date.UTC(2030, 0, 1) }, 1000, 'utc');
    expect(years.every((t) => /^\d{4}$/.test(t.label))).toBe(true);
  });

  it('keeps ticks at least the minimum spacing apart at any zoom', () => {
    for (const span of [20_000, 3_600_000, 86_400_000 * 3, 86_400_000 * 400]) {
      const view = { start: Date.UTC(2020, 9, 20), end: Date.UTC(2020, 9, 20) + span };
      const list = ticks(view, 1000, 'utc');
      const perPx = span / 1000;
      for (let i = 1; i < list.length; i += 1)
        expect(((list[i]?.ms ?? 0) - (list[i - 1]?.ms ?? 0)) / perPx).toBeGreaterThanOrEqual(80);
    }
  });

  it('zooms about the anchor and fits all events with a margin', () => {
    const view = { start: 0, end: 1_000_000 };
    const zoomed = zoom(view, 0.5, 0.25);
    expect(zoomed.start).toBe(125_000);
    expect(zoomed.end).toBe(625_000);
    const placed = placeEvents([event(1, '2020-10-20T00:00:00Z'), event(2, '2020-10-21T00:00:00Z')]);
    const fitted = fitAll(placed);
    expect(fitted.start).toBeLessThan(Date.UTC(2020, 9, 20));
    expect(fitted.end).toBeGreaterThan(Date.UTC(2020, 9, 21));
  });
});

describe('clustering', () => {
  it('groups markers closer than the gap into one badge and keeps spans alone', () => {
    const placed = placeEvents([
      event(1, '2020-10-21T02:31:00Z'),
      event(2, '2020-10-21T02:32:00Z'),
      event(3, '2020-10-21T02:33:00Z'),
      event(4, '2020-10-21T10:00:00Z'),
      event(5, '2020-10-21T10:01:00Z', { end: '2020-10-21T20:00:00Z' }),
    ]);
    const start = Date.UTC(2020, 9, 21);
    const toX = (ms: number) => (ms - start) / 60_000; // one pixel a minute
    const groups = cluster(placed, toX, 14);
    expect(groups.map((g) => g.items.map((i) => i.event.id))).toEqual([[1, 2, 3], [4], [5]]);
    expect(groups[2]?.x2).toBe(20 * 60);
    // Zoomed in far enough, every marker stands alone.
    expect(cluster(placed, (ms) => (ms - start) / 1000, 14)).toHaveLength(5);
  });
});

describe('dense lanes', () => {
  it('merges neighbours whose badges would overlap, however dense the lane', () => {
    const start = Date.UTC(2020, 0, 1);
    const many = placeEvents(
      Array.from({ length: 20_000 }, (_, i) => event(i + 1, new Date(start + i * 60_000).toISOString())),
    );
    // 20,000 minutes across 800 pixels: 25 a pixel.
    const toX = (ms: number) => ((ms - start) / (20_000 * 60_000)) * 800;
    const groups = cluster(many, toX, 14);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(20_000);
    for (let i = 1; i < groups.length; i += 1) {
      const a = groups[i - 1];
      const b = groups[i];
      if (!a || !b) continue;
      const right = (a.x + a.x2) / 2 + footprint(a.items.length) / 2;
      const left = (b.x + b.x2) / 2 - footprint(b.items.length) / 2;
      expect(left).toBeGreaterThanOrEqual(right);
    }
    expect(groups.length).toBeGreaterThan(10);
    expect(footprint(1)).toBe(18);
    expect(footprint(12_000)).toBeGreaterThan(footprint(12));
  });
});

describe('keyboard moves', () => {
  const placed = placeEvents([
    event(1, '2020-10-20T10:00:00Z'),
    event(2, '2020-10-20T12:00:00Z'),
    event(3, '2020-10-20T18:00:00Z'),
  ]);

  it('finds the event nearest in time (for ↑ ↓ between lanes)', () => {
    expect(nearestIndex(placed, Date.UTC(2020, 9, 20, 11, 30))).toBe(1);
    expect(nearestIndex(placed, Date.UTC(2020, 9, 20, 10, 30))).toBe(0);
    expect(nearestIndex(placed, Date.UTC(2020, 9, 25))).toBe(2);
    expect(nearestIndex(placed, Date.UTC(2019, 0, 1))).toBe(0);
    expect(nearestIndex([], 0)).toBe(-1);
  });

  it('keeps the view while the event is in it, and centres on it otherwise', () => {
    const view = { start: Date.UTC(2020, 9, 20, 9), end: Date.UTC(2020, 9, 20, 13) };
    expect(reveal(view, Date.UTC(2020, 9, 20, 12))).toBe(view);
    const moved = reveal(view, Date.UTC(2020, 9, 20, 18));
    expect((moved.start + moved.end) / 2).toBe(Date.UTC(2020, 9, 20, 18));
    expect(moved.end - moved.start).toBe(view.end - view.start);
  });
});

describe('proposals for review', () => {
  const p = (key: string, start: string, group: string | null = null, status = 'open') => ({
    key,
    start,
    status,
    group,
  });

  it('puts the rows of an open aggregate inside it, and lets rows of a decided one stand alone', () => {
    const groups = proposalGroups([
      p('burst', '2020-10-21T02:37:00Z'),
      p('row-2', '2020-10-21T02:39:00Z', 'burst'),
      p('row-1', '2020-10-21T02:37:00Z', 'burst'),
      p('done', '2020-10-06', null, 'accepted'),
      p('orphan', '2020-10-07T06:31:00Z', 'done'),
      p('email', '2020-10-20T14:12:41Z'),
      p('rejected-row', '2020-10-21T02:40:00Z', 'burst', 'rejected'),
    ]);
    expect(groups.top.map((x) => x.key)).toEqual(['orphan', 'email', 'burst']);
    expect(groups.rows.get('burst')?.map((x) => x.key)).toEqual(['row-1', 'row-2']);
    expect(groups.grouped).toBe(2);
  });
});

describe('the lanes editor', () => {
  it('saves renames and removals as moves that carry the events along', () => {
    const drafts = laneDrafts(['preparation', 'release', 'spread', 'attribution']);
    const [preparation, release, spread, attribution] = drafts;
    if (!preparation || !release || !spread || !attribution) throw new Error('no drafts');
    const edited = [
      { ...spread },
      { ...release, name: ' dissemination ' },
      { ...preparation, removed: true, moveTo: attribution.id },
      { ...attribution, removed: true, moveTo: release.id },
      { id: 9, name: 'aftermath', original: null, removed: false, moveTo: null },
    ];
    expect(laneChanges(edited)).toEqual({
      lanes: ['spread', 'dissemination', 'aftermath'],
      moves: [
        { from: 'release', to: 'dissemination' },
        // preparation → attribution, which is removed too → release, now "dissemination".
        { from: 'preparation', to: 'dissemination' },
        { from: 'attribution', to: 'dissemination' },
      ],
    });
    expect(laneChanges(drafts)).toEqual({ lanes: ['preparation', 'release', 'spread', 'attribution'], moves: [] });
  });

  it('says what is wrong instead: no lane left, an empty name, a name twice', () => {
    const drafts = laneDrafts(['release', 'spread']);
    expect(laneChanges(drafts.map((d) => ({ ...d, removed: true, moveTo: null })))).toEqual({
      problem: 'Keep at least one lane.',
    });
    expect(laneChanges(drafts.map((d, i) => (i === 0 ? { ...d, name: '  ' } : d)))).toEqual({
      problem: 'Every lane needs a name.',
    });
    expect(laneChanges(drafts.map((d, i) => (i === 0 ? { ...d, name: 'Spread' } : d)))).toEqual({
      problem: 'There are two lanes named “spread”.',
    });
  });

  it('sends the events of a lane removed in a cycle of removals to no lane', () => {
    const [a, b, c] = laneDrafts(['a', 'b', 'c']);
    if (!a || !b || !c) throw new Error('no drafts');
    expect(laneChanges([{ ...a, removed: true, moveTo: b.id }, { ...b, removed: true, moveTo: a.id }, c])).toEqual({
      lanes: ['c'],
      moves: [
        { from: 'a', to: '' },
        { from: 'b', to: '' },
      ],
    });
  });
});
