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

export type RelationshipKind = GraphRelationship['origin'];
export const RELATIONSHIP_KINDS: readonly RelationshipKind[] = ['asserted', 'derived', 'suggested'];
export const KIND_LABELS: Readonly<Record<RelationshipKind, string>> = {
  asserted: 'Asserted',
  derived: 'Derived',
  suggested: 'Suggested',
};

export interface GraphFilters {
  /** Entity types not shown. */
  readonly hiddenTypes: readonly EntityType[];
  /** Relationship kinds not shown. */
  readonly hiddenKinds: readonly RelationshipKind[];
  /** Relationships below this confidence (0–100) are not shown. */
  readonly minConfidence: number;
  /** Only relationships (asserted, with a time) inside this UTC window; null: any time. */
  readonly timeWindow: { readonly start: number; readonly end: number } | null;
}

/**
 * Suggestions start hidden: co-occurrence suggestions outnumber the evidence-backed links in a real
 * case (200 of 457 edges on the reference corpus) and bury them; the analyst turns them on to triage.
 */
export const DEFAULT_GRAPH_FILTERS: GraphFilters = {
  hiddenTypes: [],
  hiddenKinds: ['suggested'],
  minConfidence: 0,
  timeWindow: null,
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

export interface VisibleGraph {
  readonly entities: readonly GraphEntity[];
  /** Relationships and suggestions that pass the filters and join two shown entities. */
  readonly relationships: readonly GraphRelationship[];
  /** Shown relationships per shown entity. */
  readonly degree: ReadonlyMap<string, number>;
}

/** Every relationship and suggestion, each id once (a suggestion never shadows a relationship). */
export function allRelationships(graph: CaseGraph): GraphRelationship[] {
  const seen = new Set<string>();
  const out: GraphRelationship[] = [];
  for (const rel of [...graph.relationships, ...graph.suggestions]) {
    if (seen.has(rel.id)) continue;
    seen.add(rel.id);
    out.push(rel);
  }
  return out;
}

function inWindow(rel: GraphRelationship, window: GraphFilters['timeWindow']): boolean {
  if (!window) return true;
  const time = rel.updatedAt ?? rel.createdAt;
  // Derived relationships carry no time of their own: they stand whatever the window.
  if (time === undefined) return true;
  return time >= window.start && time <= window.end;
}

/** What the filters keep. Entities of a shown type stay even with no relationship (a new actor). */
export function visibleGraph(graph: CaseGraph, filters: GraphFilters): VisibleGraph {
  const hiddenTypes = new Set(filters.hiddenTypes);
  const hiddenKinds = new Set(filters.hiddenKinds);
  const entities = graph.entities.filter((entity) => !hiddenTypes.has(entity.type));
  const shown = new Set(entities.map((entity) => entity.id));
  const degree = new Map<string, number>();
  const relationships = allRelationships(graph).filter(
    (rel) =>
      !hiddenKinds.has(rel.origin) &&
      rel.confidence >= filters.minConfidence &&
      shown.has(rel.source) &&
      shown.has(rel.target) &&
      inWindow(rel, filters.timeWindow),
  );
  for (const rel of relationships) {
    degree.set(rel.source, (degree.get(rel.source) ?? 0) + 1);
    if (rel.target !== rel.source) degree.set(rel.target, (degree.get(rel.target) ?? 0) + 1);
  }
  return { entities, relationships, degree };
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
  readonly type: EntityType;
  readonly color: string;
  readonly shape: NodeShape;
  readonly size: number;
}

export interface EdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly confidence: number;
}

export interface GraphElements {
  readonly nodes: readonly { readonly data: NodeData; readonly classes: string }[];
  readonly edges: readonly { readonly data: EdgeData; readonly classes: string }[];
}

/** The Cytoscape elements for what is shown; classes carry the origin and state for the stylesheet. */
export function buildElements(visible: VisibleGraph): GraphElements {
  const nodes = visible.entities.map((entity) => {
    const style = TYPE_STYLES[entity.type];
    const classes = [`t-${entity.type}`];
    if (entity.status && entity.status !== 'open') classes.push('dismissed');
    if (entity.aliases.length > 0) classes.push('merged');
    if (entity.origin === 'analyst') classes.push('analyst');
    const label = entityLabel(entity);
    return {
      data: {
        id: entity.id,
        label: label.length > 42 ? `${label.slice(0, 40)}…` : label,
        type: entity.type,
        color: style.color,
        shape: style.shape,
        size: nodeSize(visible.degree.get(entity.id) ?? 0),
      },
      classes: classes.join(' '),
    };
  });
  const edges = visible.relationships.map((rel) => ({
    data: { id: rel.id, source: rel.source, target: rel.target, label: rel.type, confidence: rel.confidence },
    classes: rel.origin,
  }));
  return { nodes, edges };
}

/** The layouts the menu offers; fcose is the default. */
export const LAYOUTS = [
  { id: 'fcose', label: 'Force-directed (fCoSE)' },
  { id: 'concentric', label: 'Concentric by degree' },
  { id: 'breadthfirst', label: 'Hierarchy (breadth-first)' },
  { id: 'grid', label: 'Grid' },
] as const;
export type LayoutName = (typeof LAYOUTS)[number]['id'];

/** A file name for the exported picture: the case title made safe, with the UTC date. */
export function pngFileName(title: string, now: Date): string {
  const safe = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${safe === '' ? 'graph' : safe}-graph-${now.toISOString().slice(0, 10)}.png`;
}
