/**
 * What a range brushed on the timeline keeps in the other views (pure, unit-tested): the exhibits
 * with a date inside it — their own (an e-mail's Date, a video's creation_time, EXIF, a PDF's
 * creation date), their parent's, or an event's that cites them (main's `listExhibitTimes`) — and
 * the part of the graph those exhibits support.
 */
import type { CaseGraph, GraphRelationship } from '../../../../shared/graph.js';
import type { ExhibitTime } from '../../../../shared/timeline.js';
import { spanEndMs, valueMs, type TimeWindow } from './model.js';

/** "E-0007" for 7, as exhibit labels are written. */
export function exhibitLabel(number: number): string {
  return `E-${String(number).padStart(4, '0')}`;
}

/** The exhibits whose dates touch the window (a day-precision date covers its day). */
export function exhibitsInWindow(times: readonly ExhibitTime[], window: TimeWindow): Set<number> {
  const inside = new Set<number>();
  for (const time of times) {
    if (inside.has(time.exhibitNumber)) continue;
    const start = valueMs(time.start);
    if (!Number.isFinite(start)) continue;
    const end = Math.max(start, spanEndMs(time.start, time.end, time.precision));
    if (end >= window.start && start <= window.end) inside.add(time.exhibitNumber);
  }
  return inside;
}

/** The exhibits that carry at least one date (the others can never fall in a window). */
export function datedExhibits(times: readonly ExhibitTime[]): Set<number> {
  return new Set(times.map((t) => t.exhibitNumber));
}

/**
 * The graph the window's exhibits support: those exhibits; each relationship citing one of them
 * (observed-in, derived-from, asserted links with citations) and its two ends; then what those
 * reach through relationships that cite nothing (a URL's host, an address's AS and organisation).
 * A relationship whose citations all fall outside the window goes, as do entities nothing in the
 * window reaches.
 */
export function windowGraph(graph: CaseGraph, inside: ReadonlySet<number>): CaseGraph {
  const labels = new Set([...inside].map(exhibitLabel));
  const kept = new Set<string>();
  for (const entity of graph.entities) {
    if (entity.type === 'exhibit' && entity.exhibit !== undefined && labels.has(entity.exhibit)) kept.add(entity.id);
  }
  const cites = (rel: GraphRelationship) => rel.citedExhibits.some((label) => labels.has(label));
  const relationships = new Set<string>();
  const all = [...graph.relationships, ...graph.suggestions];
  for (const rel of all) {
    if (rel.citedExhibits.length === 0 || !cites(rel)) continue;
    relationships.add(rel.id);
    kept.add(rel.source);
    kept.add(rel.target);
  }
  // Relationships without citations carry the window outward from what it holds.
  const uncited = new Map<string, GraphRelationship[]>();
  for (const rel of all) {
    if (rel.citedExhibits.length > 0) continue;
    for (const end of [rel.source, rel.target]) uncited.set(end, [...(uncited.get(end) ?? []), rel]);
  }
  const queue = [...kept];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const rel of uncited.get(id) ?? []) {
      relationships.add(rel.id);
      for (const end of [rel.source, rel.target]) {
        if (kept.has(end)) continue;
        kept.add(end);
        queue.push(end);
      }
    }
  }
  return {
    entities: graph.entities.filter((entity) => kept.has(entity.id)),
    relationships: graph.relationships.filter((rel) => relationships.has(rel.id)),
    suggestions: graph.suggestions.filter((rel) => relationships.has(rel.id)),
  };
}

/** "2020-10-20 14:00 – 2020-10-21 06:00 UTC" for a window (minutes; the window is UTC). */
export function windowText(window: TimeWindow): string {
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${at(window.start)} – ${at(window.end)} UTC`;
}

/** What the window keeps of the graph, for its chip: "12 of 40 entities, 15 of 61 links, from 1 of 3 dated exhibits". */
export function graphWindowDetail(
  graph: CaseGraph | null,
  windowed: CaseGraph | null,
  exhibits: { readonly inside: ReadonlySet<number>; readonly dated: number } | null,
): string {
  if (!graph || !windowed || !exhibits) return 'Reading the exhibits’ dates…';
  const links = (g: CaseGraph) => g.relationships.length + g.suggestions.length;
  return `${windowed.entities.length.toLocaleString('en')} of ${graph.entities.length.toLocaleString('en')} entities, ${links(
    windowed,
  ).toLocaleString('en')} of ${links(graph).toLocaleString('en')} links, from ${exhibits.inside.size.toLocaleString(
    'en',
  )} of ${exhibits.dated.toLocaleString('en')} dated exhibits`;
}
