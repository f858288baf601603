/**
 * Pure helpers of the Timeline view: reading timeline values as instants, axis ticks that adapt to
 * the zoom (UTC or local time), clustering of dense markers, and the list order. No React, no DOM.
 */
import type { TimelineEvent, TimelinePrecision } from '../../../../shared/timeline.js';

/** A time window chosen with the range brush, in milliseconds since the epoch (UTC). Held by the Workspace. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** The visible span of the axis, in milliseconds since the epoch. */
export interface Viewport {
  readonly start: number;
  readonly end: number;
}

export type DisplayZone = 'utc' | 'local';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds of a timeline value, as main reads it (local dates and zone-less times as UTC), or NaN. */
export function valueMs(value: string): number {
  if (/^\d{4}$/.test(value)) return Date.UTC(Number(value), 0, 1);
  if (/^\d{4}-\d{2}$/.test(value)) return Date.parse(`${value}-01T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (/T\d{2}:\d{2}(?::\d{2})?$/.test(value)) return Date.parse(`${value}Z`);
  return Date.parse(value);
}

/** A value written without a zone (a local date or time): placed as if UTC, and said so. */
export function isFloating(value: string): boolean {
  return !/(?:Z|[+-]\d{2}:?\d{2})$/.test(value);
}

/** The end of what a value covers: a day-precision date spans its day, a month its month. */
export function spanEndMs(start: string, end: string | null, precision: TimelinePrecision): number {
  if (end !== null) {
    const ms = valueMs(end);
    if (Number.isFinite(ms)) return ms;
  }
  const from = valueMs(start);
  if (/^\d{4}$/.test(start)) return Date.UTC(Number(start) + 1, 0, 1);
  if (/^\d{4}-\d{2}$/.test(start)) {
    const d = new Date(from);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(start) && precision !== 'approximate') return from + DAY;
  return from;
}

/** An event placed on the axis. */
export interface PlacedEvent {
  readonly event: TimelineEvent;
  readonly start: number;
  readonly end: number;
}

/** Events with a readable start, sorted by start then id. */
export function placeEvents(events: readonly TimelineEvent[]): PlacedEvent[] {
  const placed: PlacedEvent[] = [];
  for (const event of events) {
    const start = valueMs(event.start);
    if (!Number.isFinite(start)) continue;
    placed.push({ event, start, end: Math.max(start, spanEndMs(event.start, event.end, event.precision)) });
  }
  return placed.sort((a, b) => a.start - b.start || a.event.id - b.event.id);
}

/** Events grouped by lane (in the case's lane order; lanes not in the list come after, then "(no lane)"). */
export function laneRows(
  lanes: readonly string[],
  placed: readonly PlacedEvent[],
): { lane: string; events: PlacedEvent[] }[] {
  const rows = new Map<string, PlacedEvent[]>(lanes.map((lane) => [lane, []]));
  for (const item of placed) {
    const lane = item.event.lane;
    let row = rows.get(lane);
    if (!row) {
      row = [];
      rows.set(lane, row);
    }
    row.push(item);
  }
  return [...rows].map(([lane, events]) => ({ lane, events }));
}

/** First index whose `end` is at or after `time` (events sorted by start; ends looked at linearly back). */
export function firstVisible(events: readonly PlacedEvent[], time: number, longest: number): number {
  let low = 0;
  let high = events.length;
  const from = time - longest;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((events[mid]?.start ?? 0) < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A marker, or several close enough to draw as one count badge. */
export interface Cluster {
  readonly x: number;
  readonly x2: number;
  readonly items: readonly PlacedEvent[];
}

/** What a marker draws across, in pixels: a dot, or a count badge ("12", "999+"). */
export function footprint(count: number): number {
  if (count <= 1) return 2 * 9;
  const label = count > 999 ? '999+' : String(count);
  return Math.max(22, 12 + 7 * label.length);
}

/**
 * Group markers (already in x order) whose positions fall within `gap` pixels of the group's first:
 * a dense run becomes one badge with its count. Bars (events with an end) longer than `gap` stay
 * alone. Then neighbours whose dots or badges would overlap merge, so however dense a lane is (50,000
 * events at full zoom-out), it draws one row of readable, separate badges.
 */
export function cluster(items: readonly PlacedEvent[], toX: (ms: number) => number, gap: number): Cluster[] {
  const clusters: { x: number; x2: number; items: PlacedEvent[]; bar: boolean }[] = [];
  let current: { x: number; x2: number; items: PlacedEvent[]; bar: boolean } | null = null;
  for (const item of items) {
    const x = toX(item.start);
    const x2 = toX(item.end);
    const isBar = x2 - x > gap;
    if (current && !isBar && !current.bar && x - current.x <= gap) {
      current.items.push(item);
      current.x2 = Math.max(current.x2, x);
      continue;
    }
    current = { x, x2: isBar ? x2 : x, items: [item], bar: isBar };
    clusters.push(current);
  }
  const merged: typeof clusters = [];
  const edges = (c: (typeof clusters)[number]) => {
    const centre = (c.x + c.x2) / 2;
    const half = footprint(c.items.length) / 2;
    return [centre - half, centre + half] as const;
  };
  for (const next of clusters) {
    let c = next;
    for (let prev = merged[merged.length - 1]; prev && !prev.bar && !c.bar; prev = merged[merged.length - 1]) {
      if (edges(prev)[1] + 4 <= edges(c)[0]) break;
      merged.pop();
      // The groups' arrays are this function's own: grow the earlier one in place.
      for (const item of c.items) prev.items.push(item);
      prev.x2 = Math.max(prev.x2, c.x2);
      c = prev;
    }
    merged.push(c);
  }
  return merged.map(({ x, x2, items: group }) => ({ x, x2, items: group }));
}

interface TickUnit {
  readonly kind: 'ms' | 'month' | 'year';
  readonly size: number;
}

const UNITS: readonly TickUnit[] = [
  ...[1, 5, 15, 30].map((n) => ({ kind: 'ms' as const, size: n * SECOND })),
  ...[1, 5, 15, 30].map((n) => ({ kind: 'ms' as const, size: n * MINUTE })),
  ...[1, 3, 6, 12].map((n) => ({ kind: 'ms' as const, size: n * HOUR })),
  { kind: 'ms', size: DAY },
  { kind: 'ms', size: 2 * DAY },
  { kind: 'ms', size: 7 * DAY },
  ...[1, 3, 6].map((n) => ({ kind: 'month' as const, size: n })),
  ...[1, 2, 5, 10, 25, 50, 100].map((n) => ({ kind: 'year' as const, size: n })),
];

function approxMs(unit: TickUnit): number {
  return unit.kind === 'ms' ? unit.size : unit.kind === 'month' ? unit.size * 30.44 * DAY : unit.size * 365.25 * DAY;
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(ms: number, zone: DisplayZone): number {
  return zone === 'utc' ? 0 : -new Date(ms).getTimezoneOffset() * MINUTE;
}

/** Wall-clock parts of an instant in the display zone. */
function parts(ms: number, zone: DisplayZone) {
  const d = new Date(ms + offsetAt(ms, zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), wall: d.getTime() };
}

/** The instant of a wall-clock time (given as if UTC) in the display zone. */
function fromWall(wall: number, zone: DisplayZone): number {
  if (zone === 'utc') return wall;
  const guess = wall - offsetAt(wall, zone);
  return wall - offsetAt(guess, zone);
}

export interface Tick {
  readonly ms: number;
  readonly label: string;
  /** A day, month or year boundary: drawn stronger. */
  readonly major: boolean;
}

const PAD = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Ticks for the visible span, about `minSpacing` pixels apart or more, labelled for the zoom. */
export function ticks(view: Viewport, width: number, zone: DisplayZone, minSpacing = 96): Tick[] {
  const span = view.end - view.start;
  if (!(span > 0) || width <= 0) return [];
  const perPx = span / width;
  const unit = UNITS.find((u) => approxMs(u) / perPx >= minSpacing) ?? UNITS[UNITS.length - 1];
  if (!unit) return [];
  const out: Tick[] = [];
  const first = parts(view.start, zone);
  if (unit.kind === 'ms') {
    // Align to the unit in wall-clock time (days to midnight, weeks to the day of the epoch).
    let wall = Math.floor(first.wall / unit.size) * unit.size;
    for (let guard = 0; guard < 2000; guard += 1) {
      const ms = fromWall(wall, zone);
      if (ms > view.end) break;
      if (ms >= view.start) {
        const d = new Date(wall);
        const midnight = wall % DAY === 0;
        const withSeconds = unit.size < MINUTE;
        const label =
          unit.size >= DAY || midnight
            ? `${String(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''}${d.getUTCMonth() === 0 && d.getUTCDate() === 1 ? ` ${String(d.getUTCFullYear())}` : ''}`
            : `${PAD(d.getUTCHours())}:${PAD(d.getUTCMinutes())}${withSeconds ? `:${PAD(d.getUTCSeconds())}` : ''}`;
        out.push({ ms, label, major: midnight && unit.size < DAY });
      }
      wall += unit.size;
    }
    return out;
  }
  const step = unit.kind === 'month' ? unit.size : unit.size * 12;
  let index = first.year * 12 + first.month;
  index = Math.floor(index / step) * step;
  for (let guard = 0; guard < 2000; guard += 1) {
    const year = Math.floor(index / 12);
    const month = index % 12;
    const ms = fromWall(Date.UTC(year, month, 1), zone);
    if (ms > view.end) break;
    if (ms >= view.start)
      out.push({
        ms,
        label:
          unit.kind === 'year' ? String(year) : month === 0 ? String(year) : `${MONTHS[month] ?? ''} ${String(year)}`,
        major: month === 0 && unit.kind === 'month',
      });
    index += step;
  }
  return out;
}

/** A date and time in the display zone: "2020-10-21 02:47 UTC", as precise as the event. */
export function formatInstant(ms: number, precision: TimelinePrecision, zone: DisplayZone, floating = false): string {
  if (!Number.isFinite(ms)) return '—';
  const p = parts(floating ? ms : ms, floating ? 'utc' : zone);
  const d = new Date(p.wall);
  const date = `${String(p.year)}-${PAD(p.month + 1)}-${PAD(p.day)}`;
  if (precision === 'year') return String(p.year);
  if (precision === 'month') return `${String(p.year)}-${PAD(p.month + 1)}`;
  if (precision === 'day') return date;
  const time = `${PAD(d.getUTCHours())}:${PAD(d.getUTCMinutes())}${precision === 'second' ? `:${PAD(d.getUTCSeconds())}` : ''}`;
  const zoneLabel = floating ? 'local time of the source' : zone === 'utc' ? 'UTC' : localZoneLabel(ms);
  return `${date} ${time} ${zoneLabel}`;
}

/** "UTC+3" for the machine's zone at an instant. */
export function localZoneLabel(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60))}${abs % 60 ? `:${PAD(abs % 60)}` : ''}`;
}

/** The same words as main's durationText: "1 day 9 h 55 min". */
export function durationText(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let rest = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const words = [
    days ? `${String(days)} day${days === 1 ? '' : 's'}` : '',
    hours ? `${String(hours)} h` : '',
    minutes ? `${String(minutes)} min` : '',
  ].filter(Boolean);
  return `${sign}${words.join(' ') || '0 min'}`;
}

/** A viewport that shows every placed event with a margin (a day around a single instant). */
export function fitAll(placed: readonly PlacedEvent[]): Viewport {
  if (placed.length === 0) {
    const now = Date.now();
    return { start: now - 7 * DAY, end: now + DAY };
  }
  let start = Infinity;
  let end = -Infinity;
  for (const item of placed) {
    start = Math.min(start, item.start);
    end = Math.max(end, item.end);
  }
  const span = Math.max(end - start, HOUR);
  // More room on the right, where the last event's title is written.
  return { start: start - span * 0.06, end: end + span * 0.2 };
}

export const MIN_SPAN = 10 * SECOND;
export const MAX_SPAN = 200 * 365.25 * DAY;

/** Zoom by `factor` (< 1 in) keeping the instant at `anchor` (0–1 across the width) in place. */
export function zoom(view: Viewport, factor: number, anchor = 0.5): Viewport {
  const span = view.end - view.start;
  const next = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
  const at = view.start + span * anchor;
  return { start: at - next * anchor, end: at + next * (1 - anchor) };
}

export function pan(view: Viewport, fraction: number): Viewport {
  const shift = (view.end - view.start) * fraction;
  return { start: view.start + shift, end: view.end + shift };
}

/** Open proposals as the list shows them: aggregates and single ones, each aggregate with its open rows. */
export interface ProposalGroups<P> {
  readonly top: readonly P[];
  readonly rows: ReadonlyMap<string, readonly P[]>;
  /** Open rows inside an open aggregate (not counted among `top`). */
  readonly grouped: number;
}

/**
 * Open proposals for review: a row of an open aggregate sits inside it; a row whose aggregate was
 * decided (or is gone) stands alone. Sorted by start, then key.
 */
export function proposalGroups<
  P extends { readonly key: string; readonly start: string; readonly status: string; readonly group: string | null },
>(proposals: readonly P[]): ProposalGroups<P> {
  const open = proposals.filter((p) => p.status === 'open');
  const openKeys = new Set(open.map((p) => p.key));
  const sorted = open
    .map((p) => ({ p, ms: valueMs(p.start) }))
    .sort((a, b) => a.ms - b.ms || (a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : 0))
    .map((x) => x.p);
  const top: P[] = [];
  const rows = new Map<string, P[]>();
  let grouped = 0;
  for (const p of sorted) {
    if (p.group !== null && p.group !== p.key && openKeys.has(p.group)) {
      const list = rows.get(p.group) ?? [];
      list.push(p);
      rows.set(p.group, list);
      grouped += 1;
    } else top.push(p);
  }
  return { top, rows, grouped };
}

/** The index of the event in `events` (sorted by start) nearest in time to `ms`, or -1 when empty. */
export function nearestIndex(events: readonly PlacedEvent[], ms: number): number {
  if (events.length === 0) return -1;
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((events[mid]?.start ?? 0) < ms) low = mid + 1;
    else high = mid;
  }
  const after = events[low];
  const before = events[low - 1];
  if (!after) return low - 1;
  if (!before) return low;
  return ms - before.start <= after.start - ms ? low - 1 : low;
}

/** Keep an instant in view: the same viewport if it is inside (with a margin), else one centred on it. */
export function reveal(view: Viewport, ms: number): Viewport {
  const span = view.end - view.start;
  const margin = span * 0.02;
  if (ms >= view.start + margin && ms <= view.end - margin) return view;
  return { start: ms - span / 2, end: ms + span / 2 };
}

/** A lane in the lanes editor: its name now, the name it had (null: added), removed or not. */
export interface LaneDraft {
  readonly id: number;
  readonly name: string;
  readonly original: string | null;
  readonly removed: boolean;
  /** A removed lane's events go to this lane (a draft id), or to no lane (null). */
  readonly moveTo: number | null;
}

export function laneDrafts(lanes: readonly string[]): LaneDraft[] {
  return lanes.map((name, i) => ({ id: i + 1, name, original: name, removed: false, moveTo: null }));
}

/**
 * What the lanes editor saves: the lanes in order, and the moves that carry events along (a
 * renamed lane's to its new name; a removed lane's to the lane chosen, followed while that lane is
 * removed too, else to no lane). A problem (an empty or repeated name) instead, to show.
 */
export function laneChanges(
  drafts: readonly LaneDraft[],
): { lanes: string[]; moves: { from: string; to: string }[] } | { problem: string } {
  const kept = drafts.filter((d) => !d.removed);
  if (kept.length === 0) return { problem: 'Keep at least one lane.' };
  const names = kept.map((d) => d.name.trim());
  if (names.some((n) => n === '')) return { problem: 'Every lane needs a name.' };
  const repeated = names.find((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) !== i);
  if (repeated !== undefined) return { problem: `There are two lanes named “${repeated}”.` };
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const destination = (from: LaneDraft): string => {
    const seen = new Set<number>([from.id]);
    let next = from.moveTo === null ? undefined : byId.get(from.moveTo);
    while (next?.removed) {
      if (seen.has(next.id)) return '';
      seen.add(next.id);
      next = next.moveTo === null ? undefined : byId.get(next.moveTo);
    }
    return next ? next.name.trim() : '';
  };
  const moves: { from: string; to: string }[] = [];
  for (const d of drafts) {
    if (d.original === null) continue;
    if (d.removed) moves.push({ from: d.original, to: destination(d) });
    else if (d.name.trim() !== d.original) moves.push({ from: d.original, to: d.name.trim() });
  }
  return { lanes: names, moves };
}
