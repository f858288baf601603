/**
 * Writing an import plan into the case, inside the transaction that stored the file as an exhibit
 * (main/core/exchange.ts). Each planned entity is, in this order: what an earlier import of the same
 * object became (exchange_objects), the case's indicator of that type and value, an entity of the same
 * type and name already in the graph, or a new entity (graph_entities, origin "imported"). Each planned
 * relationship that the case does not already have (derived from the evidence or asserted) is asserted,
 * citing the exhibit. One custody entry records the import.
 */
import { SKIPPED_LISTED, type ExchangeImportResult, type ExchangeImportSkip } from '../../shared/exchange.js';
import { exhibitLabelOf } from '../graph/derive.js';
import { appendCustody } from '../locker/custody.js';
import type { WriteDb } from '../locker/driver.js';
import { readGraph } from '../locker/graph.js';
import { exhibitFullText, exhibitRowByNumber } from '../locker/exhibits.js';
import { addIndicatorTag, indicatorValueKey, recordOccurrences, type OccurrenceInput } from '../locker/indicators.js';
import { sql } from '../locker/sql.js';
import type { ImportPlan, PlannedEntity, PlannedIndicator } from './plan.js';

export interface StoreContext {
  readonly analyst: string;
  readonly exhibitNumber: number;
  readonly duplicateFile: boolean;
  readonly fileName: string;
  readonly now: number;
}

/** Object ids listed in the custody entry; the rest are counted. */
const CUSTODY_LISTED_REFS = 500;

function exhibitText(db: WriteDb, number: number): { id: number; text: string } {
  const row = exhibitRowByNumber(db, number);
  if (!row) throw new Error(`exchange import: exhibit ${String(number)} is not in the case`);
  return { id: row.id, text: exhibitFullText(db, row.id) };
}

/** Where the file writes a value: as written, canonical, without a handle's @, or JSON-escaped. */
export function findSurface(text: string, indicator: PlannedIndicator): { start: number; end: number } | undefined {
  const forms = new Set<string>();
  for (const form of [indicator.surface, indicator.value, indicator.value.replace(/^@/, '')]) {
    if (form === undefined || form === '') continue;
    forms.add(form);
    forms.add(JSON.stringify(form).slice(1, -1));
    // A STIX pattern's string literal escapes \ once more, and JSON escapes the result again.
    forms.add(JSON.stringify(form.replace(/\\/g, '\\\\').replace(/'/g, "\\'")).slice(1, -1));
  }
  for (const form of forms) {
    const at = text.indexOf(form);
    if (at !== -1) return { start: at, end: at + form.length };
  }
  const lower = text.toLowerCase();
  if (lower.length === text.length) {
    for (const form of forms) {
      const at = lower.indexOf(form.toLowerCase());
      if (at !== -1) return { start: at, end: at + form.length };
    }
  }
  return undefined;
}

export function storeImportPlan(db: WriteDb, plan: ImportPlan, context: StoreContext): ExchangeImportResult {
  const graph = readGraph(db);
  const byName = new Map<string, string>();
  for (const e of graph.entities) {
    if (e.type === 'exhibit') continue;
    const key = `${e.type}\u0000${e.name.toLowerCase()}`;
    if (!byName.has(key)) byName.set(key, e.id);
  }
  const mapped = (sourceId: string, kind: 'entity' | 'relationship') =>
    db
      .all<{ ref: string }>(
        sql`SELECT ref FROM exchange_objects WHERE source_id = ${sourceId} AND kind = ${kind} ORDER BY rowid`,
      )
      .map((r) => r.ref);
  const record = (sourceId: string, ref: string, kind: 'entity' | 'relationship', created: boolean) => {
    db.run(sql`INSERT OR IGNORE INTO exchange_objects (source_id, ref, kind, created, format, source, exhibit_number,
        imported_at, imported_by)
      VALUES (${sourceId}, ${ref}, ${kind}, ${created ? 1 : 0}, ${plan.format}, ${plan.source}, ${context.exhibitNumber},
        ${context.now}, ${context.analyst})`);
  };

  let entitiesCreated = 0;
  let entitiesMatched = 0;
  let alreadyImported = 0;
  let tagsAdded = 0;
  const createdRefs: string[] = [];
  const refOf = new Map<string, string>();

  const indicatorRow = (indicator: PlannedIndicator): number | undefined =>
    db.get<{ id: number }>(sql`SELECT id FROM indicators WHERE type = ${indicator.type}
        AND value_key = ${indicatorValueKey(indicator.type, indicator.value)}`)?.id;
  let stored: { id: number; text: string } | undefined;
  const exhibitId = () => {
    stored ??= exhibitText(db, context.exhibitNumber);
    return stored.id;
  };
  const occurrenceOf = (indicator: PlannedIndicator, sourceId: string): OccurrenceInput => {
    exhibitId();
    const text = stored?.text ?? '';
    const place = findSurface(text, indicator);
    const surface = place ? text.slice(place.start, place.end) : (indicator.surface ?? indicator.value);
    return {
      extraction: {
        type: indicator.type,
        value: indicator.value,
        surface,
        start: place?.start ?? 0,
        end: place?.end ?? 0,
        flags: indicator.flags ?? [],
      },
      location: { start: place?.start ?? 0, end: place?.end ?? 0, kind: 'exchange', label: sourceId },
    };
  };
  let createdIndicators = 0;

  // What earlier imports made of these ids, read before this import records anything.
  const before = new Map<string, string[]>();
  for (const entity of plan.entities) for (const id of entity.sourceIds) before.set(id, mapped(id, 'entity'));
  const earlierRelationships = new Set(
    plan.relationships.filter((r) => mapped(r.sourceId, 'relationship').length > 0).map((r) => r.sourceId),
  );
  const names = new Map(graph.entities.map((e) => [e.id, e.name]));
  const resolve = (entity: PlannedEntity): { ref: string; how: 'earlier' | 'matched' | 'created' } => {
    const earlier = [...new Set(entity.sourceIds.flatMap((id) => before.get(id) ?? []))];
    const [only] = earlier;
    if (earlier.length === 1 && only !== undefined) return { ref: only, how: 'earlier' };
    // An indicator's pattern named several values: this value's entity has its name.
    const named = earlier.find((ref) => names.get(ref) === entity.name);
    if (named !== undefined) return { ref: named, how: 'earlier' };
    if (entity.indicator) {
      const found = indicatorRow(entity.indicator);
      if (found !== undefined) return { ref: `ind:${String(found)}`, how: 'matched' };
      // A value the intake did not extract from the file's text (a handle written without its @, a
      // value split by the file's syntax): it is in the file all the same, so it is recorded as an
      // indicator occurring in the exhibit, at the place the file writes it when that can be found.
      recordOccurrences(db, exhibitId(), [occurrenceOf(entity.indicator, entity.sourceIds[0] ?? '')], context.now);
      const recorded = indicatorRow(entity.indicator);
      if (recorded !== undefined) {
        createdIndicators++;
        return { ref: `ind:${String(recorded)}`, how: 'matched' };
      }
    }
    const same =
      entity.matchByName === false ? undefined : byName.get(`${entity.type}\u0000${entity.name.toLowerCase()}`);
    if (same !== undefined) return { ref: same, how: 'matched' };
    const id = Number(
      db.run(sql`INSERT INTO graph_entities (type, name, description, created_at, created_by)
                 VALUES (${entity.type}, ${entity.name}, ${entity.description}, ${context.now}, ${context.analyst})`)
        .lastInsertRowid,
    );
    const ref = `ent:${String(id)}`;
    if (entity.matchByName !== false) byName.set(`${entity.type}\u0000${entity.name.toLowerCase()}`, ref);
    return { ref, how: 'created' };
  };

  for (const entity of plan.entities) {
    const { ref, how } = resolve(entity);
    refOf.set(entity.key, ref);
    if (how === 'earlier') alreadyImported++;
    else if (how === 'matched') entitiesMatched++;
    else {
      entitiesCreated++;
      createdRefs.push(ref);
    }
    for (const id of entity.sourceIds) record(id, ref, 'entity', how === 'created');
    if (entity.tags && ref.startsWith('ind:')) {
      for (const tag of entity.tags) if (addIndicatorTag(db, Number(ref.slice(4)), tag)) tagsAdded++;
    }
  }

  const skipped: ExchangeImportSkip[] = [...plan.skipped];
  const existing = new Map<string, string>();
  for (const r of graph.relationships) existing.set(`${r.type}|${r.source}|${r.target}`, r.id);
  let relationshipsCreated = 0;
  let relationshipsExisting = 0;
  const counted = new Set<string>();
  const endRef = (key: string) =>
    key.startsWith('external:') ? mapped(key.slice('external:'.length), 'entity')[0] : refOf.get(key);
  for (const r of plan.relationships) {
    const source = endRef(r.source);
    const target = endRef(r.target);
    if (source === undefined || target === undefined) {
      const missing = source === undefined ? r.source : r.target;
      skipped.push({
        id: r.sourceId,
        type: 'relationship',
        reason: `refers to ${missing.replace(/^external:/, '')}, which is neither in the file nor in the case`,
      });
      continue;
    }
    if (source === target) continue;
    if (earlierRelationships.has(r.sourceId)) {
      if (!counted.has(r.sourceId)) alreadyImported++;
      counted.add(r.sourceId);
      continue;
    }
    const key = `${r.type}|${source}|${target}`;
    const held = existing.get(key);
    if (held !== undefined) {
      // Remembered, so importing the file again counts it as imported before.
      record(r.sourceId, held, 'relationship', false);
      relationshipsExisting++;
      continue;
    }
    const note = [`Imported from ${context.fileName} (${plan.source}, ${r.sourceId})`, r.note]
      .filter((s) => s !== '')
      .join('; ');
    const id = Number(
      db.run(sql`INSERT INTO graph_relationships (type, source_ref, target_ref, confidence, cited, note, origin, analyst,
          created_at, updated_at)
        VALUES (${r.type}, ${source}, ${target}, ${r.confidence}, ${JSON.stringify([context.exhibitNumber])}, ${note},
          'asserted', ${context.analyst}, ${context.now}, ${context.now})`).lastInsertRowid,
    );
    const ref = `r:${String(id)}`;
    existing.set(key, ref);
    createdRefs.push(ref);
    record(r.sourceId, ref, 'relationship', true);
    relationshipsCreated++;
  }

  const exhibit = exhibitLabelOf(context.exhibitNumber);
  appendCustody(db, {
    analyst: context.analyst,
    action: 'exchange.imported',
    objectIds: [exhibit, ...createdRefs.slice(0, CUSTODY_LISTED_REFS)],
    details: {
      format: plan.format,
      file: context.fileName,
      source: plan.source,
      duplicateFile: context.duplicateFile,
      objects: plan.objects,
      entitiesCreated,
      entitiesMatched,
      ...(createdIndicators > 0 ? { indicatorsRecorded: createdIndicators } : {}),
      relationshipsCreated,
      relationshipsExisting,
      alreadyImported,
      ...(tagsAdded > 0 ? { tagsAdded } : {}),
      skipped: skipped.length,
      ...(createdRefs.length > CUSTODY_LISTED_REFS ? { unlistedRefs: createdRefs.length - CUSTODY_LISTED_REFS } : {}),
    },
    at: context.now,
  });
  return {
    format: plan.format,
    exhibit,
    duplicateFile: context.duplicateFile,
    source: plan.source,
    objects: plan.objects,
    entitiesCreated,
    entitiesMatched,
    relationshipsCreated,
    relationshipsExisting,
    alreadyImported,
    skipped: skipped.slice(0, SKIPPED_LISTED),
    skippedCount: skipped.length,
  };
}
