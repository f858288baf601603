/**
 * A MISP event (`{"Event": {…}}`, or a bare event, as MISP exports and its API return) as an import
 * plan. Attributes — the event's and its objects' — become indicator values or attribution entities
 * by type (ip-src/ip-dst, domain/hostname, url, email*, hashes, filename, AS, vulnerability, btc,
 * threat-actor, campaign-name…); object references between MISP objects become relationships between
 * their first attributes. Other attribute types are skipped and listed. The creating organisation
 * (Orgc) is the source. Malformed events are refused whole, naming the attribute and the property.
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

type Json = Record<string, unknown>;

/** MISP attribute types read as indicator values, with the types the value may be. */
const VALUE_TYPES: Readonly<Record<string, readonly IndicatorType[]>> = {
  'ip-src': ['ipv4', 'ipv6', 'cidr'],
  'ip-dst': ['ipv4', 'ipv6', 'cidr'],
  domain: ['domain'],
  hostname: ['domain'],
  url: ['url'],
  link: ['url'],
  uri: ['url'],
  'email-src': ['email'],
  'email-dst': ['email'],
  email: ['email'],
  'email-reply-to': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  sha512: ['sha512'],
  filename: ['filename', 'filepath_windows', 'filepath_unix'],
  AS: ['asn'],
  vulnerability: ['cve'],
  btc: ['btc_address'],
  'twitter-id': ['social_handle'],
  'github-username': ['social_handle'],
};

/** Attribution attributes read as named entities. */
const NAMED_TYPES: Readonly<Record<string, EntityType>> = {
  'threat-actor': 'threat-actor',
  'campaign-name': 'campaign',
  'malware-type': 'malware',
  'target-org': 'organisation',
  'target-user': 'person',
  'target-location': 'location',
};

/** Composite attributes ("filename|sha256", "ip-dst|port"): each part's type, '' for parts that are not kept. */
const COMPOSITE_PARTS: Readonly<Record<string, readonly string[]>> = {
  'filename|md5': ['filename', 'md5'],
  'filename|sha1': ['filename', 'sha1'],
  'filename|sha256': ['filename', 'sha256'],
  'filename|sha512': ['filename', 'sha512'],
  'ip-dst|port': ['ip-dst', ''],
  'ip-src|port': ['ip-src', ''],
  'domain|ip': ['domain', 'ip-dst'],
  'hostname|port': ['hostname', ''],
};

class MispReader {
  private readonly plan = new PlanBuilder('misp');
  private count = 0;
  /** MISP object UUID → the plan keys of its attributes. */
  private readonly objectKeys = new Map<string, string[]>();
  private readonly attributeKeys = new Map<string, string[]>();

  constructor(
    private readonly name: string,
    private readonly event: Json,
  ) {}

  private fail(where: string, problem: string): never {
    refuse(`${this.name}: ${where} ${problem}; nothing was imported.`);
  }

  private list(where: string, value: unknown): Json[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
      this.fail(where, 'is not a list of objects');
    }
    return value as Json[];
  }

  read(): ImportPlan {
    const info = this.event.info;
    if (info !== undefined && typeof info !== 'string') this.fail('Event.info', 'is not a string');
    const attributes = this.list('Event.Attribute', this.event.Attribute);
    const objects = this.list('Event.Object', this.event.Object);
    const total =
      attributes.length + objects.reduce((n, o) => n + (Array.isArray(o.Attribute) ? o.Attribute.length : 0), 0);
    if (total > MAX_OBJECTS) this.fail('Event', `holds more than ${MAX_OBJECTS.toLocaleString('en')} attributes`);
    attributes.forEach((a, i) => {
      this.attribute(`Event.Attribute[${String(i)}]`, a);
    });
    objects.forEach((o, i) => {
      const where = `Event.Object[${String(i)}]`;
      const uuid = this.uuidOf(where, o);
      const keys: string[] = [];
      this.list(`${where}.Attribute`, o.Attribute).forEach((a, j) => {
        keys.push(...this.attribute(`${where}.Attribute[${String(j)}]`, a));
      });
      if (uuid !== undefined) this.objectKeys.set(uuid, keys);
    });
    objects.forEach((o, i) => {
      const where = `Event.Object[${String(i)}]`;
      const source = this.objectKeys.get(this.uuidOf(where, o) ?? '')?.[0];
      this.list(`${where}.ObjectReference`, o.ObjectReference).forEach((reference, j) => {
        this.reference(`${where}.ObjectReference[${String(j)}]`, reference, source);
      });
    });
    const orgc = this.event.Orgc;
    const org = orgc !== null && typeof orgc === 'object' ? (orgc as Json).name : undefined;
    const source =
      typeof org === 'string' && org.trim() !== ''
        ? org.trim()
        : typeof info === 'string' && info.trim() !== ''
          ? info.trim()
          : this.name;
    return this.plan.build(source.slice(0, MAX_NAME_CHARS), this.count);
  }

  private uuidOf(where: string, object: Json): string | undefined {
    const uuid = object.uuid;
    if (uuid === undefined) return undefined;
    if (typeof uuid !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) {
      this.fail(where, 'has a uuid that is not a UUID');
    }
    return uuid.toLowerCase();
  }

  /** One attribute; returns the plan keys it became. */
  private attribute(where: string, attribute: Json): string[] {
    this.count++;
    const type = attribute.type;
    const value = attribute.value;
    if (typeof type !== 'string') this.fail(where, 'has a type that is not a string');
    if (typeof value !== 'string') this.fail(where, 'has a value that is not a string');
    const comment = attribute.comment;
    if (comment !== undefined && typeof comment !== 'string') this.fail(where, 'has a comment that is not a string');
    if (attribute.deleted === true) return [];
    const uuid = this.uuidOf(where, attribute);
    const id = uuid ?? `misp:${type}:${value}`.slice(0, 2 * MAX_NAME_CHARS);
    const description = typeof comment === 'string' ? comment.trim() : '';
    const parts = COMPOSITE_PARTS[type];
    const pieces = parts
      ? value.split('|').map((part, i) => ({ type: parts[i] ?? '', value: part }))
      : [{ type, value }];
    if (parts && pieces.length !== parts.length) this.fail(where, `has a ${type} value without its "|"`);
    const keys: string[] = [];
    for (const piece of pieces) {
      if (piece.type === '') continue;
      const key = this.piece(id, piece.type, piece.value.trim(), description);
      if (key !== undefined) keys.push(key);
    }
    if (keys.length === 0 && !(type in VALUE_TYPES) && !(type in NAMED_TYPES) && !parts) {
      this.plan.skip(uuid ?? value.slice(0, 80), type, `Locard has no entity for MISP type ${type}`);
    }
    if (uuid !== undefined) this.attributeKeys.set(uuid, keys);
    return keys;
  }

  private piece(id: string, type: string, value: string, description: string): string | undefined {
    if (value === '') return undefined;
    if (value.length > MAX_NAME_CHARS) {
      this.plan.skip(id, type, `a value longer than ${String(MAX_NAME_CHARS)} characters`);
      return undefined;
    }
    const named = NAMED_TYPES[type];
    if (named !== undefined)
      return this.plan.entity(id, {
        key: `named:${named}:${value.toLowerCase()}`,
        type: named,
        name: value,
        description,
      });
    const types = VALUE_TYPES[type];
    if (types === undefined) return undefined;
    let indicator: { type: IndicatorType; value: string } | undefined;
    if (types.includes('asn')) {
      const match = /^(?:AS)?(\d{1,10})$/i.exec(value);
      if (match) indicator = { type: 'asn', value: `AS${String(Number(match[1]))}` };
    } else if (types.includes('social_handle')) {
      indicator = canonicalIndicator(value.startsWith('@') ? value : `@${value}`, ['social_handle']);
    } else if (type === 'filename' && /[\\/]/.test(value)) {
      indicator = canonicalIndicator(value, [/^[A-Za-z]:|\\/.test(value) ? 'filepath_windows' : 'filepath_unix']);
    } else {
      for (const t of types) {
        indicator = canonicalIndicator(value, [t]);
        if (indicator) break;
      }
    }
    if (indicator) return this.plan.indicatorEntity(id, indicator, description);
    const first = types[0] ?? 'filename';
    return this.plan.entity(id, {
      key: `value:${first}:${value}`,
      type: entityOfIndicator(first, value),
      name: value,
      description,
    });
  }

  private reference(where: string, reference: Json, source: string | undefined): void {
    const target = reference.referenced_uuid;
    const type = reference.relationship_type;
    if (typeof target !== 'string') this.fail(where, 'has a referenced_uuid that is not a string');
    if (typeof type !== 'string') this.fail(where, 'has a relationship_type that is not a string');
    const id = typeof reference.uuid === 'string' ? reference.uuid.toLowerCase() : `${where}:${target}`;
    const targetKey = (this.objectKeys.get(target.toLowerCase()) ?? this.attributeKeys.get(target.toLowerCase()))?.[0];
    if (source === undefined || targetKey === undefined) {
      this.plan.skip(id, 'object reference', `refers to ${target}, which was not imported`);
      return;
    }
    if (source === targetKey) return;
    const known = (RELATIONSHIP_TYPES as readonly string[]).includes(type);
    this.plan.relationship({
      sourceId: id,
      type: known ? (type as RelationshipType) : 'related-to',
      source,
      target: targetKey,
      confidence: 50,
      note: `${known ? '' : `"${type}" in the source; `}no confidence given in the source (50 assumed)`,
    });
  }
}

/** The event of a MISP export: `{"Event": {…}}`, `{"response": [{"Event": {…}}]}` (one event) or a bare event. */
export function mispEventOf(value: Json): Json | undefined {
  const wrapped = value.Event;
  if (wrapped !== null && typeof wrapped === 'object' && !Array.isArray(wrapped)) return wrapped as Json;
  const response = value.response;
  if (Array.isArray(response) && response.length === 1) {
    const first = response[0] as unknown;
    if (first !== null && typeof first === 'object') return mispEventOf(first as Json);
  }
  if (typeof value.info === 'string' && (Array.isArray(value.Attribute) || Array.isArray(value.Object))) return value;
  return undefined;
}

export function readMispEvent(event: Json, name: string): ImportPlan {
  return new MispReader(name, event).read();
}
