/**
 * The Graph view's pure logic: what the filters keep, node size by degree, search (with defanged
 * input), merge rules, exhibit labels and the Cytoscape elements built from a case graph.
 */
import { describe, expect, it } from 'vitest';
import {
  ENTITY_TYPES,
  confidenceWord,
  type CaseGraph,
  type GraphEntity,
  type GraphRelationship,
} from '../../../shared/graph.js';
import {
  adjacency,
  buildElements,
  activeGraphFilterCount,
  entitiesForLinked,
  exportFileName,
  groupEntities,
  linkedFromEntities,
  neighbourhood,
  neighbourInDirection,
  nextGroupId,
  pushEdit,
  shortestPath,
  takeRedo,
  takeUndo,
  type UndoStacks,
  DEFAULT_GRAPH_FILTERS,
  entityLabel,
  exhibitFileName,
  exhibitNumber,
  kindCounts,
  mergeProblem,
  nodeSize,
  pngFileName,
  presentTypes,
  searchEntities,
  TYPE_STYLES,
  visibleGraph,
} from '../../../renderer/src/views/graph/model.js';

/** Nothing hidden (the defaults hide suggestions). */
const SHOW_ALL = { ...DEFAULT_GRAPH_FILTERS, hiddenKinds: [] };

function entity(id: string, patch: Partial<GraphEntity> & Pick<GraphEntity, 'type' | 'name'>): GraphEntity {
  return { id, stixType: patch.type, origin: 'indicator', aliases: [], ...patch };
}

function rel(id: string, source: string, target: string, patch: Partial<GraphRelationship> = {}): GraphRelationship {
  const confidence = patch.confidence ?? 100;
  return {
    id,
    type: 'observed-in',
    source,
    target,
    confidence,
    confidenceWord: confidenceWord(confidence),
    origin: 'derived',
    provenance: {},
    citedExhibits: [],
    ...patch,
  };
}

const GRAPH: CaseGraph = {
  entities: [
    entity('ind:1', { type: 'ipv4', name: '203.0.113.77' }),
    entity('ind:2', { type: 'domain', name: 'worldstream.example' }),
    entity('exh:1', { type: 'exhibit', name: 'E-0001 threat.eml', exhibit: 'E-0001', origin: 'exhibit' }),
    entity('ent:1', { type: 'threat-actor', name: 'APT37', origin: 'analyst' }),
    entity('ent:2', {
      type: 'threat-actor',
      name: 'ScarCruft',
      origin: 'analyst',
      aliases: [{ id: 'ent:3', name: 'Reaper', mergeId: 1, assertedBy: 'ana', assertedAt: 0, source: '' }],
    }),
  ],
  relationships: [
    rel('r1', 'ind:1', 'exh:1'),
    rel('r2', 'ind:2', 'exh:1'),
    rel('r3', 'ent:1', 'ent:2', {
      type: 'alias-of',
      origin: 'asserted',
      confidence: 40,
      createdAt: Date.UTC(2020, 9, 22),
    }),
  ],
  suggestions: [rel('s1', 'ind:1', 'ind:2', { type: 'related-to', origin: 'suggested', confidence: 50 })],
};

describe('entity styles', () => {
  it('gives every entity type a label, a colour and a shape, never the star (its hit test misses)', () => {
    for (const type of ENTITY_TYPES) {
      const style = TYPE_STYLES[type];
      expect(style.label).not.toBe('');
      expect(style.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(style.shape).not.toBe('star');
    }
  });
});

describe('visibleGraph', () => {
  it('hides suggestions by default, and counts that as no active filter', () => {
    const visible = visibleGraph(GRAPH, DEFAULT_GRAPH_FILTERS);
    expect(visible.relationships.some((r) => r.origin === 'suggested')).toBe(false);
    expect(visibleGraph(GRAPH, SHOW_ALL).relationships.some((r) => r.origin === 'suggested')).toBe(true);
    expect(activeGraphFilterCount(DEFAULT_GRAPH_FILTERS)).toBe(0);
    expect(activeGraphFilterCount(SHOW_ALL)).toBe(1);
  });

  it('keeps everything with the default filters, suggestions included, and counts degree', () => {
    const visible = visibleGraph(GRAPH, SHOW_ALL);
    expect(visible.entities).toHaveLength(5);
    expect(visible.relationships.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 's1']);
    expect(visible.degree.get('ind:1')).toBe(2);
    expect(visible.degree.get('exh:1')).toBe(2);
    expect(visible.degree.get('ent:1')).toBe(1);
  });

  it('hides a type with its relationships but keeps entities without any', () => {
    const visible = visibleGraph(GRAPH, { ...SHOW_ALL, hiddenTypes: ['exhibit'] });
    expect(visible.entities.map((e) => e.id)).not.toContain('exh:1');
    expect(visible.relationships.map((r) => r.id)).toEqual(['r3', 's1']);
    expect(visible.degree.get('ind:2')).toBe(1);
  });

  it('hides a kind and relationships below the minimum confidence', () => {
    expect(
      visibleGraph(GRAPH, { ...SHOW_ALL, hiddenKinds: ['suggested', 'derived'] }).relationships.map((r) => r.id),
    ).toEqual(['r3']);
    expect(visibleGraph(GRAPH, { ...SHOW_ALL, minConfidence: 45 }).relationships.map((r) => r.id)).toEqual([
      'r1',
      'r2',
      's1',
    ]);
  });

  it('applies a time window to relationships with a time; derived ones have none and stay', () => {
    const before = { start: 0, end: Date.UTC(2020, 0, 1) };
    const ids = visibleGraph(GRAPH, { ...SHOW_ALL, timeWindow: before }).relationships.map((r) => r.id);
    expect(ids).toEqual(['r1', 'r2', 's1']);
  });

  it('counts each id once when a suggestion repeats a relationship', () => {
    const graph = {
      ...GRAPH,
      suggestions: [...GRAPH.suggestions, rel('r1', 'ind:1', 'exh:1', { origin: 'suggested' })],
    };
    expect(kindCounts(graph)).toEqual(
      new Map([
        ['derived', 2],
        ['asserted', 1],
        ['suggested', 1],
      ]),
    );
  });
});

describe('nodeSize', () => {
  it('grows with degree, from 26 px, and stops at 72 px', () => {
    expect(nodeSize(0)).toBe(26);
    expect(nodeSize(4)).toBe(40);
    expect(nodeSize(1)).toBeLessThan(nodeSize(9));
    expect(nodeSize(10_000)).toBe(72);
  });
});

describe('searchEntities', () => {
  it('ranks an exact name first, then a prefix, then a substring, then an alias', () => {
    const entities = [
      entity('a', { type: 'domain', name: 'xapt37.example' }),
      entity('b', { type: 'threat-actor', name: 'APT37 cluster' }),
      entity('c', { type: 'threat-actor', name: 'apt37' }),
      entity('d', {
        type: 'threat-actor',
        name: 'Group123',
        aliases: [{ id: 'x', name: 'APT37-alias', mergeId: 2, assertedBy: 'a', assertedAt: 0, source: '' }],
      }),
    ];
    expect(searchEntities(entities, ' APT37 ').map((e) => e.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(searchEntities(entities, '')).toEqual([]);
  });

  it('reads a defanged value as the plain one, and finds exhibits by label', () => {
    expect(searchEntities(GRAPH.entities, '203.0.113[.]77').map((e) => e.id)).toEqual(['ind:1']);
    expect(searchEntities(GRAPH.entities, 'e-0001').map((e) => e.id)).toEqual(['exh:1']);
    expect(searchEntities(GRAPH.entities, 'reaper').map((e) => e.id)).toEqual(['ent:2']);
  });
});

describe('mergeProblem', () => {
  const [ip, domain, exhibit, apt, scar] = GRAPH.entities as [
    GraphEntity,
    GraphEntity,
    GraphEntity,
    GraphEntity,
    GraphEntity,
  ];
  it('allows two or more entities of one type, never exhibits', () => {
    expect(mergeProblem([apt, scar])).toBeNull();
    expect(mergeProblem([apt])).toMatch(/two or more/);
    expect(mergeProblem([ip, domain])).toBe('Only entities of one type merge.');
    expect(mergeProblem([exhibit, exhibit])).toMatch(/never merged/);
  });
});

describe('labels', () => {
  it('names exhibits once by label and file name', () => {
    const exhibit = GRAPH.entities.find((e) => e.id === 'exh:1');
    if (!exhibit) throw new Error('no exhibit in the fixture');
    expect(entityLabel(exhibit)).toBe('E-0001 threat.eml');
    expect(exhibitFileName(exhibit)).toBe('threat.eml');
    expect(entityLabel({ ...exhibit, name: 'threat.eml' })).toBe('E-0001 threat.eml');
    expect(exhibitNumber('E-0012')).toBe(12);
    expect(exhibitNumber('X-1')).toBeNull();
  });

  it('makes a safe PNG file name from the case title and the UTC date', () => {
    const now = new Date(Date.UTC(2026, 10, 21, 23, 59));
    expect(pngFileName('Op. "Desert" / 2020', now)).toBe('Op-Desert-2020-graph-2026-11-21.png');
    expect(pngFileName('///', now)).toBe('graph-graph-2026-11-21.png');
  });

  it('lists the types present in vocabulary order', () => {
    expect(presentTypes(GRAPH)).toEqual(['threat-actor', 'ipv4', 'domain', 'exhibit']);
  });
});

describe('buildElements', () => {
  it('carries type style, degree size and origin classes', () => {
    const { nodes, edges } = buildElements(visibleGraph(GRAPH, SHOW_ALL));
    const ip = nodes.find((n) => n.data.id === 'ind:1');
    expect(ip?.data).toMatchObject({ type: 'ipv4', shape: 'round-rectangle', color: TYPE_STYLES.ipv4.color });
    expect(ip?.data.size).toBe(nodeSize(2));
    expect(nodes.find((n) => n.data.id === 'ent:2')?.classes).toBe('t-threat-actor merged analyst');
    expect(edges.find((e) => e.data.id === 's1')).toMatchObject({
      classes: 'suggested',
      data: { label: 'related-to' },
    });
    expect(edges.find((e) => e.data.id === 'r3')?.classes).toBe('asserted');
  });

  it('shortens long names on the canvas', () => {
    const long = entity('u', { type: 'url', name: `https://example.com/${'a'.repeat(80)}` });
    const { nodes } = buildElements(
      visibleGraph({ entities: [long], relationships: [], suggestions: [] }, DEFAULT_GRAPH_FILTERS),
    );
    expect(nodes[0]?.data.label).toHaveLength(41);
    expect(nodes[0]?.data.label.endsWith('…')).toBe(true);
  });
});

describe('hidden entities and groups', () => {
  it('leaves hidden entities and their relationships out', () => {
    const visible = visibleGraph(GRAPH, SHOW_ALL, new Set(['exh:1']));
    expect(visible.entities.map((e) => e.id)).not.toContain('exh:1');
    expect(visible.relationships.map((r) => r.id)).toEqual(['r3', 's1']);
  });

  it('draws a group as a compound node while a member is shown, each entity in one box', () => {
    const groups = [
      { id: 'group:1', name: 'Actors', members: ['ent:1', 'ent:2'] },
      { id: 'group:2', name: 'Again', members: ['ent:1'] },
      { id: 'group:3', name: 'Hidden only', members: ['exh:1'] },
    ];
    const { nodes, groups: drawn } = buildElements(visibleGraph(GRAPH, SHOW_ALL, new Set(['exh:1'])), groups);
    expect(drawn.map((g) => [g.data.id, g.data.label, g.classes])).toEqual([['group:1', 'Actors', 'group']]);
    expect(nodes.find((n) => n.data.id === 'ent:1')?.data.parent).toBe('group:1');
    expect(nodes.find((n) => n.data.id === 'ind:1')?.data.parent).toBeUndefined();
  });

  it('groups take their members out of other groups, and numbers go on from the highest', () => {
    const before = [
      { id: 'group:4', name: 'A', members: ['ent:1', 'ent:2'] },
      { id: 'group:2', name: 'B', members: ['ind:1'] },
    ];
    expect(nextGroupId(before)).toBe('group:5');
    expect(groupEntities(before, 'C', ['ent:2', 'ind:1'])).toEqual([
      { id: 'group:4', name: 'A', members: ['ent:1'] },
      { id: 'group:5', name: 'C', members: ['ent:2', 'ind:1'] },
    ]);
  });
});

describe('walking the graph', () => {
  // a - b - c - d, and e alone; f - a twice (two relationships), g - g (a loop, ignored).
  const rels = [
    rel('ab', 'a', 'b'),
    rel('bc', 'b', 'c'),
    rel('cd', 'c', 'd'),
    rel('fa1', 'f', 'a'),
    rel('fa2', 'a', 'f'),
    rel('gg', 'g', 'g'),
  ];
  const adj = adjacency(rels);

  it('finds the k-hop neighbourhood, either direction', () => {
    expect([...neighbourhood(adj, ['b'], 0)]).toEqual(['b']);
    expect([...neighbourhood(adj, ['b'], 1)].sort()).toEqual(['a', 'b', 'c']);
    expect([...neighbourhood(adj, ['b'], 2)].sort()).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect([...neighbourhood(adj, ['e'], 3)]).toEqual(['e']);
    expect([...neighbourhood(adj, ['a', 'd'], 1)].sort()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });

  it('finds a shortest path with its relationships in order, or none', () => {
    expect(shortestPath(adj, 'f', 'd')).toEqual({ nodes: ['f', 'a', 'b', 'c', 'd'], edges: ['fa1', 'ab', 'bc', 'cd'] });
    expect(shortestPath(adj, 'd', 'a')).toEqual({ nodes: ['d', 'c', 'b', 'a'], edges: ['cd', 'bc', 'ab'] });
    expect(shortestPath(adj, 'a', 'a')).toEqual({ nodes: ['a'], edges: [] });
    expect(shortestPath(adj, 'a', 'e')).toBeNull();
    expect(shortestPath(adj, 'g', 'a')).toBeNull();
  });

  it('picks the neighbour an arrow key points at: near and on the line beats far or off it', () => {
    const origin = { x: 0, y: 0 };
    const around = [
      { id: 'right-near', x: 50, y: 10 },
      { id: 'right-far', x: 300, y: 0 },
      { id: 'right-steep', x: 40, y: 60 },
      { id: 'below', x: 0, y: 80 },
      { id: 'left', x: -100, y: -20 },
    ];
    expect(neighbourInDirection(origin, around, 'right')).toBe('right-near');
    expect(neighbourInDirection(origin, around, 'down')).toBe('below');
    expect(neighbourInDirection(origin, around, 'left')).toBe('left');
    expect(neighbourInDirection(origin, around, 'up')).toBeNull();
    expect(neighbourInDirection(origin, [{ id: 'same', x: 0, y: 0 }], 'right')).toBeNull();
  });
});

describe('undo and redo stacks', () => {
  it('undoes the last edit, redoes it, and a new edit drops what was undone', () => {
    let stacks = pushEdit(pushEdit({ done: [], undone: [] }, 'a'), 'b');
    const undone = takeUndo(stacks);
    expect(undone?.edit).toBe('b');
    stacks = undone?.stacks ?? stacks;
    expect(stacks).toEqual({ done: ['a'], undone: ['b'] });
    const redone = takeRedo(stacks);
    expect(redone?.edit).toBe('b');
    expect(redone?.stacks).toEqual({ done: ['a', 'b'], undone: [] });
    expect(pushEdit(stacks, 'c')).toEqual({ done: ['a', 'c'], undone: [] });
    expect(takeUndo({ done: [], undone: [] })).toBeNull();
    expect(takeRedo({ done: ['a'], undone: [] })).toBeNull();
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let stacks: UndoStacks<number> = { done: [], undone: [] };
    for (let i = 0; i < 5; i++) stacks = pushEdit(stacks, i, 3);
    expect(stacks.done).toEqual([2, 3, 4]);
  });
});

describe('linked selection', () => {
  it('turns a graph selection into exhibits and indicators', () => {
    const [ip, , exhibit, actor] = GRAPH.entities;
    if (!ip || !exhibit || !actor) throw new Error('fixture');
    expect(linkedFromEntities([{ ...ip, indicatorId: 1 }, exhibit, actor])).toEqual({
      from: 'graph',
      exhibits: [1],
      indicators: [1],
    });
  });

  it('lights up an exhibit with what was observed in it, and a merged alias as its entity', () => {
    expect([...entitiesForLinked(GRAPH, { from: 'evidence', exhibits: [1], indicators: [] })].sort()).toEqual([
      'exh:1',
      'ind:1',
      'ind:2',
    ]);
    // ind:3 is an alias of ent:2 here (the fixture lists ent:3; add one for an indicator).
    const merged: CaseGraph = {
      ...GRAPH,
      entities: GRAPH.entities.map((e) =>
        e.id === 'ent:2'
          ? { ...e, aliases: [{ id: 'ind:3', name: 'x', mergeId: 2, assertedBy: 'a', assertedAt: 0, source: '' }] }
          : e,
      ),
    };
    expect([...entitiesForLinked(merged, { from: 'indicators', exhibits: [], indicators: [3, 99] })]).toEqual([
      'ent:2',
    ]);
  });
});

describe('export file names', () => {
  it('names PNG and SVG exports after the case and the UTC date', () => {
    const now = new Date(Date.UTC(2024, 2, 9, 23, 30));
    expect(exportFileName('Op. Ballot / Box', now, 'svg')).toBe('Op-Ballot-Box-graph-2024-03-09.svg');
    expect(exportFileName('***', now, 'png')).toBe('graph-graph-2024-03-09.png');
  });
});
