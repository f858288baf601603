// Saved graph views and the graphChanged event through the API (LocardService.dispatch, as both
// shells call it): a view saved, listed, read, saved over and deleted; hostile states refused by
// validation before any handler runs; every graph write announcing graphChanged.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/api.js';
import { DEFAULT_GRAPH_FILTERS, type GraphViewState } from '../../shared/graph-view.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { tempDir } from '../helpers/cli.js';

const services: LocardService[] = [];
afterEach(async () => {
  for (const svc of services.splice(0)) await svc.dispose();
});

async function openService() {
  const events: { event: EventName; payload: unknown }[] = [];
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: (event, payload) => events.push({ event, payload }) },
    new ConfigStore(tempDir()),
  );
  services.push(svc);
  const created = await svc.dispatch('createCase', {
    path: join(tempDir(), 'views'),
    passphrase: 'views passphrase',
    title: 'Views',
  });
  expect(created.ok).toBe(true);
  return { svc, events };
}

const STATE: GraphViewState = {
  layout: 'saved',
  positions: { 'ent:1': { x: 10, y: 20 } },
  filters: DEFAULT_GRAPH_FILTERS,
  hiddenEntities: [],
  zoom: 1.5,
  pan: { x: 3, y: 4 },
  groups: [{ id: 'group:1', name: 'Actors', members: ['ent:1'] }],
};

const graphEvents = (events: { event: EventName; payload: unknown }[]) =>
  events.filter((e) => e.event === 'graphChanged').map((e) => e.payload);

describe('saved graph views through the API', () => {
  it('saves, lists, reads back, saves over and deletes a view; each announces graphChanged (views)', async () => {
    const { svc, events } = await openService();
    const saved = await svc.dispatch('saveGraphView', { name: 'Hosting chain', state: STATE });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Hosting chain', state: STATE } });
    if (!saved.ok) return;
    const id = (saved.value as { id: string }).id;
    expect(await svc.dispatch('listGraphViews', {})).toMatchObject({
      ok: true,
      value: [{ id, name: 'Hosting chain' }],
    });
    expect(await svc.dispatch('getGraphView', { id })).toMatchObject({ ok: true, value: { id, state: STATE } });
    expect(
      await svc.dispatch('saveGraphView', { id, name: 'Hosting chain v2', state: { ...STATE, zoom: 0.5 } }),
    ).toMatchObject({ ok: true, value: { id, name: 'Hosting chain v2', state: { zoom: 0.5 } } });
    expect(await svc.dispatch('saveGraphView', { name: 'hosting CHAIN v2', state: STATE })).toMatchObject({
      ok: false,
      error: { code: 'file-exists' },
    });
    expect(await svc.dispatch('deleteGraphView', { id })).toEqual({ ok: true, value: null });
    expect(await svc.dispatch('getGraphView', { id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(graphEvents(events)).toEqual([{ what: 'views' }, { what: 'views' }, { what: 'views' }]);
  });

  it('refuses hostile or malformed states before any handler runs', async () => {
    const { svc } = await openService();
    const bad: unknown[] = [
      { name: '', state: STATE },
      { name: 'x'.repeat(121), state: STATE },
      { name: 'nul\0name', state: STATE },
      { name: 'n', state: { ...STATE, layout: 'spiral' } },
      { name: 'n', state: { ...STATE, zoom: Number.POSITIVE_INFINITY } },
      { name: 'n', state: { ...STATE, positions: { 'ent:1': { x: 1e12, y: 0 } } } },
      { name: 'n', state: { ...STATE, positions: { 'ent:1': { x: 1, y: 2, z: 3 } } } },
      { name: 'n', state: { ...STATE, filters: { ...DEFAULT_GRAPH_FILTERS, hiddenTypes: ['nonsense'] } } },
      { name: 'n', state: { ...STATE, groups: [{ id: 'ent:1', name: 'not a group id', members: [] }] } },
      { name: 'n', state: { ...STATE, extra: true } },
      { id: "view:1' OR 1=1", name: 'n', state: STATE },
    ];
    for (const input of bad) {
      expect(await svc.dispatch('saveGraphView', input), JSON.stringify(input).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    expect(await svc.dispatch('listGraphViews', {})).toEqual({ ok: true, value: [] });
  });

  it('announces graphChanged (graph) on every graph write, and not on a read', async () => {
    const { svc, events } = await openService();
    const actor = await svc.dispatch('createEntity', { type: 'threat-actor', name: 'APT37' });
    const other = await svc.dispatch('createEntity', { type: 'threat-actor', name: 'Reaper' });
    if (!actor.ok || !other.ok) throw new Error('entities');
    const a = (actor.value as { id: string }).id;
    const b = (other.value as { id: string }).id;
    const link = await svc.dispatch('createRelationship', {
      type: 'impersonates',
      source: a,
      target: b,
      confidence: 85,
    });
    expect(link.ok).toBe(true);
    await svc.dispatch('getGraph', {});
    const merged = await svc.dispatch('mergeEntities', { target: a, members: [b] });
    if (!merged.ok) throw new Error('merge');
    await svc.dispatch('undoMerge', { mergeId: (merged.value as { mergeId: number }).mergeId });
    expect(graphEvents(events)).toEqual(Array.from({ length: 5 }, () => ({ what: 'graph' })));
  });
});
