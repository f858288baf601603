// The analyst's side of the graph (schema 70): created entities, asserted relationships with
// confidence and cited exhibits, suggestions accepted or rejected, merges with aliases, undo and
// split — each logged in custody, each refusal leaving the case as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../../main/locker/case-file.js';
import { listCustody } from '../../../main/locker/custody.js';
import {
  acceptSuggestion,
  createEntity,
  createRelationship,
  mergeEntities,
  readGraph,
  rejectSuggestion,
  splitEntity,
  undoMerge,
  updateRelationship,
} from '../../../main/locker/graph.js';
import { recordOccurrences } from '../../../main/locker/indicators.js';
import { sql } from '../../../main/locker/sql.js';
import { insertBareExhibit, newCase } from '../../helpers/case.js';

const opened: OpenCase[] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function caseWithExhibit(): OpenCase {
  const { open } = newCase();
  opened.push(open);
  const id = insertBareExhibit(open.db, { name: 'notes.txt', sha256: 'sha-1' });
  const found = (type: 'ipv4' | 'domain', value: string, start: number) => ({
    extraction: { type, value, surface: value, start, end: start + value.length, flags: [] },
    location: { start, end: start + value.length, kind: 'body', label: '' },
  });
  recordOccurrences(open.db, id, [found('ipv4', '198.51.100.7', 0), found('domain', 'drop.example', 20)], 1);
  return open;
}

const actions = (open: OpenCase) => listCustody(open.db, 0, 100).map((e) => e.action);

describe('asserted relationships', () => {
  it('stores type, direction, confidence with its ICD 203 word, cited exhibits and analyst; logs each change', () => {
    const open = caseWithExhibit();
    const actor = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'APT37' }, 10);
    expect(actor).toMatchObject({ id: 'ent:1', stixType: 'threat-actor', origin: 'analyst', createdBy: 'ana' });
    const r = createRelationship(
      open.db,
      'ana',
      { type: 'uses', source: actor.id, target: 'ind:1', confidence: 70, citedExhibits: [1] },
      11,
    );
    expect(r).toMatchObject({
      id: 'r:1',
      origin: 'asserted',
      confidenceWord: 'likely',
      citedExhibits: ['E-0001'],
      analyst: 'ana',
      createdAt: 11,
    });
    expect(updateRelationship(open.db, 'bo', { id: 'r:1', confidence: 96 }, 12)).toMatchObject({
      confidence: 96,
      confidenceWord: 'almost certain',
      updatedAt: 12,
    });
    expect(readGraph(open.db).relationships.filter((x) => x.origin === 'asserted')).toHaveLength(1);
    expect(updateRelationship(open.db, 'bo', { id: 'r:1', retract: true }, 13)).toBeNull();
    expect(readGraph(open.db).relationships.filter((x) => x.origin === 'asserted')).toEqual([]);
    expect(actions(open)).toEqual(
      expect.arrayContaining(['graph.entity-created', 'graph.relationship-asserted', 'graph.relationship-updated']),
    );
  });

  it('refuses unknown entities, uncited exhibits and derived relationships, changing nothing', () => {
    const open = caseWithExhibit();
    const before = actions(open).length;
    expect(() =>
      createRelationship(open.db, 'ana', { type: 'uses', source: 'ent:9', target: 'ind:1', confidence: 5 }),
    ).toThrow(/no entity ent:9/);
    expect(() =>
      createRelationship(open.db, 'ana', {
        type: 'uses',
        source: 'ind:2',
        target: 'ind:1',
        confidence: 5,
        citedExhibits: [7],
      }),
    ).toThrow(/no exhibit E-0007/);
    expect(() => updateRelationship(open.db, 'ana', { id: 'd:occurrence:ind:1>exh:1', confidence: 1 })).toThrow(
      /derived from the evidence/,
    );
    expect(actions(open)).toHaveLength(before);
    expect(open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM graph_relationships`)?.n).toBe(0);
  });
});

describe('suggestions', () => {
  it('suggests co-occurring indicators; accepting asserts the link, rejecting hides it for good', () => {
    const open = caseWithExhibit();
    const [s] = readGraph(open.db).suggestions;
    expect(s).toMatchObject({ id: 's:ind:1|ind:2', origin: 'suggested', citedExhibits: ['E-0001'] });
    const r = acceptSuggestion(open.db, 'ana', { id: 's:ind:1|ind:2', type: 'resolves-to', confidence: 60 });
    expect(r).toMatchObject({ type: 'resolves-to', source: 'ind:1', target: 'ind:2', citedExhibits: ['E-0001'] });
    expect(readGraph(open.db).suggestions).toEqual([]);
    updateRelationship(open.db, 'ana', { id: r.id, retract: true });
    // Decided once: retracting the link does not bring the suggestion back.
    expect(readGraph(open.db).suggestions).toEqual([]);
    expect(() => rejectSuggestion(open.db, 'ana', { id: 's:ind:1|ind:2' })).toThrow(/no open suggestion/);
  });

  it('records a rejection in custody', () => {
    const open = caseWithExhibit();
    rejectSuggestion(open.db, 'ana', { id: 's:ind:1|ind:2' });
    expect(readGraph(open.db).suggestions).toEqual([]);
    expect(actions(open)).toContain('graph.suggestion-rejected');
  });
});

describe('merge', () => {
  it('folds aliases into one actor with who asserted them and the source; undo and split restore them', () => {
    const open = caseWithExhibit();
    const apt37 = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'APT37' });
    const reaper = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'Reaper' });
    const scarcruft = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'ScarCruft' });
    createRelationship(open.db, 'ana', { type: 'uses', source: reaper.id, target: 'ind:1', confidence: 70 });
    const { mergeId, entity } = mergeEntities(
      open.db,
      'bo',
      { target: apt37.id, members: [reaper.id, scarcruft.id], source: 'vendor report 2018' },
      50,
    );
    expect(entity.aliases).toEqual([
      { id: reaper.id, name: 'Reaper', mergeId, assertedBy: 'bo', assertedAt: 50, source: 'vendor report 2018' },
      { id: scarcruft.id, name: 'ScarCruft', mergeId, assertedBy: 'bo', assertedAt: 50, source: 'vendor report 2018' },
    ]);
    let graph = readGraph(open.db);
    expect(graph.entities.map((e) => e.id)).not.toContain(reaper.id);
    expect(graph.relationships.find((r) => r.type === 'uses')).toMatchObject({ source: apt37.id, target: 'ind:1' });

    splitEntity(open.db, 'bo', { mergeId, member: scarcruft.id });
    graph = readGraph(open.db);
    expect(graph.entities.find((e) => e.id === apt37.id)?.aliases.map((a) => a.name)).toEqual(['Reaper']);
    expect(graph.entities.map((e) => e.id)).toContain(scarcruft.id);

    undoMerge(open.db, 'bo', { mergeId });
    graph = readGraph(open.db);
    expect(graph.entities.find((e) => e.id === apt37.id)?.aliases).toEqual([]);
    expect(graph.relationships.find((r) => r.type === 'uses')).toMatchObject({ source: reaper.id });
    expect(() => undoMerge(open.db, 'bo', { mergeId })).toThrow(/no merge/);
    expect(actions(open)).toEqual(expect.arrayContaining(['graph.merged', 'graph.split', 'graph.merge-undone']));
  });

  it('never merges exhibits or entities of different types', () => {
    const open = caseWithExhibit();
    const actor = createEntity(open.db, 'ana', { type: 'threat-actor', name: 'APT37' });
    expect(() => mergeEntities(open.db, 'ana', { target: actor.id, members: ['exh:1'] })).toThrow(/never merged/);
    expect(() => mergeEntities(open.db, 'ana', { target: actor.id, members: ['ind:1'] })).toThrow(
      /only entities of one type/,
    );
    expect(() => mergeEntities(open.db, 'ana', { target: actor.id, members: [actor.id] })).toThrow(/into itself/);
    expect(open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM graph_merges`)?.n).toBe(0);
  });
});
