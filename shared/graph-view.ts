/**
 * Named saved views of the link-analysis graph (issue 5), stored in the case (schema 80): what the
 * analyst arranged on the canvas — positions, layout, filters, hidden types and entities, zoom and
 * pan, named groups — so the same picture can be reopened, and drawn as a figure in a briefing.
 * The filter rules live here, not in the renderer, so the Graph view and a briefing's figure keep
 * exactly the same entities and relationships for one view.
 */
import type { CaseGraph, EntityType, GraphEntity, GraphRelationship, RelationshipType } from './graph.js';

/** The layouts the canvas offers; `saved` puts each entity where a saved view had it. */
export const GRAPH_LAYOUTS = ['fcose', 'concentric', 'breadthfirst', 'grid', 'saved'] as const;
export type GraphLayoutName = (typeof GRAPH_LAYOUTS)[number];

export type RelationshipKind = GraphRelationship['origin'];
export const RELATIONSHIP_KINDS = ['asserted', 'derived', 'suggested'] as const satisfies readonly RelationshipKind[];

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

export interface GraphPoint {
  readonly x: number;
  readonly y: number;
}

/** A named box around entities on the canvas (a Cytoscape compound node). */
export interface GraphGroup {
  /** `group:<n>`: never an entity id. */
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
}

/** Everything a saved view restores. */
export interface GraphViewState {
  readonly layout: GraphLayoutName;
  /** Model positions by entity id (entities added since are placed by the layout). */
  readonly positions: Readonly<Record<string, GraphPoint>>;
  /** Filters, hidden entity types among them. */
  readonly filters: GraphFilters;
  /** Entities hidden one by one ("Hide" on the canvas). */
  readonly hiddenEntities: readonly string[];
  readonly zoom: number;
  readonly pan: GraphPoint;
  readonly groups: readonly GraphGroup[];
}

export interface GraphViewSummary {
  /** `view:<n>`. */
  readonly id: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SavedGraphView extends GraphViewSummary {
  readonly updatedBy: string;
  readonly state: GraphViewState;
}

/** Limits a saved view is checked against (main/core/validate.ts): a 20,000-node case fits well inside. */
export const GRAPH_VIEW_LIMITS = {
  name: 120,
  positions: 200_000,
  hiddenEntities: 200_000,
  groups: 500,
  groupMembers: 20_000,
  groupName: 120,
} as const;

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

/**
 * What the filters keep. Entities of a shown type stay even with no relationship (a new actor);
 * `hiddenEntities` leaves individual entities (and their relationships) out as well.
 */
export function visibleGraph(
  graph: CaseGraph,
  filters: GraphFilters,
  hiddenEntities: ReadonlySet<string> = new Set(),
): VisibleGraph {
  const hiddenTypes = new Set(filters.hiddenTypes);
  const hiddenKinds = new Set(filters.hiddenKinds);
  const entities = graph.entities.filter((entity) => !hiddenTypes.has(entity.type) && !hiddenEntities.has(entity.id));
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

/** A saved view drawn as a figure (a briefing's picture): the shown entities that have a position. */
export interface GraphViewFigure {
  readonly name: string;
  readonly nodes: readonly { id: string; name: string; type: EntityType; x: number; y: number }[];
  readonly edges: readonly { source: string; target: string; type: RelationshipType; confidence: number }[];
}

/**
 * The figure of a view over the case's graph as it is now: the view's filters and hidden entities
 * applied, only entities the view placed (one added since has no position to draw), and the
 * relationships between them.
 */
export function viewFigure(name: string, graph: CaseGraph, state: GraphViewState): GraphViewFigure {
  const visible = visibleGraph(graph, state.filters, new Set(state.hiddenEntities));
  const nodes: { id: string; name: string; type: EntityType; x: number; y: number }[] = [];
  for (const entity of visible.entities) {
    const at = state.positions[entity.id];
    if (!at) continue;
    nodes.push({ id: entity.id, name: entity.name, type: entity.type, x: at.x, y: at.y });
  }
  const placed = new Set(nodes.map((node) => node.id));
  const edges = visible.relationships
    .filter((rel) => placed.has(rel.source) && placed.has(rel.target))
    .map((rel) => ({ source: rel.source, target: rel.target, type: rel.type, confidence: rel.confidence }));
  return { name, nodes, edges };
}
