/**
 * Link analysis over a case (schema 70). `readGraph` builds the whole graph on every read: indicator
 * and exhibit entities and every derived relationship come from the evidence tables through the pure
 * rules in main/graph/derive.ts; what the analyst asserted (entities, relationships, decisions on
 * suggestions, merges) comes from the graph_* tables. Each write logs a custody entry in its own
 * transaction.
 */
import {
  confidenceWord,
  type CaseGraph,
  type EntityAlias,
  type EntityType,
  type GraphEntity,
  type GraphRelationship,
  type RelationshipType,
} from '../../shared/graph.js';
import type { IndicatorType } from '../../shared/indicator-types.js';
import { LocardError } from '../errors.js';
import {
  deriveRelationships,
  exhibitLabelOf,
  exhibitRef,
  indicatorRef,
  pairKey,
  suggestCoOccurrence,
  type DerivationInput,
} from '../graph/derive.js';
import { indicatorEntityType, STIX_TYPES } from '../graph/stix.js';
import { appendCustody } from './custody.js';
import type { ReadDb, WriteDb } from './driver.js';
import { sql } from './sql.js';

/** How many merges a reference is followed through (a merged entity merged again). */
const MAX_MERGE_DEPTH = 16;

function parseNumbers(text: string): number[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}

function readDerivationInput(db: ReadDb): DerivationInput {
  const indicators = db.all<{ id: number; type: IndicatorType; value: string; status: string }>(
    sql`SELECT id, type, value, status FROM indicators ORDER BY id`,
  );
  const enrichments = db
    .all<{ indicator_id: number; kind: string; value: string; label: string; source: string; source_date: number }>(
      sql`SELECT indicator_id, kind, value, label, source, source_date FROM indicator_enrichments ORDER BY indicator_id, id`,
    )
    .map((r) => ({
      indicatorId: r.indicator_id,
      kind: r.kind,
      value: r.value,
      label: r.label,
      source: r.source,
      sourceDate: r.source_date,
    }));
  const occurrences = db
    .all<{ indicator_id: number; number: number; n: number; kinds: string }>(
      // Text occurrences are runs (schema 110), OCR occurrences rows: both, counted per exhibit.
      sql`SELECT o.indicator_id, e.number, sum(o.n) AS n, group_concat(DISTINCT o.kind) AS kinds
          FROM (SELECT indicator_id, exhibit_id, occurrence_count AS n, location_kind AS kind
                  FROM indicator_occurrence_runs
                UNION ALL
                SELECT indicator_id, exhibit_id, 1, location_kind FROM indicator_occurrences) AS o
          JOIN exhibits AS e ON e.id = o.exhibit_id
          GROUP BY o.indicator_id, e.number ORDER BY o.indicator_id, e.number`,
    )
    .map((r) => ({ indicatorId: r.indicator_id, exhibitNumber: r.number, count: r.n, kinds: r.kinds.split(',') }));
  const exhibits = db
    .all<{ number: number; parent_number: number | null; derivation: string }>(
      sql`SELECT e.number, p.number AS parent_number, e.derivation
          FROM exhibits AS e LEFT JOIN exhibits AS p ON p.id = e.parent_id ORDER BY e.number`,
    )
    .map((r) => ({ number: r.number, parentNumber: r.parent_number, derivation: r.derivation }));
  return { indicators, enrichments, occurrences, exhibits };
}

interface MemberRow {
  merge_id: number;
  member_ref: string;
  alias: string;
  source: string;
  asserted_by: string;
  asserted_at: number;
  target_ref: string;
}

function activeMembers(db: ReadDb): MemberRow[] {
  return db.all<MemberRow>(sql`SELECT m.merge_id, m.member_ref, m.alias, m.source, m.asserted_by, m.asserted_at, g.target_ref
      FROM graph_merge_members AS m JOIN graph_merges AS g ON g.id = m.merge_id
      WHERE m.split_at IS NULL AND g.undone_at IS NULL ORDER BY m.merge_id, m.member_ref`);
}

/** Follows active merges: a member reference becomes its merge target (transitively). */
function redirector(members: readonly MemberRow[]): (ref: string) => string {
  const into = new Map(members.map((m) => [m.member_ref, m.target_ref]));
  return (ref) => {
    let current = ref;
    for (let i = 0; i < MAX_MERGE_DEPTH; i++) {
      const next = into.get(current);
      if (next === undefined || next === ref) return current;
      current = next;
    }
    return current;
  };
}

interface RelationshipRow {
  id: number;
  type: RelationshipType;
  source_ref: string;
  target_ref: string;
  confidence: number;
  cited: string;
  note: string;
  origin: 'asserted' | 'suggestion';
  analyst: string;
  created_at: number;
  updated_at: number;
}

function toAsserted(r: RelationshipRow): GraphRelationship {
  return {
    id: `r:${String(r.id)}`,
    type: r.type,
    source: r.source_ref,
    target: r.target_ref,
    confidence: r.confidence,
    confidenceWord: confidenceWord(r.confidence),
    origin: 'asserted',
    provenance: r.origin === 'suggestion' ? { rule: 'co-occurrence (accepted)' } : {},
    citedExhibits: parseNumbers(r.cited).map(exhibitLabelOf),
    analyst: r.analyst,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.note === '' ? {} : { note: r.note }),
  };
}

/** Every entity before merges are applied, by id. */
function baseEntities(db: ReadDb, input: DerivationInput, facts: readonly GraphEntity[]): Map<string, GraphEntity> {
  const out = new Map<string, GraphEntity>();
  const flags = new Map(
    db.all<{ id: number; flags: string }>(sql`SELECT id, flags FROM indicators`).map((r) => [r.id, r.flags]),
  );
  for (const i of input.indicators) {
    const type = indicatorEntityType(i.type, i.value);
    const id = indicatorRef(i.id);
    out.set(id, {
      id,
      type,
      stixType: STIX_TYPES[type],
      name: i.value,
      origin: 'indicator',
      indicatorId: i.id,
      status: i.status,
      flags: (JSON.parse(flags.get(i.id) ?? '[]') as string[]).filter((f) => typeof f === 'string'),
      aliases: [],
    });
  }
  for (const e of db.all<{ number: number; original_name: string; kind: string }>(
    sql`SELECT number, original_name, kind FROM exhibits ORDER BY number`,
  )) {
    const id = exhibitRef(e.number);
    out.set(id, {
      id,
      type: 'exhibit',
      stixType: STIX_TYPES.exhibit,
      name: `${exhibitLabelOf(e.number)} ${e.original_name}`,
      origin: 'exhibit',
      exhibit: exhibitLabelOf(e.number),
      kind: e.kind,
      aliases: [],
    });
  }
  // Entities an exchange import created (schema 100, main/exchange/store.ts): where they came from.
  const imported = new Map(
    db
      .all<{ ref: string; source: string; source_id: string; exhibit_number: number }>(
        sql`SELECT ref, source, min(source_id) AS source_id, exhibit_number FROM exchange_objects
            WHERE kind = 'entity' AND created = 1 AND ref LIKE 'ent:%' GROUP BY ref`,
      )
      .map((r) => [r.ref, { source: r.source, id: r.source_id, exhibit: exhibitLabelOf(r.exhibit_number) }]),
  );
  for (const r of db.all<{
    id: number;
    type: EntityType;
    name: string;
    description: string;
    created_at: number;
    created_by: string;
  }>(sql`SELECT id, type, name, description, created_at, created_by FROM graph_entities ORDER BY id`)) {
    const id = `ent:${String(r.id)}`;
    const from = imported.get(id);
    out.set(id, {
      id,
      type: r.type,
      stixType: STIX_TYPES[r.type],
      name: r.name,
      origin: from ? 'imported' : 'analyst',
      ...(from ? { importedFrom: from } : {}),
      ...(r.description === '' ? {} : { description: r.description }),
      createdBy: r.created_by,
      createdAt: r.created_at,
      aliases: [],
    });
  }
  for (const f of facts) if (!out.has(f.id)) out.set(f.id, f);
  return out;
}

/** The case's graph: entities (merged members folded into their targets as aliases), relationships, suggestions. */
export function readGraph(db: ReadDb): CaseGraph {
  const input = readDerivationInput(db);
  const derived = deriveRelationships(input);
  const entities = baseEntities(db, input, derived.factEntities);
  const members = activeMembers(db);
  const redirect = redirector(members);
  const asserted = db
    .all<RelationshipRow>(
      sql`SELECT id, type, source_ref, target_ref, confidence, cited, note, origin, analyst,
        created_at, updated_at FROM graph_relationships WHERE retracted_at IS NULL ORDER BY id`,
    )
    .map(toAsserted);

  const related = new Set<string>();
  const relationships: GraphRelationship[] = [];
  for (const r of [...derived.relationships, ...asserted]) {
    related.add(pairKey(r.source, r.target));
    const source = redirect(r.source);
    const target = redirect(r.target);
    if (source === target || !entities.has(source) || !entities.has(target)) continue;
    relationships.push(source === r.source && target === r.target ? r : { ...r, source, target });
  }
  const decided = new Set(
    db.all<{ suggestion: string }>(sql`SELECT suggestion FROM graph_suggestion_decisions`).map((r) => r.suggestion),
  );
  const suggestions = suggestCoOccurrence(input, related, decided);

  const aliases = new Map<string, EntityAlias[]>();
  for (const m of members) {
    const target = redirect(m.member_ref);
    const list = aliases.get(target) ?? [];
    list.push({
      id: m.member_ref,
      name: m.alias,
      mergeId: m.merge_id,
      assertedBy: m.asserted_by,
      assertedAt: m.asserted_at,
      source: m.source,
    });
    aliases.set(target, list);
  }
  const merged = new Set(members.map((m) => m.member_ref));
  const list: GraphEntity[] = [];
  for (const e of entities.values()) {
    if (merged.has(e.id)) continue;
    const a = aliases.get(e.id);
    list.push(a ? { ...e, aliases: a } : e);
  }
  return { entities: list, relationships, suggestions };
}

// ---------------------------------------------------------------------------------------------------
// The analyst's changes

function entityOf(graph: CaseGraph, id: string, members: readonly MemberRow[] = []): GraphEntity {
  const entity = graph.entities.find((e) => e.id === id);
  if (entity) return entity;
  if (members.some((m) => m.member_ref === id)) {
    throw new LocardError('invalid-argument', `Entity ${id} is merged into another entity; use that one.`);
  }
  throw new LocardError('not-found', `There is no entity ${id} in this case.`);
}

function checkExhibits(db: ReadDb, numbers: readonly number[]): number[] {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  for (const n of unique) {
    if (!db.get(sql`SELECT 1 AS x FROM exhibits WHERE number = ${n}`)) {
      throw new LocardError('not-found', `There is no exhibit ${exhibitLabelOf(n)} to cite; nothing was changed.`);
    }
  }
  return unique;
}

export function createEntity(
  db: WriteDb,
  analyst: string,
  input: { readonly type: EntityType; readonly name: string; readonly description?: string },
  now = Date.now(),
): GraphEntity {
  if (input.type === 'exhibit')
    throw new LocardError('invalid-argument', 'Exhibits come from imports, not from the graph.');
  return db.transaction(() => {
    const id = Number(
      db.run(sql`INSERT INTO graph_entities (type, name, description, created_at, created_by)
                 VALUES (${input.type}, ${input.name}, ${input.description ?? ''}, ${now}, ${analyst})`)
        .lastInsertRowid,
    );
    const ref = `ent:${String(id)}`;
    appendCustody(db, {
      analyst,
      action: 'graph.entity-created',
      objectIds: [ref],
      details: { type: input.type, name: input.name },
      at: now,
    });
    return entityOf(readGraph(db), ref);
  });
}

export interface NewRelationship {
  readonly type: RelationshipType;
  readonly source: string;
  readonly target: string;
  readonly confidence: number;
  readonly citedExhibits?: readonly number[];
  readonly note?: string;
}

function insertRelationship(
  db: WriteDb,
  analyst: string,
  input: NewRelationship,
  origin: 'asserted' | 'suggestion',
  now: number,
): GraphRelationship {
  const graph = readGraph(db);
  const members = activeMembers(db);
  entityOf(graph, input.source, members);
  entityOf(graph, input.target, members);
  if (input.source === input.target) {
    throw new LocardError('invalid-argument', 'A relationship needs two different entities.');
  }
  const cited = checkExhibits(db, input.citedExhibits ?? []);
  const id = Number(
    db.run(sql`INSERT INTO graph_relationships (type, source_ref, target_ref, confidence, cited, note, origin, analyst,
          created_at, updated_at)
        VALUES (${input.type}, ${input.source}, ${input.target}, ${input.confidence}, ${JSON.stringify(cited)},
          ${input.note ?? ''}, ${origin}, ${analyst}, ${now}, ${now})`).lastInsertRowid,
  );
  const ref = `r:${String(id)}`;
  appendCustody(db, {
    analyst,
    action: 'graph.relationship-asserted',
    objectIds: [ref, input.source, input.target, ...cited.map(exhibitLabelOf)],
    details: {
      type: input.type,
      source: input.source,
      target: input.target,
      confidence: input.confidence,
      confidenceWord: confidenceWord(input.confidence),
      cited: cited.map(exhibitLabelOf),
      ...(origin === 'suggestion' ? { fromSuggestion: true } : {}),
    },
    at: now,
  });
  return relationshipOf(db, id);
}

function relationshipOf(db: ReadDb, id: number): GraphRelationship {
  const row = db.get<RelationshipRow>(sql`SELECT id, type, source_ref, target_ref, confidence, cited, note, origin,
      analyst, created_at, updated_at FROM graph_relationships WHERE id = ${id} AND retracted_at IS NULL`);
  if (!row) throw new LocardError('not-found', `There is no relationship r:${String(id)} in this case.`);
  return toAsserted(row);
}

export function createRelationship(
  db: WriteDb,
  analyst: string,
  input: NewRelationship,
  now = Date.now(),
): GraphRelationship {
  return db.transaction(() => insertRelationship(db, analyst, input, 'asserted', now));
}

function assertedId(id: string): number {
  const match = /^r:(\d+)$/.exec(id);
  if (!match) {
    throw new LocardError(
      'invalid-argument',
      `${id} is derived from the evidence; only asserted relationships change.`,
    );
  }
  return Number(match[1]);
}

export function updateRelationship(
  db: WriteDb,
  analyst: string,
  input: {
    readonly id: string;
    readonly confidence?: number;
    readonly citedExhibits?: readonly number[];
    readonly note?: string;
    readonly retract?: boolean;
  },
  now = Date.now(),
): GraphRelationship | null {
  const id = assertedId(input.id);
  return db.transaction(() => {
    const before = relationshipOf(db, id);
    const cited = input.citedExhibits === undefined ? undefined : checkExhibits(db, input.citedExhibits);
    const confidence = input.confidence ?? before.confidence;
    db.run(sql`UPDATE graph_relationships SET
        confidence = ${confidence},
        cited = coalesce(${cited === undefined ? null : JSON.stringify(cited)}, cited),
        note = coalesce(${input.note ?? null}, note),
        updated_at = ${now},
        retracted_at = ${input.retract === true ? now : null}
      WHERE id = ${id}`);
    const details: Record<string, unknown> = {};
    if (input.confidence !== undefined && input.confidence !== before.confidence) {
      details.confidence = { from: before.confidence, to: confidence, word: confidenceWord(confidence) };
    }
    if (cited !== undefined) details.cited = { from: before.citedExhibits, to: cited.map(exhibitLabelOf) };
    if (input.note !== undefined) details.noteChanged = true;
    if (input.retract === true) details.retracted = true;
    appendCustody(db, {
      analyst,
      action: 'graph.relationship-updated',
      objectIds: [input.id, before.source, before.target],
      details,
      at: now,
    });
    return input.retract === true ? null : relationshipOf(db, id);
  });
}

function suggestionOf(db: ReadDb, id: string): GraphRelationship {
  const suggestion = readGraph(db).suggestions.find((s) => s.id === id);
  if (!suggestion)
    throw new LocardError('not-found', `There is no open suggestion ${id} (already decided, or no longer suggested).`);
  return suggestion;
}

export function acceptSuggestion(
  db: WriteDb,
  analyst: string,
  input: { readonly id: string; readonly type?: RelationshipType; readonly confidence?: number },
  now = Date.now(),
): GraphRelationship {
  return db.transaction(() => {
    const s = suggestionOf(db, input.id);
    const relationship = insertRelationship(
      db,
      analyst,
      {
        type: input.type ?? s.type,
        source: s.source,
        target: s.target,
        confidence: input.confidence ?? s.confidence,
        citedExhibits: s.citedExhibits.map((label) => Number(label.slice(2))),
      },
      'suggestion',
      now,
    );
    db.run(sql`INSERT INTO graph_suggestion_decisions (suggestion, decision, relationship_id, decided_by, decided_at)
               VALUES (${input.id}, 'accepted', ${Number(relationship.id.slice(2))}, ${analyst}, ${now})`);
    return relationship;
  });
}

export function rejectSuggestion(db: WriteDb, analyst: string, input: { readonly id: string }, now = Date.now()): null {
  db.transaction(() => {
    const s = suggestionOf(db, input.id);
    db.run(sql`INSERT INTO graph_suggestion_decisions (suggestion, decision, decided_by, decided_at)
               VALUES (${input.id}, 'rejected', ${analyst}, ${now})`);
    appendCustody(db, {
      analyst,
      action: 'graph.suggestion-rejected',
      objectIds: [input.id, s.source, s.target],
      details: { type: s.type, cited: s.citedExhibits },
      at: now,
    });
  });
  return null;
}

/**
 * Merge `members` into `target`: each member becomes an alias of the target (its name, who asserted
 * it, from which source), and its relationships point at the target. Exhibits are never merged.
 */
export function mergeEntities(
  db: WriteDb,
  analyst: string,
  input: { readonly target: string; readonly members: readonly string[]; readonly source?: string },
  now = Date.now(),
): { readonly mergeId: number; readonly entity: GraphEntity } {
  return db.transaction(() => {
    const graph = readGraph(db);
    const members = activeMembers(db);
    const target = entityOf(graph, input.target, members);
    const ids = [...new Set(input.members)];
    if (ids.length === 0) throw new LocardError('invalid-argument', 'Choose at least one entity to merge.');
    const folded = ids.map((id) => {
      if (id === input.target) throw new LocardError('invalid-argument', 'An entity cannot be merged into itself.');
      const e = entityOf(graph, id, members);
      if (e.type === 'exhibit' || target.type === 'exhibit') {
        throw new LocardError('invalid-argument', 'Exhibits are evidence and are never merged.');
      }
      if (e.type !== target.type) {
        throw new LocardError(
          'invalid-argument',
          `${e.name} is a ${e.type} and ${target.name} a ${target.type}: only entities of one type merge.`,
        );
      }
      return e;
    });
    const mergeId = Number(
      db.run(
        sql`INSERT INTO graph_merges (target_ref, analyst, created_at) VALUES (${input.target}, ${analyst}, ${now})`,
      ).lastInsertRowid,
    );
    for (const e of folded) {
      db.run(sql`INSERT INTO graph_merge_members (merge_id, member_ref, alias, source, asserted_by, asserted_at)
                 VALUES (${mergeId}, ${e.id}, ${e.name}, ${input.source ?? ''}, ${analyst}, ${now})`);
    }
    appendCustody(db, {
      analyst,
      action: 'graph.merged',
      objectIds: [`merge:${String(mergeId)}`, input.target, ...folded.map((e) => e.id)],
      details: { target: target.name, aliases: folded.map((e) => e.name), source: input.source ?? '' },
      at: now,
    });
    return { mergeId, entity: entityOf(readGraph(db), input.target) };
  });
}

function activeMerge(db: ReadDb, mergeId: number): { target_ref: string } {
  const merge = db.get<{ target_ref: string }>(
    sql`SELECT target_ref FROM graph_merges WHERE id = ${mergeId} AND undone_at IS NULL`,
  );
  if (!merge)
    throw new LocardError('not-found', `There is no merge ${String(mergeId)} to undo (or it was undone already).`);
  return merge;
}

/** Undo a whole merge: every member is its own entity again, with its own relationships. */
export function undoMerge(db: WriteDb, analyst: string, input: { readonly mergeId: number }, now = Date.now()): null {
  db.transaction(() => {
    const merge = activeMerge(db, input.mergeId);
    const members = db.all<{ member_ref: string }>(
      sql`SELECT member_ref FROM graph_merge_members WHERE merge_id = ${input.mergeId} AND split_at IS NULL`,
    );
    db.run(sql`UPDATE graph_merges SET undone_at = ${now}, undone_by = ${analyst} WHERE id = ${input.mergeId}`);
    db.run(
      sql`UPDATE graph_merge_members SET split_at = ${now} WHERE merge_id = ${input.mergeId} AND split_at IS NULL`,
    );
    appendCustody(db, {
      analyst,
      action: 'graph.merge-undone',
      objectIds: [`merge:${String(input.mergeId)}`, merge.target_ref, ...members.map((m) => m.member_ref)],
      details: {},
      at: now,
    });
  });
  return null;
}

/** Split one alias back out of its merge; the rest of the merge stands. */
export function splitEntity(
  db: WriteDb,
  analyst: string,
  input: { readonly mergeId: number; readonly member: string },
  now = Date.now(),
): null {
  db.transaction(() => {
    const merge = activeMerge(db, input.mergeId);
    const changed = db.run(sql`UPDATE graph_merge_members SET split_at = ${now}
        WHERE merge_id = ${input.mergeId} AND member_ref = ${input.member} AND split_at IS NULL`).changes;
    if (changed === 0) {
      throw new LocardError('not-found', `${input.member} is not part of merge ${String(input.mergeId)}.`);
    }
    appendCustody(db, {
      analyst,
      action: 'graph.split',
      objectIds: [`merge:${String(input.mergeId)}`, merge.target_ref, input.member],
      details: {},
      at: now,
    });
  });
  return null;
}
