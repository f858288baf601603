/**
 * A STIX 2.1 bundle as an import plan. Every object is checked before anything is written: a
 * malformed bundle (objects that are not objects, bad ids, properties of the wrong type, patterns that
 * do not parse, relationships that point at relationships) is refused whole, naming the object and the
 * property. Objects Locard has no entity for (notes, sightings, other observables, unknown custom
 * types) are skipped and listed; relationships whose ends were not imported are skipped too.
 *
 * Mapping: threat actors, intrusion sets, campaigns, infrastructure, malware, tools, attack patterns,
 * vulnerabilities, identities (individual → person, else organisation), locations and Locard's
 * x-locard-event become entities of those types; observables and indicator patterns become indicator
 * values (ipv4, domain, URL, e-mail, hashes, file names and paths, AS, accounts, wallets), found in
 * the case's indicators when the case has them. The identity that created the objects is the source,
 * not an entity; reports, observed-data and marking definitions are context.
 */
import { RELATIONSHIP_TYPES, type EntityType, type RelationshipType } from '../../shared/graph.js';
import type { IndicatorType } from '../../shared/indicator-types.js';
import {
  canonicalIndicator,
  entityOfIndicator,
  MAX_NAME_CHARS,
  MAX_OBJECTS,
  PlanBuilder,
  refuse,
  type ImportPlan,
} from './plan.js';
import {
  parseStixPattern,
  type ObservationExpression,
  type ComparisonExpression,
  type LiteralValue,
} from './stix-pattern.js';
import { EVENT_TYPE, joinFilePath, WALLET_TYPE } from './stix.js';

type Json = Record<string, unknown>;

const TYPE_RE = /^[a-z][a-z0-9-]{1,248}[a-z0-9]$/;
const ID_RE =
  /^([a-z][a-z0-9-]{1,248}[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Types that are context, not entities: read for what they say about the others. */
const CONTEXT_TYPES = new Set([
  'marking-definition',
  'extension-definition',
  'language-content',
  'report',
  'observed-data',
]);
/** Relationships connect objects; these are never an end of one (STIX 2.1 §5.1). */
const NOT_ENDPOINTS = new Set([
  'relationship',
  'sighting',
  'marking-definition',
  'bundle',
  'language-content',
  'extension-definition',
]);

const NAMED_TYPES: Readonly<Record<string, EntityType>> = {
  'threat-actor': 'threat-actor',
  'intrusion-set': 'intrusion-set',
  campaign: 'campaign',
  infrastructure: 'infrastructure',
  malware: 'malware',
  tool: 'tool',
  'attack-pattern': 'attack-pattern',
  vulnerability: 'vulnerability',
  location: 'location',
  [EVENT_TYPE]: 'event',
};

/** STIX relationship types Locard has no word for, read as the nearest one (`reverse`: the ends swap). */
const RELATIONSHIP_MAP: Readonly<Record<string, { readonly type: RelationshipType; readonly reverse?: boolean }>> = {
  'duplicate-of': { type: 'alias-of' },
  'authored-by': { type: 'attributed-to' },
  'originates-from': { type: 'located-at' },
  compromises: { type: 'targets' },
  'beacons-to': { type: 'communicates-with' },
  'exfiltrates-to': { type: 'communicates-with' },
  hosts: { type: 'hosted-on', reverse: true },
  owns: { type: 'belongs-to', reverse: true },
  'based-on': { type: 'derived-from' },
};

const HASH_TYPES: Readonly<Record<string, IndicatorType>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  SHA1: 'sha1',
  'SHA-256': 'sha256',
  SHA256: 'sha256',
  'SHA-512': 'sha512',
  SHA512: 'sha512',
};
/** Strongest first: a file observable with several hashes is its strongest one. */
const HASH_STRENGTH = ['sha256', 'sha512', 'sha1', 'md5'];

/** Object paths whose equality tests name an indicator value, and the types that value may be. */
const PATH_TYPES: Readonly<Record<string, readonly IndicatorType[]>> = {
  'ipv4-addr:value': ['ipv4', 'cidr'],
  'ipv6-addr:value': ['ipv6', 'cidr'],
  'domain-name:value': ['domain'],
  'url:value': ['url'],
  'email-addr:value': ['email'],
  'email-message:from_ref.value': ['email'],
  'email-message:sender_ref.value': ['email'],
  'email-message:to_refs[*].value': ['email'],
  'email-message:cc_refs[*].value': ['email'],
  'email-message:bcc_refs[*].value': ['email'],
  'network-traffic:dst_ref.value': ['ipv4', 'ipv6', 'cidr', 'domain'],
  'network-traffic:src_ref.value': ['ipv4', 'ipv6', 'cidr', 'domain'],
  'domain-name:resolves_to_refs[*].value': ['ipv4', 'ipv6'],
  'autonomous-system:number': ['asn'],
  'user-account:account_login': ['social_handle'],
  [`${WALLET_TYPE}:value`]: ['btc_address', 'eth_address'],
  'directory:path': ['filepath_windows', 'filepath_unix'],
  'file:name': ['filename'],
};

function pathKey(expression: {
  objectType: string;
  steps: readonly { kind: string; name?: string; index?: number | '*' }[];
}): string {
  let out = `${expression.objectType}:`;
  expression.steps.forEach((step, i) => {
    if (step.kind === 'index') out += '[*]';
    else out += (i === 0 ? '' : '.') + String(step.name);
  });
  return out;
}

/** A raw value as the indicator it is, for the types an observable or a pattern path allows. */
function indicatorFor(
  raw: string,
  types: readonly IndicatorType[],
): { type: IndicatorType; value: string } | undefined {
  if (types.includes('social_handle')) {
    const handle = raw.startsWith('@') ? raw : `@${raw}`;
    return canonicalIndicator(handle, ['social_handle']);
  }
  if (types.includes('asn')) {
    const match = /^(?:AS)?(\d{1,10})$/i.exec(raw.trim());
    return match ? { type: 'asn', value: `AS${String(Number(match[1]))}` } : undefined;
  }
  if (types.includes('filepath_windows')) {
    const windows = /^[A-Za-z]:|\\/.test(raw);
    return canonicalIndicator(raw, [windows ? 'filepath_windows' : 'filepath_unix']);
  }
  for (const type of types) {
    const found = canonicalIndicator(raw, [type]);
    if (found) return found;
  }
  return undefined;
}

function pathTypeOf(raw: string): IndicatorType {
  return /^[A-Za-z]:|\\/.test(raw) ? 'filepath_windows' : 'filepath_unix';
}

class StixReader {
  private readonly plan = new PlanBuilder('stix');
  private readonly byId = new Map<string, { object: Json; index: number }>();
  private readonly producers = new Set<string>();
  /** Directories that are only some file's parent: context, unless a relationship names them. */
  private readonly parentOnly = new Set<string>();

  constructor(
    private readonly name: string,
    private readonly bundle: Json,
  ) {}

  private where(index: number, object: Json): string {
    const id = typeof object.id === 'string' ? ` (${object.id.slice(0, 120)})` : '';
    return `${this.name}: objects[${String(index)}]${id}`;
  }

  private fail(index: number, object: Json, problem: string): never {
    refuse(`${this.where(index, object)} ${problem}; nothing was imported.`);
  }

  private str(index: number, object: Json, key: string, required = false): string | undefined {
    const value = object[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string')
      this.fail(index, object, `has ${key} that is ${value === undefined ? 'missing' : 'not a string'}`);
    return value;
  }

  private name_(index: number, object: Json, key = 'name', required = true): string | undefined {
    const value = this.str(index, object, key, required)?.trim();
    if (value === undefined) return undefined;
    if (value === '') this.fail(index, object, `has an empty ${key}`);
    if (value.length > MAX_NAME_CHARS)
      this.fail(index, object, `has a ${key} longer than ${String(MAX_NAME_CHARS)} characters`);
    return value;
  }

  private ref(index: number, object: Json, key: string, required = false): string | undefined {
    const value = this.str(index, object, key, required);
    if (value !== undefined && !ID_RE.test(value)) this.fail(index, object, `has ${key} that is not a STIX id`);
    return value;
  }

  private refs(index: number, object: Json, key: string): string[] {
    const value = object[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !ID_RE.test(v))) {
      this.fail(index, object, `has ${key} that is not a list of STIX ids`);
    }
    return value as string[];
  }

  private strings(index: number, object: Json, key: string): string[] {
    const value = object[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      this.fail(index, object, `has ${key} that is not a list of strings`);
    return value as string[];
  }

  read(): ImportPlan {
    const objects = this.bundle.objects;
    if (objects === undefined) return this.plan.build(this.name, 0);
    if (!Array.isArray(objects)) refuse(`${this.name}: the bundle's "objects" is not a list; nothing was imported.`);
    if (objects.length > MAX_OBJECTS) {
      refuse(
        `${this.name} holds ${objects.length.toLocaleString('en')} objects (more than ${MAX_OBJECTS.toLocaleString('en')}); nothing was imported.`,
      );
    }
    // Check every object's type and id; keep the latest version of each id (STIX 2.1 §3.6).
    objects.forEach((object: unknown, index) => {
      if (object === null || typeof object !== 'object' || Array.isArray(object)) {
        refuse(`${this.name}: objects[${String(index)}] is not an object; nothing was imported.`);
      }
      const json = object as Json;
      const type = this.str(index, json, 'type', true) ?? '';
      if (!TYPE_RE.test(type)) this.fail(index, json, `has type "${type.slice(0, 60)}", which is not a STIX type name`);
      const id = this.str(index, json, 'id', true) ?? '';
      const match = ID_RE.exec(id);
      if (match?.[1] !== type)
        this.fail(index, json, `has id "${id.slice(0, 120)}", which is not "${type}--" and a UUID`);
      const specVersion = json.spec_version;
      if (specVersion !== undefined && specVersion !== '2.1') {
        const version = typeof specVersion === 'string' ? specVersion : JSON.stringify(specVersion);
        this.fail(index, json, `is STIX ${version}; Locard reads STIX 2.1`);
      }
      const before = this.byId.get(id);
      const modified = typeof json.modified === 'string' ? json.modified : '';
      const beforeModified = typeof before?.object.modified === 'string' ? before.object.modified : '';
      if (!before || modified > beforeModified) this.byId.set(id, { object: json, index });
    });
    const endpoints = new Set<string>();
    const createdBy = new Set<string>();
    const parents = new Set<string>();
    for (const { object, index } of this.byId.values()) {
      const creator = this.ref(index, object, 'created_by_ref');
      if (creator !== undefined) createdBy.add(creator);
      this.refs(index, object, 'object_marking_refs');
      if (object.type === 'relationship') {
        for (const key of ['source_ref', 'target_ref']) {
          const end = this.ref(index, object, key, true) ?? '';
          const endType = end.slice(0, end.indexOf('--'));
          if (NOT_ENDPOINTS.has(endType)) {
            this.fail(index, object, `has ${key} ${end}: a relationship connects objects, not a ${endType}`);
          }
          endpoints.add(end);
        }
      }
      if (object.type === 'file') {
        const parent = this.ref(index, object, 'parent_directory_ref');
        if (parent !== undefined) parents.add(parent);
      }
    }
    for (const id of createdBy) if (id.startsWith('identity--') && !endpoints.has(id)) this.producers.add(id);
    for (const id of parents) if (!endpoints.has(id)) this.parentOnly.add(id);

    const relationships: { object: Json; index: number }[] = [];
    for (const entry of this.byId.values()) {
      const { object, index } = entry;
      const type = object.type as string;
      const id = object.id as string;
      if (object.revoked === true) {
        this.plan.skip(id, type, 'revoked in the source');
        continue;
      }
      if (type === 'relationship') relationships.push(entry);
      else this.object(index, object, type, id);
    }
    // observed-data stands for the observables it refers to.
    for (const { object, index } of this.byId.values()) {
      if (object.type !== 'observed-data') continue;
      const keys = this.refs(index, object, 'object_refs').flatMap((ref) => this.plan.refs.get(ref) ?? []);
      if (keys.length > 0) this.plan.refs.set(object.id as string, [...new Set(keys)]);
    }
    for (const { object, index } of relationships) this.relationship(index, object);
    return this.plan.build(this.source(), this.byId.size);
  }

  private source(): string {
    for (const id of this.producers) {
      const name = this.byId.get(id)?.object.name;
      if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, MAX_NAME_CHARS);
    }
    for (const { object } of this.byId.values()) {
      if (object.type === 'report' && typeof object.name === 'string' && object.name.trim() !== '') {
        return object.name.trim().slice(0, MAX_NAME_CHARS);
      }
    }
    return this.name;
  }

  private describe(index: number, object: Json): string {
    const parts: string[] = [];
    const description = this.str(index, object, 'description');
    if (description) parts.push(description.trim());
    const aliases = this.strings(index, object, 'aliases');
    if (aliases.length > 0) parts.push(`Also known as ${aliases.join(', ')}.`);
    return parts.join('\n');
  }

  private object(index: number, object: Json, type: string, id: string): void {
    if (CONTEXT_TYPES.has(type)) {
      if (type === 'report') this.name_(index, object, 'name', false);
      return;
    }
    if (type === 'identity') {
      const name = this.name_(index, object) ?? '';
      const identityClass = this.str(index, object, 'identity_class');
      if (this.producers.has(id)) return;
      this.plan.entity(id, {
        key: id,
        type: identityClass === 'individual' ? 'person' : 'organisation',
        name,
        description: this.describe(index, object),
      });
      return;
    }
    if (type === 'indicator') return this.indicator(index, object, id);
    const named = NAMED_TYPES[type];
    if (named !== undefined) return this.named(index, object, id, type, named);
    this.observable(index, object, id, type);
  }

  private named(index: number, object: Json, id: string, type: string, entityType: EntityType): void {
    let name = this.name_(index, object, 'name', type !== 'location');
    if (type === 'location' && name === undefined) {
      const city = this.str(index, object, 'city');
      const country = this.str(index, object, 'country');
      const region = this.str(index, object, 'region');
      const countryName =
        country && /^[A-Za-z]{2}$/.test(country)
          ? new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }).of(country.toUpperCase())
          : country;
      name = (city ?? countryName ?? region)?.trim();
      if (!name) return this.plan.skip(id, type, 'a location with no name, city, country or region');
    }
    if (name === undefined) return;
    const description = this.describe(index, object);
    if (type === 'vulnerability' || type === 'attack-pattern') {
      const indicator = canonicalIndicator(name, [type === 'vulnerability' ? 'cve' : 'attack_technique']);
      if (indicator) {
        this.plan.indicatorEntity(id, indicator, description);
        return;
      }
    }
    this.plan.entity(id, { key: id, type: entityType, name, description });
  }

  /** An indicator value named by an observable or a pattern; values Locard does not read as indicators keep their raw form. */
  private value(id: string, types: readonly IndicatorType[], raw: string, description = ''): string | undefined {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.length > MAX_NAME_CHARS) return undefined;
    const indicator = indicatorFor(trimmed, types);
    if (indicator) return this.plan.indicatorEntity(id, indicator, description);
    const first = types.includes('filepath_windows') ? pathTypeOf(trimmed) : (types[0] ?? 'filename');
    const name = first === 'social_handle' && !trimmed.startsWith('@') ? `@${trimmed}` : trimmed;
    return this.plan.entity(id, {
      key: `value:${first}:${name}`,
      type: entityOfIndicator(first, name),
      name,
      description,
    });
  }

  private observable(index: number, object: Json, id: string, type: string): void {
    const value = () => this.str(index, object, 'value', true) ?? '';
    switch (type) {
      case 'ipv4-addr':
        this.value(id, ['ipv4', 'cidr'], value());
        return;
      case 'ipv6-addr':
        this.value(id, ['ipv6', 'cidr'], value());
        return;
      case 'domain-name':
        this.value(id, ['domain'], value());
        return;
      case 'url':
        this.value(id, ['url'], value());
        return;
      case 'email-addr':
        this.value(id, ['email'], value());
        return;
      case WALLET_TYPE:
        this.value(id, ['btc_address', 'eth_address'], value());
        return;
      case 'autonomous-system': {
        const number = object.number;
        if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
          this.fail(index, object, 'has a number that is not a whole number');
        }
        const organisation = this.str(index, object, 'name');
        this.value(id, ['asn'], `AS${String(number)}`, organisation ?? '');
        return;
      }
      case 'directory': {
        const path = this.str(index, object, 'path', true) ?? '';
        if (this.parentOnly.has(id)) return;
        this.value(id, ['filepath_windows', 'filepath_unix'], path);
        return;
      }
      case 'file':
        return this.file(index, object, id);
      case 'user-account': {
        const login = this.str(index, object, 'account_login');
        const display = this.str(index, object, 'display_name');
        const userId = this.str(index, object, 'user_id');
        if (login !== undefined && login.trim() !== '') {
          this.value(id, ['social_handle'], login.replace(/^@/, ''));
          return;
        }
        const name = (display ?? userId ?? '').trim();
        if (name === '' || name.length > MAX_NAME_CHARS)
          return this.plan.skip(id, type, 'an account with no login or name');
        this.plan.entity(id, { key: id, type: 'persona', name, description: '' });
        return;
      }
      default:
        this.plan.skip(id, type, `Locard has no entity for STIX type ${type}`);
    }
  }

  private file(index: number, object: Json, id: string): void {
    const name = this.str(index, object, 'name')?.trim();
    const parent = this.ref(index, object, 'parent_directory_ref');
    const rawHashes = object.hashes;
    if (rawHashes !== undefined && (rawHashes === null || typeof rawHashes !== 'object' || Array.isArray(rawHashes))) {
      this.fail(index, object, 'has hashes that are not a dictionary');
    }
    const hashes = Object.entries((rawHashes ?? {}) as Record<string, unknown>);
    if (hashes.some(([, v]) => typeof v !== 'string')) this.fail(index, object, 'has a hash that is not a string');
    if (name !== undefined && parent !== undefined) {
      const directory = this.byId.get(parent)?.object;
      if (directory?.type === 'directory' && typeof directory.path === 'string') {
        const path = joinFilePath(directory.path, name);
        this.value(id, [pathTypeOf(path)], path);
        return;
      }
    }
    if (name !== undefined && name !== '' && hashes.length > 0) {
      // A file known by name and content (an exhibit of another case, a sample): an entity of its own.
      if (name.length > MAX_NAME_CHARS)
        this.fail(index, object, `has a name longer than ${String(MAX_NAME_CHARS)} characters`);
      const listed = hashes.map(([k, v]) => `${k} ${String(v)}`).join(', ');
      const exhibit =
        typeof object.x_locard_exhibit === 'string' ? `Exhibit ${object.x_locard_exhibit} of the source. ` : '';
      this.plan.entity(id, { key: id, type: 'file', name, description: `${exhibit}${listed}`, matchByName: false });
      return;
    }
    if (hashes.length > 0) {
      const typed = hashes
        .map(([k, v]) => ({ type: HASH_TYPES[k.toUpperCase()], value: v as string }))
        .filter((h): h is { type: IndicatorType; value: string } => h.type !== undefined)
        .sort((a, b) => HASH_STRENGTH.indexOf(a.type) - HASH_STRENGTH.indexOf(b.type));
      const strongest = typed[0];
      if (!strongest) return this.plan.skip(id, 'file', 'a file whose hashes Locard does not read');
      const others = typed
        .slice(1)
        .map((h) => `${h.type} ${h.value}`)
        .join(', ');
      this.value(id, [strongest.type], strongest.value, others === '' ? '' : `Also ${others}.`);
      return;
    }
    if (name !== undefined && name !== '') {
      this.value(id, ['filename'], name);
      return;
    }
    this.plan.skip(id, 'file', 'a file with neither a name nor hashes');
  }

  private indicator(index: number, object: Json, id: string): void {
    const pattern = this.str(index, object, 'pattern', true) ?? '';
    const patternType = this.str(index, object, 'pattern_type') ?? 'stix';
    const description = this.str(index, object, 'name')?.trim() ?? '';
    if (patternType !== 'stix')
      return this.plan.skip(id, 'indicator', `a ${patternType} pattern (Locard reads STIX patterns)`);
    const parsed = parseStixPattern(pattern);
    if (!parsed.ok) {
      this.fail(
        index,
        object,
        `has a pattern that does not parse: ${parsed.error.message.replace(/\.$/, '')} (column ${String(parsed.error.column)})`,
      );
    }
    let found = 0;
    for (const values of observationValues(parsed.ast)) {
      for (const { types, raw } of values)
        if (this.value(id, types, raw, description ? `Indicator "${description}" in the source.` : '') !== undefined)
          found++;
    }
    if (found === 0) {
      this.plan.skip(
        id,
        'indicator',
        'its pattern tests no value Locard keeps (equality on addresses, domains, URLs, e-mail addresses, hashes, file names, paths, AS numbers, accounts or wallets)',
      );
    }
  }

  private relationship(index: number, object: Json): void {
    const id = object.id as string;
    const stixType = this.str(index, object, 'relationship_type', true) ?? '';
    if (!/^[a-z0-9-]{1,250}$/.test(stixType))
      this.fail(index, object, `has relationship_type "${stixType.slice(0, 60)}"`);
    const sourceRef = object.source_ref as string;
    const targetRef = object.target_ref as string;
    const confidence = object.confidence;
    if (
      confidence !== undefined &&
      (typeof confidence !== 'number' || !Number.isInteger(confidence) || confidence < 0 || confidence > 100)
    ) {
      this.fail(index, object, 'has a confidence that is not a whole number from 0 to 100');
    }
    const description = this.str(index, object, 'description')?.trim() ?? '';
    if (sourceRef === targetRef) return this.plan.skip(id, 'relationship', 'a relationship of an object with itself');
    const known = (RELATIONSHIP_TYPES as readonly string[]).includes(stixType);
    const mapped = known
      ? { type: stixType as RelationshipType }
      : (RELATIONSHIP_MAP[stixType] ?? { type: 'related-to' as const });
    const ends = (ref: string): string[] | undefined => {
      if (!this.byId.has(ref)) return [`external:${ref}`];
      return this.plan.refs.get(ref);
    };
    let sources = ends(sourceRef);
    let targets = ends(targetRef);
    if (!sources || !targets) {
      const missing = !sources ? sourceRef : targetRef;
      return this.plan.skip(id, 'relationship', `refers to ${missing}, which was not imported`);
    }
    if (mapped.reverse === true) [sources, targets] = [targets, sources];
    const notes: string[] = [];
    if (!known) notes.push(`"${stixType}" in the source`);
    if (confidence === undefined) notes.push('no confidence given in the source (50 assumed)');
    if (description !== '') notes.push(description);
    for (const source of sources) {
      for (const target of targets) {
        if (source === target) continue;
        this.plan.relationship({
          sourceId: id,
          type: mapped.type,
          source,
          target,
          confidence: typeof confidence === 'number' ? confidence : 50,
          note: notes.join('; '),
        });
      }
    }
  }
}

/** The indicator values each observation of a pattern tests for equality (a file name with its directory is one path). */
function observationValues(ast: ObservationExpression): { types: readonly IndicatorType[]; raw: string }[][] {
  const out: { types: readonly IndicatorType[]; raw: string }[][] = [];
  const visit = (o: ObservationExpression) => {
    if (o.kind === 'observation') out.push(comparisonValues(o.comparison));
    else if (o.kind === 'qualified') visit(o.expression);
    else o.operands.forEach(visit);
  };
  visit(ast);
  return out;
}

function literalText(value: LiteralValue): string | undefined {
  if (value.type === 'string') return value.value;
  if (value.type === 'int') return String(value.value);
  return undefined;
}

function comparisonValues(comparison: ComparisonExpression): { types: readonly IndicatorType[]; raw: string }[] {
  const tests: { path: string; raw: string }[] = [];
  let names: string[] = [];
  let directories: string[] = [];
  const visit = (c: ComparisonExpression, underAnd: boolean) => {
    if (c.kind === 'and' || c.kind === 'or') {
      c.operands.forEach((operand) => {
        visit(operand, c.kind === 'and' || underAnd);
      });
      return;
    }
    if (c.kind !== 'test' || c.negated) return;
    const values =
      c.operator === '=' ? [c.value as LiteralValue] : c.operator === 'IN' ? (c.value as readonly LiteralValue[]) : [];
    const path = pathKey(c.path);
    for (const value of values) {
      const raw = literalText(value);
      if (raw === undefined) continue;
      if (underAnd && path === 'file:name') names.push(raw);
      else if (underAnd && path === 'file:parent_directory_ref.path') directories.push(raw);
      else tests.push({ path, raw });
    }
  };
  visit(comparison, false);
  const out: { types: readonly IndicatorType[]; raw: string }[] = [];
  if (names.length === 1 && directories.length === 1) {
    const path = joinFilePath(directories[0] ?? '', names[0] ?? '');
    out.push({ types: [pathTypeOf(path)], raw: path });
    names = [];
    directories = [];
  }
  for (const raw of names) tests.push({ path: 'file:name', raw });
  for (const raw of directories) tests.push({ path: 'directory:path', raw });
  for (const { path, raw } of tests) {
    const hash = /^file:hashes\.(.+)$/.exec(path);
    const hashType = hash ? HASH_TYPES[(hash[1] ?? '').toUpperCase()] : undefined;
    const types = hashType ? [hashType] : PATH_TYPES[path];
    if (types) out.push({ types, raw });
  }
  return out;
}

export function readStixBundle(bundle: Json, name: string): ImportPlan {
  return new StixReader(name, bundle).read();
}
