/**
 * The Graph view's pure logic: how each entity type looks, which entities and relationships the
 * filters keep, node size by degree, what the search matches, and the Cytoscape elements built from
 * all of that. No React and no Cytoscape here, so it is tested without a canvas.
 */
import {
  ENTITY_TYPES,
  type CaseGraph,
  type EntityType,
  type GraphEntity,
  type GraphRelationship,
} from '../../../../shared/graph.js';
import {
  allRelationships,
  DEFAULT_GRAPH_FILTERS,
  RELATIONSHIP_KINDS,
  type GraphFilters,
  type GraphGroup,
  type GraphLayoutName,
  type RelationshipKind,
  type VisibleGraph,
} from '../../../../shared/graph-view.js';

/** Cytoscape node shapes used here (a subset of its shape names). */
export type NodeShape =
  | 'ellipse'
  | 'round-rectangle'
  | 'rectangle'
  | 'hexagon'
  | 'octagon'
  | 'diamond'
  | 'round-diamond'
  | 'triangle'
  | 'round-triangle'
  | 'pentagon'
  | 'rhomboid'
  | 'vee'
  | 'tag'
  | 'round-tag'
  | 'cut-rectangle'
  | 'barrel'
  | 'concave-hexagon';

export interface TypeStyle {
  readonly label: string;
  readonly color: string;
  readonly shape: NodeShape;
}

/**
 * Colour and shape by entity type: actors warm, people violet, network infrastructure blue to teal,
 * files brown, evidence grey. Colours are mid-tone so they read on both themes' canvas. No 'star':
 * Cytoscape 3.34's hit test for it misses clicks on the node's middle.
 */
export const TYPE_STYLES: Readonly<Record<EntityType, TypeStyle>> = {
  'threat-actor': { label: 'Threat actor', color: '#d6455d', shape: 'octagon' },
  'intrusion-set': { label: 'Intrusion set', color: '#e0693a', shape: 'rhomboid' },
  campaign: { label: 'Campaign', color: '#c9862a', shape: 'tag' },
  person: { label: 'Person', color: '#9b59c9', shape: 'ellipse' },
  organisation: { label: 'Organisation', color: '#7d5fd6', shape: 'round-rectangle' },
  persona: { label: 'Persona or account', color: '#c25aa8', shape: 'round-triangle' },
  infrastructure: { label: 'Infrastructure', color: '#3d7fc4', shape: 'barrel' },
  'autonomous-system': { label: 'Autonomous system', color: '#2f6aa8', shape: 'concave-hexagon' },
  ipv4: { label: 'IPv4', color: '#3f93d8', shape: 'round-rectangle' },
  ipv6: { label: 'IPv6', color: '#3f93d8', shape: 'round-rectangle' },
  domain: { label: 'Domain', color: '#1f9aa0', shape: 'ellipse' },
  url: { label: 'URL', color: '#2aa98b', shape: 'round-tag' },
  email: { label: 'E-mail address', color: '#4aa15a', shape: 'round-diamond' },
  file: { label: 'File', color: '#a0703f', shape: 'cut-rectangle' },
  path: { label: 'Path', color: '#8c7456', shape: 'cut-rectangle' },
  malware: { label: 'Malware', color: '#b8323e', shape: 'vee' },
  tool: { label: 'Tool', color: '#a35f2c', shape: 'triangle' },
  vulnerability: { label: 'Vulnerability', color: '#c7a21e', shape: 'diamond' },
  'attack-pattern': { label: 'Attack pattern', color: '#b07d1a', shape: 'pentagon' },
  wallet: { label: 'Wallet', color: '#6f9a2a', shape: 'hexagon' },
  location: { label: 'Location', color: '#53a3a0', shape: 'round-triangle' },
  exhibit: { label: 'Exhibit', color: '#7b8494', shape: 'rectangle' },
  event: { label: 'Event', color: '#5f7fa0', shape: 'round-diamond' },
};

export {
  allRelationships,
  DEFAULT_GRAPH_FILTERS,
  RELATIONSHIP_KINDS,
  visibleGraph,
  type GraphFilters,
  type RelationshipKind,
  type VisibleGraph,
} from '../../../../shared/graph-view.js';

export const KIND_LABELS: Readonly<Record<RelationshipKind, string>> = {
  asserted: 'Asserted',
  derived: 'Derived',
  suggested: 'Suggested',
};

export function activeGraphFilterCount(filters: GraphFilters): number {
  return (
    filters.hiddenTypes.length +
    RELATIONSHIP_KINDS.filter(
      (kind) => filters.hiddenKinds.includes(kind) !== DEFAULT_GRAPH_FILTERS.hiddenKinds.includes(kind),
    ).length +
    (filters.minConfidence > 0 ? 1 : 0) +
    (filters.timeWindow ? 1 : 0)
  );
}

/** Node diameter in px: grows with the square root of the degree, 26 to 72. */
export function nodeSize(degree: number): number {
  return Math.round(Math.min(72, 26 + 7 * Math.sqrt(Math.max(0, degree))));
}

/** How many entities of each type the case holds (the type filter shows them). */
export function typeCounts(graph: CaseGraph): Map<EntityType, number> {
  const counts = new Map<EntityType, number>();
  for (const entity of graph.entities) counts.set(entity.type, (counts.get(entity.type) ?? 0) + 1);
  return counts;
}

export function kindCounts(graph: CaseGraph): Map<RelationshipKind, number> {
  const counts = new Map<RelationshipKind, number>();
  for (const rel of allRelationships(graph)) counts.set(rel.origin, (counts.get(rel.origin) ?? 0) + 1);
  return counts;
}

/** The types present in the case, in the vocabulary's order. */
export function presentTypes(graph: CaseGraph): EntityType[] {
  const counts = typeCounts(graph);
  return ENTITY_TYPES.filter((type) => (counts.get(type) ?? 0) > 0);
}

/** A name for an entity on the canvas and in lists: exhibits by label and name. */
export function entityLabel(entity: GraphEntity): string {
  if (entity.type === 'exhibit' && entity.exhibit && !entity.name.startsWith(entity.exhibit)) {
    return `${entity.exhibit} ${entity.name}`;
  }
  return entity.name;
}

/** An exhibit entity's file name without its "E-0002" label in front. */
export function exhibitFileName(entity: GraphEntity): string {
  const label = entity.exhibit ?? '';
  return label !== '' && entity.name.startsWith(`${label} `) ? entity.name.slice(label.length + 1) : entity.name;
}

/** Fold case, and read a defanged value as written in a ticket ("203.0.113[.]77", "hxxp"). */
function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\[\.\]|\(\.\)|\{\.\}/g, '.')
    .replace(/\[@\]|\(at\)|\[at\]/g, '@')
    .replace(/^hxxp/, 'http');
}

/**
 * Entities the search text matches, best first: exact name, then name prefix, then anywhere in the
 * name, an alias or the exhibit label. Empty text matches nothing.
 */
export function searchEntities(entities: readonly GraphEntity[], text: string): GraphEntity[] {
  const query = normalise(text);
  if (query === '') return [];
  const scored: { entity: GraphEntity; score: number }[] = [];
  for (const entity of entities) {
    const name = normalise(entity.name);
    const others = [entity.exhibit ?? '', ...entity.aliases.map((alias) => alias.name)].map(normalise);
    let score = -1;
    if (name === query) score = 0;
    else if (name.startsWith(query)) score = 1;
    else if (name.includes(query)) score = 2;
    else if (others.some((other) => other.includes(query))) score = 3;
    if (score >= 0) scored.push({ entity, score });
  }
  scored.sort((a, b) => a.score - b.score || a.entity.name.length - b.entity.name.length);
  return scored.map((item) => item.entity);
}

/** Two or more selected entities can merge when they share a type and none is an exhibit. */
export function mergeProblem(selected: readonly GraphEntity[]): string | null {
  if (selected.length < 2) return 'Select two or more entities of one type (Shift+click) to merge them.';
  const [first] = selected;
  if (!first) return null;
  if (selected.some((entity) => entity.type === 'exhibit')) return 'Exhibits are evidence and are never merged.';
  if (selected.some((entity) => entity.type !== first.type)) return 'Only entities of one type merge.';
  return null;
}

/** Exhibit numbers from labels like "E-0002" (what createRelationship takes). */
export function exhibitNumber(label: string): number | null {
  const match = /^E-(\d+)$/.exec(label.trim());
  return match?.[1] ? Number(match[1]) : null;
}

export interface NodeData {
  readonly id: string;
  readonly label: string;
  readonly type: EntityType | 'group';
  readonly color: string;
  readonly shape: NodeShape;
  readonly size: number;
  /** The compound group the node is drawn in. */
  readonly parent?: string;
}

export interface EdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly confidence: number;
}

export interface GraphElements {
  /** Entity nodes (groups are in `groups`). */
  readonly nodes: readonly { readonly data: NodeData; readonly classes: string }[];
  readonly edges: readonly { readonly data: EdgeData; readonly classes: string }[];
  /** Compound group nodes with at least one shown member. */
  readonly groups: readonly { readonly data: NodeData; readonly classes: string }[];
}

/** Node labels longer than this are cut (the detail pane has the whole name). */
const LABEL_MAX = 42;

/**
 * The Cytoscape elements for what is shown; classes carry the origin and state for the stylesheet.
 * A group is drawn only while one of its members is shown; an entity is in at most one group (the
 * first that lists it).
 */
export function buildElements(visible: VisibleGraph, groups: readonly GraphGroup[] = []): GraphElements {
  const shown = new Set(visible.entities.map((entity) => entity.id));
  const parentOf = new Map<string, string>();
  const drawn: { data: NodeData; classes: string }[] = [];
  for (const group of groups) {
    let members = 0;
    for (const id of group.members) {
      if (!shown.has(id) || parentOf.has(id)) continue;
      parentOf.set(id, group.id);
      members += 1;
    }
    if (members === 0) continue;
    drawn.push({
      data: { id: group.id, label: group.name, type: 'group', color: '', shape: 'round-rectangle', size: 0 },
      classes: 'group',
    });
  }
  const nodes = visible.entities.map((entity) => {
    const style = TYPE_STYLES[entity.type];
    const classes = [`t-${entity.type}`];
    if (entity.status && entity.status !== 'open') classes.push('dismissed');
    if (entity.aliases.length > 0) classes.push('merged');
    if (entity.origin === 'analyst') classes.push('analyst');
    const label = entityLabel(entity);
    const parent = parentOf.get(entity.id);
    return {
      data: {
        id: entity.id,
        label: label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 2)}…` : label,
        type: entity.type,
        color: style.color,
        shape: style.shape,
        size: nodeSize(visible.degree.get(entity.id) ?? 0),
        ...(parent === undefined ? {} : { parent }),
      },
      classes: classes.join(' '),
    };
  });
  const edges = visible.relationships.map((rel) => ({
    data: { id: rel.id, source: rel.source, target: rel.target, label: rel.type, confidence: rel.confidence },
    classes: rel.origin,
  }));
  return { nodes, edges, groups: drawn };
}

/** The layouts the menu offers; fcose is the default; "saved" needs a saved view's positions. */
export const LAYOUTS: readonly { readonly id: GraphLayoutName; readonly label: string }[] = [
  { id: 'fcose', label: 'Force-directed (fCoSE)' },
  { id: 'concentric', label: 'Concentric by degree' },
  { id: 'breadthfirst', label: 'Hierarchy (breadth-first)' },
  { id: 'grid', label: 'Grid' },
  { id: 'saved', label: 'Saved positions' },
];
export type LayoutName = GraphLayoutName;

/** A file name for an exported picture: the case title made safe, with the UTC date. */
export function exportFileName(title: string, now: Date, extension: 'png' | 'svg'): string {
  const safe = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${safe === '' ? 'graph' : safe}-graph-${now.toISOString().slice(0, 10)}.${extension}`;
}

export function pngFileName(title: string, now: Date): string {
  return exportFileName(title, now, 'png');
}

// ---------------------------------------------------------------------------------------------------
// Walking the graph: neighbourhoods, shortest paths, the neighbour in a direction.

/** Undirected adjacency over relationships: entity → [neighbour, relationship id]. */
export type Adjacency = ReadonlyMap<string, readonly (readonly [string, string])[]>;

export function adjacency(relationships: readonly GraphRelationship[]): Adjacency {
  const out = new Map<string, [string, string][]>();
  const add = (from: string, to: string, id: string) => {
    const list = out.get(from);
    if (list) list.push([to, id]);
    else out.set(from, [[to, id]]);
  };
  for (const rel of relationships) {
    if (rel.source === rel.target) continue;
    add(rel.source, rel.target, rel.id);
    add(rel.target, rel.source, rel.id);
  }
  return out;
}

/** Every entity within `hops` relationships of the seeds (the seeds included). */
export function neighbourhood(adj: Adjacency, seeds: readonly string[], hops: number): Set<string> {
  const seen = new Set(seeds);
  let frontier = [...seen];
  for (let step = 0; step < hops && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const [other] of adj.get(id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return seen;
}

export interface GraphPath {
  /** Entities from the first to the last. */
  readonly nodes: readonly string[];
  /** The relationships between them, in order. */
  readonly edges: readonly string[];
}

/**
 * A shortest path (fewest relationships, either direction) between two entities, breadth-first;
 * null when none joins them.
 */
export function shortestPath(adj: Adjacency, from: string, to: string): GraphPath | null {
  if (from === to) return { nodes: [from], edges: [] };
  const previous = new Map<string, readonly [string, string]>([[from, ['', '']]]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const [other, edge] of adj.get(id) ?? []) {
        if (previous.has(other)) continue;
        previous.set(other, [id, edge]);
        if (other === to) {
          const nodes = [to];
          const edges: string[] = [];
          let at = to;
          while (at !== from) {
            const [back, via] = previous.get(at) ?? ['', ''];
            edges.push(via);
            nodes.push(back);
            at = back;
          }
          return { nodes: nodes.reverse(), edges: edges.reverse() };
        }
        next.push(other);
      }
    }
    frontier = next;
  }
  return null;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

const DIRECTION_ANGLE: Readonly<Record<Direction, number>> = {
  right: 0,
  down: Math.PI / 2,
  left: Math.PI,
  up: -Math.PI / 2,
};

/**
 * The candidate an arrow key moves to from `origin` (screen coordinates, y down): among those within
 * 60° either side of the direction, the nearest, with an angle away from the direction weighing like
 * distance; null when none lies that way.
 */
export function neighbourInDirection(
  origin: { readonly x: number; readonly y: number },
  candidates: readonly { readonly id: string; readonly x: number; readonly y: number }[],
  direction: Direction,
): string | null {
  const want = DIRECTION_ANGLE[direction];
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const dx = c.x - origin.x;
    const dy = c.y - origin.y;
    const distance = Math.hypot(dx, dy);
    if (distance === 0) continue;
    let off = Math.abs(Math.atan2(dy, dx) - want);
    if (off > Math.PI) off = 2 * Math.PI - off;
    if (off > Math.PI / 3) continue;
    const score = distance * (1 + 2 * off);
    if (score < bestScore) {
      bestScore = score;
      best = c.id;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// Undo and redo

/** One undoable edit: what it was called, and how to take it back and do it again. */
export interface GraphEdit {
  readonly label: string;
  readonly undo: () => Promise<boolean> | boolean;
  readonly redo: () => Promise<boolean> | boolean;
}

/** How many edits are kept to undo. */
export const UNDO_LIMIT = 100;

export interface UndoStacks<T> {
  readonly done: readonly T[];
  readonly undone: readonly T[];
}

export function pushEdit<T>(stacks: UndoStacks<T>, edit: T, limit = UNDO_LIMIT): UndoStacks<T> {
  const done = [...stacks.done, edit];
  return { done: done.length > limit ? done.slice(done.length - limit) : done, undone: [] };
}

/** Take the last edit off `done` (to undo it); null when there is none. */
export function takeUndo<T>(stacks: UndoStacks<T>): { readonly edit: T; readonly stacks: UndoStacks<T> } | null {
  const edit = stacks.done.at(-1);
  if (edit === undefined) return null;
  return { edit, stacks: { done: stacks.done.slice(0, -1), undone: [...stacks.undone, edit] } };
}

/** Take the last undone edit (to do it again); null when there is none. */
export function takeRedo<T>(stacks: UndoStacks<T>): { readonly edit: T; readonly stacks: UndoStacks<T> } | null {
  const edit = stacks.undone.at(-1);
  if (edit === undefined) return null;
  return { edit, stacks: { done: [...stacks.done, edit], undone: stacks.undone.slice(0, -1) } };
}

// ---------------------------------------------------------------------------------------------------
// Groups and linked selection

/** The next free group id (`group:<n>`). */
export function nextGroupId(groups: readonly GraphGroup[]): string {
  let max = 0;
  for (const group of groups) {
    const n = Number(/^group:(\d+)$/.exec(group.id)?.[1] ?? 0);
    if (n > max) max = n;
  }
  return `group:${String(max + 1)}`;
}

/** Put `members` in a new named group, taking them out of any other (a node has one box). */
export function groupEntities(groups: readonly GraphGroup[], name: string, members: readonly string[]): GraphGroup[] {
  const taken = new Set(members);
  const rest = groups
    .map((group) => ({ ...group, members: group.members.filter((id) => !taken.has(id)) }))
    .filter((group) => group.members.length > 0);
  return [...rest, { id: nextGroupId(groups), name, members: [...taken] }];
}

/** What another view selected, to highlight here; `from` says which. */
export interface LinkedSelection {
  readonly from: 'graph' | 'evidence' | 'indicators';
  readonly exhibits: readonly number[];
  readonly indicators: readonly number[];
}

/** The exhibits and indicators a graph selection stands for. */
export function linkedFromEntities(entities: readonly GraphEntity[]): LinkedSelection {
  const exhibits: number[] = [];
  const indicators: number[] = [];
  for (const entity of entities) {
    if (entity.type === 'exhibit') {
      const n = exhibitNumber(entity.exhibit ?? '');
      if (n !== null) exhibits.push(n);
    } else if (entity.indicatorId !== undefined) indicators.push(entity.indicatorId);
  }
  return { from: 'graph', exhibits, indicators };
}

/**
 * The graph entities another view's selection lights up: each exhibit and everything observed in
 * it or derived from it (its entities), and each indicator.
 */
export function entitiesForLinked(graph: CaseGraph, linked: LinkedSelection): Set<string> {
  const out = new Set<string>();
  const exhibitIds = new Set(linked.exhibits.map((n) => `exh:${String(n)}`));
  for (const id of exhibitIds) out.add(id);
  for (const n of linked.indicators) out.add(`ind:${String(n)}`);
  if (exhibitIds.size > 0) {
    for (const rel of graph.relationships) {
      if (rel.type !== 'observed-in' && rel.type !== 'derived-from') continue;
      if (exhibitIds.has(rel.target)) out.add(rel.source);
    }
  }
  // A merged entity answers for its aliases.
  const present = new Map<string, string>();
  for (const entity of graph.entities) {
    present.set(entity.id, entity.id);
    for (const alias of entity.aliases) present.set(alias.id, entity.id);
  }
  const found = new Set<string>();
  for (const id of out) {
    const entity = present.get(id);
    if (entity !== undefined) found.add(entity);
  }
  return found;
}
