/**
 * What an exchange file asks the case to hold, before anything is written: entities (each with the
 * ids it has in the file, and the indicator it is when it is an indicator value) and relationships
 * between them. The readers (read-stix.ts, read-misp.ts, csv-import.ts) build a plan from a file and
 * refuse a malformed one whole; store.ts writes a plan in the importing transaction.
 */
import type { ExchangeImportFormat, ExchangeImportSkip } from '../../shared/exchange.js';
import type { EntityType, RelationshipType } from '../../shared/graph.js';
import type { IndicatorFlag, IndicatorType } from '../../shared/indicator-types.js';
import { extractIndicators } from '../indicators/index.js';
import { indicatorEntityType } from '../graph/stix.js';
import { LocardError } from '../errors.js';

export interface PlannedEntity {
  /** Unique in the plan: the file's id for a domain object, "value:<type>:<value>" for an observable value. */
  readonly key: string;
  readonly type: EntityType;
  readonly name: string;
  readonly description: string;
  /** The file's ids that name this entity (a STIX id; an indicator's pattern may name several values). */
  readonly sourceIds: string[];
  /** When the entity is an indicator value: its type and canonical value, to find the indicator in the case. */
  readonly indicator?: PlannedIndicator;
  /** Indicators only (CSV): tags to add. */
  readonly tags?: readonly string[];
  /** False for a file known by its hashes: another entity of the same name is not the same file. */
  readonly matchByName?: boolean;
}

/** An indicator value as the extractor would record it: canonical value, what the file wrote, flags. */
export interface PlannedIndicator {
  readonly type: IndicatorType;
  readonly value: string;
  /** As written in the file (defanged, upper-case…): what an occurrence's surface is. */
  readonly surface?: string;
  readonly flags?: readonly IndicatorFlag[];
}

export interface PlannedRelationship {
  readonly sourceId: string;
  readonly type: RelationshipType;
  /** Plan entity keys. */
  readonly source: string;
  readonly target: string;
  readonly confidence: number;
  readonly note: string;
}

export interface ImportPlan {
  readonly format: ExchangeImportFormat;
  /** Who produced the file, as it says; else the file's name. */
  readonly source: string;
  readonly objects: number;
  readonly entities: readonly PlannedEntity[];
  readonly relationships: readonly PlannedRelationship[];
  readonly skipped: readonly ExchangeImportSkip[];
}

/** An exchange file larger than this is refused before it is read (the largest public STIX bundles, MITRE ATT&CK's, are ~45 MB). */
export const MAX_EXCHANGE_FILE_BYTES = 64 * 1024 * 1024;
/** A single string longer than this is not a name, a description or a pattern: the file is refused. */
export const MAX_STRING_CHARS = 1024 * 1024;
/** Names longer than this are refused as entity names (the graph and briefings show them whole). */
export const MAX_NAME_CHARS = 1000;
/** Objects, attributes or rows per file. */
export const MAX_OBJECTS = 200_000;
/** JSON nesting deeper than this is refused: STIX and MISP nest a few levels. */
export const MAX_JSON_DEPTH = 32;

export function refuse(message: string): never {
  throw new LocardError('invalid-argument', message);
}

/** Parse JSON text and check its shape limits (depth, string length) without recursion. */
export function parseExchangeJson(text: string, name: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    refuse(`${name} is not valid JSON (${reason}); nothing was imported.`);
  }
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const { value: v, depth, path } = item;
    if (typeof v === 'string') {
      if (v.length > MAX_STRING_CHARS) {
        refuse(
          `${name}: the value at ${path || 'the top'} is ${v.length.toLocaleString('en')} characters long (more than ${MAX_STRING_CHARS.toLocaleString('en')}); nothing was imported.`,
        );
      }
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) {
        refuse(`${name} nests deeper than ${String(MAX_JSON_DEPTH)} levels at ${path}; nothing was imported.`);
      }
      if (Array.isArray(v))
        v.forEach((child, i) => stack.push({ value: child, depth: depth + 1, path: `${path}[${String(i)}]` }));
      else {
        for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
          if (key.length > MAX_NAME_CHARS)
            refuse(`${name}: a property name at ${path} is too long; nothing was imported.`);
          stack.push({ value: child, depth: depth + 1, path: path === '' ? key : `${path}.${key}` });
        }
      }
    }
  }
  return value;
}

/** Types whose values the extractor writes lower-case (compared without case). */
const CASELESS: ReadonlySet<IndicatorType> = new Set<IndicatorType>([
  'domain',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'cve',
  'asn',
]);

/**
 * The canonical indicator a raw value is, as Locard's extractor would store it (IPv6 compressed,
 * domains and hashes lower-cased, IDN as punycode): the extraction that covers the whole value, of one
 * of `types` (any type when empty). Undefined when the value is not such an indicator.
 */
export function canonicalIndicator(raw: string, types: readonly IndicatorType[] = []): PlannedIndicator | undefined {
  const value = raw.trim();
  if (value === '' || value.length > MAX_NAME_CHARS) return undefined;
  const whole = extractIndicators(value).filter(
    (e) => e.start === 0 && e.end === value.length && (types.length === 0 || types.includes(e.type)),
  );
  const found = whole[0];
  if (found) return { type: found.type, value: found.value, surface: value, flags: found.flags };
  // Values the extractor reads only in context (a bare file name, a handle without its platform).
  const only = types.length === 1 ? types[0] : undefined;
  if (only === 'filename' && /^[^\\/\s][^\\/]*\.[A-Za-z0-9]{1,8}$/.test(value))
    return { type: 'filename', value, surface: value };
  if (only === 'social_handle' && /^@[A-Za-z0-9_.]{1,64}$/.test(value))
    return { type: 'social_handle', value, surface: value };
  if (
    (only === 'filepath_windows' && /^[A-Za-z]:\\/.test(value)) ||
    (only === 'filepath_unix' && value.startsWith('/'))
  ) {
    return { type: only, value, surface: value };
  }
  if (only === 'cidr' && /^[\d.]+\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/i.test(value))
    return { type: 'cidr', value: value.toLowerCase(), surface: value };
  if (only !== undefined && CASELESS.has(only)) {
    const again = extractIndicators(value.toLowerCase()).find(
      (e) => e.start === 0 && e.end === value.length && e.type === only,
    );
    if (again) return { type: again.type, value: again.value, surface: value, flags: again.flags };
  }
  return undefined;
}

/** Builds a plan: entities merged by key, relationships, skips. */
export class PlanBuilder {
  private readonly entities = new Map<string, PlannedEntity>();
  private readonly relationships: PlannedRelationship[] = [];
  readonly skipped: ExchangeImportSkip[] = [];
  /** File id → the plan entity keys it names. */
  readonly refs = new Map<string, string[]>();

  constructor(readonly format: ExchangeImportFormat) {}

  /** An entity named by `sourceId`; the same key from another id adds that id. Returns the key. */
  entity(sourceId: string, entity: Omit<PlannedEntity, 'sourceIds'>): string {
    const existing = this.entities.get(entity.key);
    if (existing) {
      if (!existing.sourceIds.includes(sourceId)) existing.sourceIds.push(sourceId);
    } else this.entities.set(entity.key, { ...entity, sourceIds: [sourceId] });
    const keys = this.refs.get(sourceId) ?? [];
    if (!keys.includes(entity.key)) keys.push(entity.key);
    this.refs.set(sourceId, keys);
    return entity.key;
  }

  /** An indicator value as an entity (keyed by type and value, so the same value from two objects is one entity). */
  indicatorEntity(sourceId: string, indicator: PlannedIndicator, description = ''): string {
    const type = indicatorEntityType(indicator.type, indicator.value);
    return this.entity(sourceId, {
      key: `value:${indicator.type}:${indicator.value}`,
      type,
      name: indicator.value,
      description,
      indicator,
    });
  }

  addTags(key: string, tags: readonly string[]): void {
    const entity = this.entities.get(key);
    if (entity) this.entities.set(key, { ...entity, tags: [...new Set([...(entity.tags ?? []), ...tags])] });
  }

  relationship(relationship: PlannedRelationship): void {
    this.relationships.push(relationship);
  }

  skip(id: string, type: string, reason: string): void {
    this.skipped.push({ id, type, reason });
  }

  build(source: string, objects: number): ImportPlan {
    return {
      format: this.format,
      source,
      objects,
      entities: [...this.entities.values()],
      relationships: this.relationships,
      skipped: this.skipped,
    };
  }
}

export function entityOfIndicator(type: IndicatorType, value: string): EntityType {
  return indicatorEntityType(type, value);
}
