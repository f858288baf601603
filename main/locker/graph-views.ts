/**
 * Named saved views of the graph (schema 80): list, read, save (new, or over an existing one by id),
 * delete — each write in its own transaction with a custody entry — and `readGraphViewFigure`, the
 * view drawn over the case's graph as it is now (what a briefing's figure shows). The state is
 * validated on the way in (main/core/validate.ts) and read back through `toState`, which keeps only
 * well-formed parts, so a damaged row opens as much of the view as it can instead of failing.
 */
import { ENTITY_TYPES, type EntityType, type RelationshipType } from '../../shared/graph.js';
import {
  DEFAULT_GRAPH_FILTERS,
  GRAPH_LAYOUTS,
  RELATIONSHIP_KINDS,
  viewFigure,
  type GraphFilters,
  type GraphGroup,
  type GraphLayoutName,
  type GraphPoint,
  type GraphViewState,
  type GraphViewSummary,
  type SavedGraphView,
} from '../../shared/graph-view.js';
import { LocardError } from '../errors.js';
import { appendCustody } from './custody.js';
import type { ReadDb, WriteDb } from './driver.js';
import { readGraph } from './graph.js';
import { sql } from './sql.js';

interface ViewRow {
  id: number;
  name: string;
  state: string;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

const viewRef = (id: number): string => `view:${String(id)}`;

function viewNumber(id: string): number {
  const match = /^view:(\d{1,15})$/.exec(id);
  if (!match) throw new LocardError('invalid-argument', `${id.slice(0, 64)} is not a saved view's id.`);
  return Number(match[1]);
}

function toSummary(row: ViewRow): GraphViewSummary {
  return {
    id: viewRef(row.id),
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function point(value: unknown): GraphPoint | null {
  if (!isRecord(value)) return null;
  const { x, y } = value;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

function toFilters(value: unknown): GraphFilters {
  if (!isRecord(value)) return DEFAULT_GRAPH_FILTERS;
  const types = new Set<string>(ENTITY_TYPES);
  const kinds = new Set<string>(RELATIONSHIP_KINDS);
  const window = isRecord(value.timeWindow) ? value.timeWindow : null;
  return {
    hiddenTypes: strings(value.hiddenTypes).filter((t): t is EntityType => types.has(t)),
    hiddenKinds: strings(value.hiddenKinds).filter((k): k is GraphFilters['hiddenKinds'][number] => kinds.has(k)),
    minConfidence: Math.min(100, Math.max(0, finite(value.minConfidence, 0))),
    timeWindow:
      window && typeof window.start === 'number' && typeof window.end === 'number'
        ? { start: window.start, end: window.end }
        : null,
  };
}

/** A stored state, keeping only its well-formed parts. */
export function toState(text: string): GraphViewState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = {};
  }
  const state = isRecord(value) ? value : {};
  const positions: Record<string, GraphPoint> = {};
  if (isRecord(state.positions)) {
    for (const [id, at] of Object.entries(state.positions)) {
      const p = point(at);
      if (p) positions[id] = p;
    }
  }
  const groups: GraphGroup[] = [];
  if (Array.isArray(state.groups)) {
    for (const group of state.groups as unknown[]) {
      if (isRecord(group) && typeof group.id === 'string' && typeof group.name === 'string') {
        groups.push({ id: group.id, name: group.name, members: strings(group.members) });
      }
    }
  }
  const layouts = new Set<string>(GRAPH_LAYOUTS);
  return {
    layout: typeof state.layout === 'string' && layouts.has(state.layout) ? (state.layout as GraphLayoutName) : 'saved',
    positions,
    filters: toFilters(state.filters),
    hiddenEntities: strings(state.hiddenEntities),
    zoom: Math.max(1e-3, finite(state.zoom, 1)),
    pan: point(state.pan) ?? { x: 0, y: 0 },
    groups,
  };
}

/** The saved views, by name. */
export function listGraphViews(db: ReadDb): GraphViewSummary[] {
  return db
    .all<ViewRow>(
      sql`SELECT id, name, '' AS state, created_by, created_at, updated_by, updated_at
          FROM graph_views ORDER BY name COLLATE NOCASE, id`,
    )
    .map(toSummary);
}

function viewRow(db: ReadDb, id: string): ViewRow | undefined {
  return db.get<ViewRow>(
    sql`SELECT id, name, state, created_by, created_at, updated_by, updated_at FROM graph_views WHERE id = ${viewNumber(id)}`,
  );
}

export function getGraphView(db: ReadDb, id: string): SavedGraphView {
  const row = viewRow(db, id);
  if (!row) throw new LocardError('not-found', `There is no saved view ${id} in this case (was it deleted?).`);
  return { ...toSummary(row), updatedBy: row.updated_by, state: toState(row.state) };
}

/** Custody details of a view: what it holds, not the positions themselves. */
function described(state: GraphViewState): Record<string, unknown> {
  return {
    layout: state.layout,
    positions: Object.keys(state.positions).length,
    hiddenTypes: state.filters.hiddenTypes,
    hiddenEntities: state.hiddenEntities.length,
    groups: state.groups.map((group) => group.name),
  };
}

/**
 * Save a view: a new one (no id; its name must be free, ignoring case), or over an existing one by
 * id (which may rename it).
 */
export function saveGraphView(
  db: WriteDb,
  analyst: string,
  input: { readonly id?: string; readonly name: string; readonly state: GraphViewState },
  now = Date.now(),
): SavedGraphView {
  const name = input.name.trim();
  if (name === '') throw new LocardError('invalid-argument', 'The view needs a name.');
  return db.transaction(() => {
    const clash = db.get<{ id: number }>(sql`SELECT id FROM graph_views WHERE name = ${name} COLLATE NOCASE`);
    const text = JSON.stringify(input.state);
    if (input.id === undefined) {
      if (clash) {
        throw new LocardError(
          'file-exists',
          `A view named "${name}" is already saved. Choose another name, or open it and save over it.`,
        );
      }
      const id = Number(
        db.run(sql`INSERT INTO graph_views (name, state, created_by, created_at, updated_by, updated_at)
                   VALUES (${name}, ${text}, ${analyst}, ${now}, ${analyst}, ${now})`).lastInsertRowid,
      );
      appendCustody(db, {
        analyst,
        action: 'graph.view-saved',
        objectIds: [viewRef(id)],
        details: { name, ...described(input.state) },
        at: now,
      });
      return getGraphView(db, viewRef(id));
    }
    const before = getGraphView(db, input.id);
    const number = viewNumber(input.id);
    if (clash && clash.id !== number) {
      throw new LocardError('file-exists', `Another view is already named "${name}". Choose another name.`);
    }
    db.run(sql`UPDATE graph_views SET name = ${name}, state = ${text}, updated_by = ${analyst}, updated_at = ${now}
               WHERE id = ${number}`);
    appendCustody(db, {
      analyst,
      action: 'graph.view-saved',
      objectIds: [input.id],
      details: { name, ...(before.name === name ? {} : { renamedFrom: before.name }), ...described(input.state) },
      at: now,
    });
    return getGraphView(db, input.id);
  });
}

export function deleteGraphView(db: WriteDb, analyst: string, input: { readonly id: string }, now = Date.now()): null {
  db.transaction(() => {
    const view = getGraphView(db, input.id);
    db.run(sql`DELETE FROM graph_views WHERE id = ${viewNumber(input.id)}`);
    appendCustody(db, {
      analyst,
      action: 'graph.view-deleted',
      objectIds: [input.id],
      details: { name: view.name },
      at: now,
    });
  });
  return null;
}

/**
 * A saved view drawn over the case's graph as it is now (a briefing's figure): the entities the view
 * shows and placed, at their saved positions, and the relationships between them; null when there
 * is no such view.
 */
export function readGraphViewFigure(
  db: ReadDb,
  viewId: string,
): {
  name: string;
  nodes: { id: string; name: string; type: EntityType; x: number; y: number }[];
  edges: { source: string; target: string; type: RelationshipType; confidence: number }[];
} | null {
  if (!/^view:\d{1,15}$/.test(viewId)) return null;
  const row = viewRow(db, viewId);
  if (!row) return null;
  const figure = viewFigure(row.name, readGraph(db), toState(row.state));
  return { name: figure.name, nodes: [...figure.nodes], edges: [...figure.edges] };
}
