/**
 * What a time window brushed on the timeline keeps elsewhere: the exhibits with a date inside it
 * (day precision covers its day, a span overlaps), and the part of the graph they support —
 * relationships citing them and what those reach through uncited links (a host, an AS).
 */
import { describe, expect, it } from 'vitest';
import type { CaseGraph, GraphEntity, GraphRelationship } from '../../../shared/graph.js';
import type { ExhibitTime } from '../../../shared/timeline.js';
import {
  datedExhibits,
  exhibitsInWindow,
  graphWindowDetail,
  windowGraph,
  windowText,
} from '../../../renderer/src/views/timeline/window.js';

const time = (exhibitNumber: number, start: string, patch: Partial<ExhibitTime> = {}): ExhibitTime => ({
  exhibitNumber,
  start,
  end: null,
  precision: 'second',
  source: 'E-mail Date',
  ...patch,
});

const window = { start: Date.UTC(2020, 9, 20, 12), end: Date.UTC(2020, 9, 20, 18) };

describe('exhibits in a window', () => {
  it('keeps instants inside, days that cover it, spans that overlap it, and no undated exhibit', () => {
    const times = [
      time(1, '2020-10-20T14:12:41Z'),
      time(2, '2020-10-19T21:14:00Z'),
      time(3, '2020-10-20', { precision: 'day' }),
      time(4, '2020-10-19T00:00:00Z', { end: '2020-10-21T00:00:00Z', precision: 'minute' }),
      time(5, '2020-10-21', { precision: 'day' }),
      time(6, 'not a date'),
      time(2, '2020-10-20T15:00:00', { precision: 'minute', source: 'event #3: zone unknown' }),
    ];
    expect([...exhibitsInWindow(times, window)].sort()).toEqual([1, 2, 3, 4]);
    expect(datedExhibits(times).size).toBe(6);
    expect(windowText(window)).toBe('2020-10-20 12:00 – 2020-10-20 18:00 UTC');
  });
});

describe('the graph in a window', () => {
  const entity = (id: string, type: GraphEntity['type'], exhibit?: string): GraphEntity => ({
    id,
    type,
    stixType: type,
    name: id,
    origin: exhibit ? 'exhibit' : 'indicator',
    aliases: [],
    ...(exhibit ? { exhibit } : {}),
  });
  const rel = (id: string, source: string, target: string, cited: string[]): GraphRelationship => ({
    id,
    type: 'related-to',
    source,
    target,
    confidence: 80,
    confidenceWord: 'very likely',
    origin: 'derived',
    provenance: {},
    citedExhibits: cited,
  });
  const graph: CaseGraph = {
    entities: [
      entity('e1', 'exhibit', 'E-0001'),
      entity('e2', 'exhibit', 'E-0002'),
      entity('ip', 'ipv4'),
      entity('as', 'autonomous-system'),
      entity('org', 'organisation'),
      entity('url', 'url'),
      entity('lonely', 'persona'),
    ],
    relationships: [
      rel('ip-in-e1', 'ip', 'e1', ['E-0001']),
      rel('url-in-e2', 'url', 'e2', ['E-0002']),
      rel('ip-as', 'ip', 'as', []),
      rel('as-org', 'as', 'org', []),
      rel('url-ip', 'url', 'ip', []),
    ],
    suggestions: [rel('s:ip-url', 'ip', 'url', ['E-0002'])],
  };

  it('keeps the exhibits inside, what cites them, and what that reaches through uncited links', () => {
    const kept = windowGraph(graph, new Set([1]));
    expect(kept.entities.map((e) => e.id).sort()).toEqual(['as', 'e1', 'ip', 'org', 'url']);
    expect(kept.relationships.map((r) => r.id).sort()).toEqual(['as-org', 'ip-as', 'ip-in-e1', 'url-ip']);
    expect(kept.suggestions).toEqual([]);
    expect(graphWindowDetail(graph, kept, { inside: new Set([1]), dated: 2 })).toBe(
      '5 of 7 entities, 4 of 6 links, from 1 of 2 dated exhibits',
    );
  });

  it('keeps nothing when no exhibit is inside', () => {
    expect(windowGraph(graph, new Set())).toEqual({ entities: [], relationships: [], suggestions: [] });
    expect(graphWindowDetail(graph, graph, null)).toBe('Reading the exhibits’ dates…');
  });
});
