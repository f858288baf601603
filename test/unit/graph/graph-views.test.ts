// Named saved views of the graph (schema 80): saved, listed, read back, saved over, renamed and
// deleted, each logged in custody; names unique ignoring case; a damaged row opens as much as it can;
// and readGraphViewFigure, the view drawn over the graph as it is now (a briefing's figure).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_FILTERS, type GraphViewState } from '../../../shared/graph-view.js';
import { closeCase, type OpenCase } from '../../../main/locker/case-file.js';
import { listCustody } from '../../../main/locker/custody.js';
import { createEntity, createRelationship, readGraph } from '../../../main/locker/graph.js';
import {
  deleteGraphView,
  getGraphView,
  listGraphViews,
  readGraphViewFigure,
  saveGraphView,
  toState,
} from '../../../main/locker/graph-views.js';
import { LATEST_SCHEMA_VERSION } from '../../../main/locker/migrations/index.js';
import { sql } from '../../../main/locker/sql.js';
import { newCase } from '../../helpers/case.js';

const opened: OpenCase[] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function openCase(): OpenCase {
  const { open } = newCase();
  opened.push(open);
  return open;
}

function state(patch: Partial<GraphViewState> = {}): GraphViewState {
  return {
    layout: 'fcose',
    positions: {},
    filters: DEFAULT_GRAPH_FILTERS,
    hiddenEntities: [],
    zoom: 1,
    pan: { x: 0, y: 0 },
    groups: [],
    ...patch,
  };
}

const actions = (open: OpenCase) => listCustody(open.db, 0, 1000).map((entry) => entry.action);

describe('saved graph views', () => {
  it('has a table from schema 80 on', () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(80);
    const open = openCase();
    const columns = open.db
      .all<{ name: string }>(sql`SELECT name FROM pragma_table_info('graph_views')`)
      .map((column) => column.name);
    expect(columns).toEqual(['id', 'name', 'state', 'created_by', 'created_at', 'updated_by', 'updated_at']);
  });

  it('saves, lists by name, reads back exactly, saves over by id and deletes, each in custody', () => {
    const open = openCase();
    const full = state({
      layout: 'saved',
      positions: { 'ent:1': { x: 10.5, y: -4 }, 'ent:2': { x: 200, y: 30 } },
      filters: { hiddenTypes: ['exhibit'], hiddenKinds: [], minConfidence: 40, timeWindow: { start: 1, end: 2 } },
      hiddenEntities: ['ind:9'],
      zoom: 1.25,
      pan: { x: 12, y: -80 },
      groups: [{ id: 'group:1', name: 'Operator kit', members: ['ent:1', 'ent:2'] }],
    });
    const zulu = saveGraphView(open.db, 'ana', { name: 'Zulu', state: full }, 1000);
    const alpha = saveGraphView(open.db, 'ben', { name: '  alpha  ', state: state() }, 2000);
    expect(zulu.id).toMatch(/^view:\d+$/);
    expect(alpha.name).toBe('alpha');
    expect(listGraphViews(open.db)).toEqual([
      { id: alpha.id, name: 'alpha', createdBy: 'ben', createdAt: 2000, updatedAt: 2000 },
      { id: zulu.id, name: 'Zulu', createdBy: 'ana', createdAt: 1000, updatedAt: 1000 },
    ]);
    expect(getGraphView(open.db, zulu.id).state).toEqual(full);

    const over = saveGraphView(open.db, 'ben', { id: zulu.id, name: 'Zulu 2', state: state({ zoom: 2 }) }, 3000);
    expect(over).toMatchObject({ id: zulu.id, name: 'Zulu 2', createdBy: 'ana', updatedBy: 'ben', updatedAt: 3000 });
    expect(over.state.zoom).toBe(2);

    deleteGraphView(open.db, 'ana', { id: alpha.id }, 4000);
    expect(listGraphViews(open.db).map((view) => view.name)).toEqual(['Zulu 2']);
    expect(() => getGraphView(open.db, alpha.id)).toThrow(/no saved view/);

    const logged = listCustody(open.db, 0, 1000).filter((entry) => entry.action.startsWith('graph.view'));
    expect(logged.map((entry) => [entry.action, entry.objectIds[0]])).toEqual(
      expect.arrayContaining([
        ['graph.view-saved', zulu.id],
        ['graph.view-saved', alpha.id],
        ['graph.view-deleted', alpha.id],
      ]),
    );
    const renamed = logged.find((entry) => JSON.stringify(entry.details).includes('renamedFrom'));
    expect(renamed?.details).toMatchObject({ name: 'Zulu 2', renamedFrom: 'Zulu', positions: 0 });
    const first = logged.find((entry) => entry.objectIds[0] === zulu.id && entry.at === 1000);
    expect(first?.details).toMatchObject({ positions: 2, hiddenTypes: ['exhibit'], groups: ['Operator kit'] });
  });

  it('refuses a name already used (ignoring case) and changes nothing', () => {
    const open = openCase();
    const first = saveGraphView(open.db, 'ana', { name: 'Hosting chain', state: state() });
    const before = actions(open).length;
    expect(() => saveGraphView(open.db, 'ana', { name: 'HOSTING CHAIN', state: state() })).toThrow(/already saved/);
    const other = saveGraphView(open.db, 'ana', { name: 'Other', state: state() });
    expect(() => saveGraphView(open.db, 'ana', { id: other.id, name: 'hosting chain', state: state() })).toThrow(
      /Another view is already named/,
    );
    expect(listGraphViews(open.db).map((view) => view.id)).toEqual([first.id, other.id]);
    expect(actions(open).length).toBe(before + 1);
    expect(() => deleteGraphView(open.db, 'ana', { id: 'view:999' })).toThrow(/no saved view view:999/);
  });

  it('reads a damaged state back as far as it is well formed', () => {
    expect(toState('not json')).toEqual(state({ layout: 'saved' }));
    expect(
      toState(
        JSON.stringify({
          layout: 'spiral',
          positions: { 'ent:1': { x: 1, y: 2 }, 'ent:2': { x: 'a', y: 2 }, 'ent:3': null },
          filters: { hiddenTypes: ['person', 'nonsense'], hiddenKinds: ['derived', 'x'], minConfidence: 500 },
          hiddenEntities: ['ind:1', 4],
          zoom: 'big',
          groups: [{ id: 'group:1', name: 'G', members: ['ent:1', 7] }, { name: 'no id' }],
        }),
      ),
    ).toEqual({
      layout: 'saved',
      positions: { 'ent:1': { x: 1, y: 2 } },
      filters: { hiddenTypes: ['person'], hiddenKinds: ['derived'], minConfidence: 100, timeWindow: null },
      hiddenEntities: ['ind:1'],
      zoom: 1,
      pan: { x: 0, y: 0 },
      groups: [{ id: 'group:1', name: 'G', members: ['ent:1'] }],
    });
  });
});

describe('readGraphViewFigure', () => {
  it('draws the entities the view shows and placed, at their positions, with the relationships between them', () => {
    const open = openCase();
    const apt = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'APT37' });
    const reaper = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'Reaper' });
    const hidden = createEntity(open.db, 'ana', { type: 'person', name: 'Hidden person' });
    const later = createEntity(open.db, 'ana', { type: 'campaign', name: 'Added after the view' });
    createRelationship(open.db, 'ana', { type: 'impersonates', source: apt.id, target: reaper.id, confidence: 85 });
    createRelationship(open.db, 'ana', { type: 'related-to', source: apt.id, target: hidden.id, confidence: 20 });
    createRelationship(open.db, 'ana', { type: 'targets', source: reaper.id, target: later.id, confidence: 60 });
    const view = saveGraphView(open.db, 'ana', {
      name: 'Actors',
      state: state({
        layout: 'saved',
        positions: { [apt.id]: { x: 0, y: 0 }, [reaper.id]: { x: 120, y: 40 }, [hidden.id]: { x: 5, y: 5 } },
        filters: { ...DEFAULT_GRAPH_FILTERS, hiddenTypes: ['person'] },
      }),
    });
    expect(readGraphViewFigure(open.db, view.id)).toEqual({
      name: 'Actors',
      nodes: [
        { id: apt.id, name: 'APT37', type: 'threat-actor', x: 0, y: 0 },
        { id: reaper.id, name: 'Reaper', type: 'threat-actor', x: 120, y: 40 },
      ],
      edges: [{ source: apt.id, target: reaper.id, type: 'impersonates', confidence: 85 }],
    });
    expect(readGraph(open.db).entities).toHaveLength(4);
  });

  it('is null for an unknown or malformed id', () => {
    const open = openCase();
    expect(readGraphViewFigure(open.db, 'view:7')).toBeNull();
    expect(readGraphViewFigure(open.db, "view:1' OR 1=1")).toBeNull();
    expect(readGraphViewFigure(open.db, '')).toBeNull();
  });
});
