/**
 * The Timeline view's pure logic: reading timeline values, axis ticks at any zoom, clustering of
 * dense markers, zoom and fit, and the time-to-attribution wording.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/timeline.js';
import {
  cluster,
  durationText,
  fitAll,
  formatInstant,
  laneRows,
  placeEvents,
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
