/**
 * The case as a STIX 2.1 bundle: an identity for the producer, every entity as the STIX object its
 * type maps to (main/graph/stix.ts), each open indicator as an `indicator` with a STIX pattern and the
 * observable it is based on, exhibits as `file` observables with their hashes (and the observed-data
 * that says when they were collected), every relationship whose two ends were exported, and a `report`
 * that refers to all of it. Every object carries the case's TLP 2.0 marking. Pure: a function of the
 * snapshot and the context; ids are deterministic, so exporting twice gives the same ids.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { GraphEntity, GraphRelationship } from '../../shared/graph.js';
import type { IndicatorSummary, IndicatorType } from '../../shared/indicator-types.js';
import { exhibitLabelOf } from '../graph/derive.js';
import { caseObjectId, scoId, uuidV5, LOCARD_NAMESPACE } from './ids.js';
import type { ExchangeContext } from './context.js';
import type { ExchangeSnapshot, ExhibitRecord } from './snapshot.js';
import { stixString } from './stix-pattern.js';
import { tlpMarkingDefinition, tlpMarkingId } from './tlp.js';

export type StixObject = Readonly<Record<string, unknown>> & { readonly type: string; readonly id: string };

export interface StixBundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects: readonly StixObject[];
}

/** Custom types for what STIX has no object for (STIX 2.1 §11.1); the names come from main/graph/stix.ts. */
export const WALLET_TYPE = 'x-locard-cryptocurrency-wallet';
export const EVENT_TYPE = 'x-locard-event';

/** STIX domain objects that take an `aliases` list. */
const ALIASED_TYPES = new Set(['threat-actor', 'intrusion-set', 'campaign', 'malware', 'tool', 'infrastructure']);

const HASH_NAMES: Partial<Record<IndicatorType, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

export function stixTime(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

/** A path whose last part has an extension is a file in its directory; anything else is a directory. */
export function splitFilePath(path: string): { readonly directory: string; readonly name: string } | null {
  if (/[\\/]$/.test(path)) return null;
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  if (cut <= 0) return null;
  const name = path.slice(cut + 1);
  if (!/\.[^.]+$/.test(name) || name.startsWith('.')) return null;
  const directory = path.slice(0, cut);
  return { directory: /^[A-Za-z]:$/.test(directory) ? `${directory}\\` : directory, name };
}

/** The path a file in a directory stands for (the inverse of splitFilePath). */
export function joinFilePath(directory: string, name: string): string {
  const separator = directory.includes('\\') || /^[A-Za-z]:/.test(directory) ? '\\' : '/';
  return directory.endsWith(separator) ? `${directory}${name}` : `${directory}${separator}${name}`;
}

/** A user account from a persona name: "@handle" is a login, anything else a display name. */
export function personaAccount(name: string, platform?: string): Record<string, unknown> {
  const account: Record<string, unknown> = name.startsWith('@')
    ? { account_login: name.slice(1) }
    : { display_name: name };
  if (platform) account.account_type = platform;
  return account;
}

const COUNTRY_NAMES = countryNames();

function countryNames(): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name !== undefined && name !== code) out.set(name.toLowerCase(), code);
    }
  }
  return out;
}

/** STIX region-ov (§10.24). */
const REGIONS = new Set([
  'africa',
  'eastern-africa',
  'middle-africa',
  'northern-africa',
  'southern-africa',
  'western-africa',
  'americas',
  'latin-america-caribbean',
  'south-america',
  'caribbean',
  'central-america',
  'northern-america',
  'asia',
  'central-asia',
  'eastern-asia',
  'southern-asia',
  'south-eastern-asia',
  'western-asia',
  'europe',
  'eastern-europe',
  'northern-europe',
  'southern-europe',
  'western-europe',
  'oceania',
  'antarctica',
  'australia-new-zealand',
  'melanesia',
  'micronesia',
  'polynesia',
]);

/** A location needs a country, a region or coordinates (STIX 2.1 §4.11): read one from the name. */
export function locationProperties(name: string): Record<string, unknown> {
  const trimmed = name.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return { country: trimmed.toUpperCase() };
  const country = COUNTRY_NAMES.get(trimmed.toLowerCase());
  if (country) return { country };
  const region = trimmed.toLowerCase().replace(/[\s_&]+/g, '-');
  // region is an open vocabulary: a name that is not in it is still a region.
  return { region: REGIONS.has(region) ? region : trimmed };
}

/** What one entity becomes: the object relationships point at, and everything it needs. */
interface Exported {
  readonly primary: string;
  readonly objects: StixObject[];
}

class BundleWriter {
  private readonly marking: string;
  private readonly producer: string;
  private readonly objects = new Map<string, StixObject>();
  private readonly times: number[] = [];
  readonly leftOut: string[] = [];

  constructor(
    private readonly snapshot: ExchangeSnapshot,
    private readonly context: ExchangeContext,
  ) {
    this.marking = tlpMarkingId(context.tlp);
    this.producer = caseObjectId('identity', context.caseId, `producer:${context.analyst}`);
  }

  private add(object: StixObject): void {
    if (!this.objects.has(object.id)) this.objects.set(object.id, object);
  }

  /** The common properties of a domain object or relationship. */
  private sdo(type: string, id: string, at: number, modified = at): Record<string, unknown> & StixObject {
    this.times.push(at);
    return {
      type,
      spec_version: '2.1',
      id,
      created_by_ref: this.producer,
      created: stixTime(at),
      modified: stixTime(Math.max(at, modified)),
      object_marking_refs: [this.marking],
    };
  }

  private sco(type: string, properties: Record<string, unknown>, fallbackKey: string): StixObject {
    const id = scoId(type, properties, `${this.context.caseId}\u0000${fallbackKey}`);
    return { type, spec_version: '2.1', id, ...properties, object_marking_refs: [this.marking] };
  }

  private domainId(entity: GraphEntity, type: string): string {
    const imported = this.snapshot.importedStixIds.get(entity.id);
    if (imported?.startsWith(`${type}--`)) return imported;
    return caseObjectId(type, this.context.caseId, `entity:${entity.id}`);
  }

  // -------------------------------------------------------------------------------------------------
  // Entities

  entity(
    entity: GraphEntity,
    indicator: IndicatorSummary | undefined,
    exhibit: ExhibitRecord | undefined,
  ): Exported | null {
    if (indicator) return this.indicatorEntity(entity, indicator);
    if (exhibit) return this.exhibitEntity(exhibit);
    const at = entity.createdAt ?? this.context.now;
    const described = entity.description ? { description: entity.description } : {};
    const aliases = entity.aliases.map((a) => a.name).filter((name) => name !== entity.name);
    const named = (type: string, extra: Record<string, unknown> = {}): Exported => {
      const object = {
        ...this.sdo(type, this.domainId(entity, type), at),
        name: entity.name,
        ...described,
        ...(ALIASED_TYPES.has(type) && aliases.length > 0 ? { aliases } : {}),
        ...extra,
      };
      return { primary: object.id, objects: [object] };
    };
    const observable = (type: string, properties: Record<string, unknown>): Exported => {
      const object = this.sco(type, properties, `entity:${entity.id}`);
      return { primary: object.id, objects: [object] };
    };
    const name = entity.name.trim();
    switch (entity.type) {
      case 'threat-actor':
      case 'intrusion-set':
      case 'campaign':
      case 'infrastructure':
      case 'tool':
      case 'attack-pattern':
      case 'vulnerability':
        return named(entity.type);
      case 'malware':
        return named('malware', { is_family: true });
      case 'person':
        return named('identity', { identity_class: 'individual' });
      case 'organisation':
        return named('identity', { identity_class: 'organization' });
      case 'location':
        return named('location', locationProperties(name));
      case 'event':
        return named(EVENT_TYPE);
      case 'persona':
        return observable('user-account', personaAccount(name));
      case 'autonomous-system': {
        const match = /^(?:AS)?(\d{1,10})$/i.exec(name);
        const number = match ? Number(match[1]) : NaN;
        if (!Number.isSafeInteger(number)) return this.leave(entity, 'an AS needs a number');
        return observable('autonomous-system', {
          number,
          ...(entity.description ? { name: entity.description } : {}),
        });
      }
      case 'ipv4':
        return isIPv4(name.split('/')[0] ?? '')
          ? observable('ipv4-addr', { value: name })
          : this.leave(entity, 'not an IPv4 address');
      case 'ipv6':
        return isIPv6(name.split('/')[0] ?? '')
          ? observable('ipv6-addr', { value: name })
          : this.leave(entity, 'not an IPv6 address');
      case 'domain':
        return /^[^\s/@]+\.[^\s/@]+$/.test(name)
          ? observable('domain-name', { value: name })
          : this.leave(entity, 'not a domain name');
      case 'url':
        return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(name)
          ? observable('url', { value: name })
          : this.leave(entity, 'not a URL');
      case 'email':
        return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(name)
          ? observable('email-addr', { value: name })
          : this.leave(entity, 'not an e-mail address');
      case 'file':
        return observable('file', { name });
      case 'path':
        return this.pathObjects(name, `entity:${entity.id}`);
      case 'wallet':
        return observable(WALLET_TYPE, { value: name });
      case 'exhibit':
        return this.leave(entity, 'an exhibit that is not in the case');
    }
  }

  private leave(entity: GraphEntity, why: string): null {
    this.leftOut.push(`${entity.name} (${entity.type}: ${why})`);
    return null;
  }

  private pathObjects(path: string, key: string): Exported {
    const split = splitFilePath(path);
    if (!split) {
      const directory = this.sco('directory', { path }, key);
      return { primary: directory.id, objects: [directory] };
    }
    const directory = this.sco('directory', { path: split.directory }, `${key}:directory`);
    const file = this.sco('file', { name: split.name, parent_directory_ref: directory.id }, key);
    return { primary: file.id, objects: [directory, file] };
  }

  /** The observable an indicator value is, and the pattern that matches it. */
  private indicatorObservable(
    indicator: IndicatorSummary,
    key: string,
  ): { exported: Exported; pattern: string | null } | null {
    const v = indicator.value;
    const simple = (type: string, property: string, value: string | number, pattern: string) => {
      const object = this.sco(type, { [property]: value }, key);
      return { exported: { primary: object.id, objects: [object] }, pattern };
    };
    switch (indicator.type) {
      case 'ipv4':
        return simple('ipv4-addr', 'value', v, `[ipv4-addr:value = ${stixString(v)}]`);
      case 'ipv6':
        return simple('ipv6-addr', 'value', v, `[ipv6-addr:value = ${stixString(v)}]`);
      case 'cidr':
        return v.includes(':')
          ? simple('ipv6-addr', 'value', v, `[ipv6-addr:value = ${stixString(v)}]`)
          : simple('ipv4-addr', 'value', v, `[ipv4-addr:value = ${stixString(v)}]`);
      case 'domain':
        return simple('domain-name', 'value', v, `[domain-name:value = ${stixString(v)}]`);
      case 'url':
        return simple('url', 'value', v, `[url:value = ${stixString(v)}]`);
      case 'email':
        return simple('email-addr', 'value', v, `[email-addr:value = ${stixString(v)}]`);
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'sha512': {
        const hash = HASH_NAMES[indicator.type] ?? 'SHA-256';
        const object = this.sco('file', { hashes: { [hash]: v } }, key);
        const path = /^[A-Z0-9]+$/.test(hash) ? `file:hashes.${hash}` : `file:hashes.${stixString(hash)}`;
        return { exported: { primary: object.id, objects: [object] }, pattern: `[${path} = ${stixString(v)}]` };
      }
      case 'filename':
        return simple('file', 'name', v, `[file:name = ${stixString(v)}]`);
      case 'filepath_windows':
      case 'filepath_unix': {
        const exported = this.pathObjects(v, key);
        const split = splitFilePath(v);
        const pattern = split
          ? `[file:name = ${stixString(split.name)} AND file:parent_directory_ref.path = ${stixString(split.directory)}]`
          : `[directory:path = ${stixString(v)}]`;
        return { exported, pattern };
      }
      case 'asn': {
        const number = Number(v.replace(/^AS/i, ''));
        if (!Number.isSafeInteger(number)) return null;
        const organisation = indicator.enrichment.find((f) => f.kind === 'organisation')?.value;
        const object = this.sco('autonomous-system', { number, ...(organisation ? { name: organisation } : {}) }, key);
        return {
          exported: { primary: object.id, objects: [object] },
          pattern: `[autonomous-system:number = ${String(number)}]`,
        };
      }
      case 'social_handle': {
        const object = this.sco('user-account', personaAccount(v, indicator.platform), key);
        const login = v.replace(/^@/, '');
        return {
          exported: { primary: object.id, objects: [object] },
          pattern: `[user-account:account_login = ${stixString(login)}]`,
        };
      }
      case 'btc_address':
      case 'eth_address': {
        const currency = indicator.type === 'btc_address' ? 'bitcoin' : 'ethereum';
        const object = this.sco(WALLET_TYPE, { value: v, currency }, key);
        return {
          exported: { primary: object.id, objects: [object] },
          pattern: `[${WALLET_TYPE}:value = ${stixString(v)}]`,
        };
      }
      case 'cve':
      case 'attack_technique':
        return null;
    }
  }

  private indicatorEntity(entity: GraphEntity, indicator: IndicatorSummary): Exported | null {
    const at = indicator.firstSeen > 0 ? indicator.firstSeen : this.context.now;
    if (indicator.type === 'cve' || indicator.type === 'attack_technique') {
      const type = indicator.type === 'cve' ? 'vulnerability' : 'attack-pattern';
      const object = {
        ...this.sdo(type, this.domainId(entity, type), at),
        name: indicator.value.toUpperCase(),
        external_references: [
          {
            source_name: indicator.type === 'cve' ? 'cve' : 'mitre-attack',
            external_id: indicator.value.toUpperCase(),
          },
        ],
      };
      return { primary: object.id, objects: [object] };
    }
    const observed = this.indicatorObservable(indicator, `entity:${entity.id}`);
    if (!observed) return this.leave(entity, 'no STIX observable for this value');
    const { exported, pattern } = observed;
    if (pattern === null) return exported;
    const indicatorObject = {
      ...this.sdo(
        'indicator',
        caseObjectId('indicator', this.context.caseId, `indicator:${entity.id}`),
        at,
        indicator.lastSeen,
      ),
      name: indicator.value,
      description: `Found ${String(indicator.occurrenceCount)} time(s) in ${String(indicator.exhibitCount)} exhibit(s) of the case.`,
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: stixTime(at),
      ...(indicator.tags.length > 0 ? { labels: [...indicator.tags] } : {}),
      ...(indicator.flags.length > 0 ? { x_locard_flags: [...indicator.flags] } : {}),
    };
    const basedOn = {
      ...this.sdo('relationship', caseObjectId('relationship', this.context.caseId, `based-on:${entity.id}`), at),
      relationship_type: 'based-on',
      source_ref: indicatorObject.id,
      target_ref: exported.primary,
    };
    return { primary: exported.primary, objects: [...exported.objects, indicatorObject, basedOn] };
  }

  private exhibitEntity(exhibit: ExhibitRecord): Exported {
    const label = exhibitLabelOf(exhibit.number);
    const file = this.sco(
      'file',
      {
        name: exhibit.name,
        hashes: { MD5: exhibit.md5, 'SHA-1': exhibit.sha1, 'SHA-256': exhibit.sha256 },
        size: exhibit.size,
        ...(exhibit.mime !== '' ? { mime_type: exhibit.mime } : {}),
        x_locard_exhibit: label,
      },
      `exhibit:${String(exhibit.number)}`,
    );
    const observed = {
      ...this.sdo(
        'observed-data',
        caseObjectId('observed-data', this.context.caseId, `exhibit:${String(exhibit.number)}`),
        exhibit.importedAt,
      ),
      first_observed: stixTime(exhibit.importedAt),
      last_observed: stixTime(exhibit.importedAt),
      number_observed: 1,
      object_refs: [file.id],
      x_locard_collected_by: exhibit.importedBy,
    };
    return { primary: file.id, objects: [file, observed] };
  }

  // -------------------------------------------------------------------------------------------------
  // Relationships

  relationship(r: GraphRelationship, source: string, target: string, at: number): StixObject {
    const key = `${r.type}|${source}|${target}`;
    const description = describeRelationship(r);
    return {
      ...this.sdo(
        'relationship',
        caseObjectId('relationship', this.context.caseId, key),
        r.createdAt ?? at,
        r.updatedAt ?? at,
      ),
      relationship_type: r.type,
      source_ref: source,
      target_ref: target,
      confidence: Math.round(r.confidence),
      ...(description ? { description } : {}),
      ...(r.citedExhibits.length > 0 ? { x_locard_cited_exhibits: [...r.citedExhibits] } : {}),
    };
  }

  build(): { bundle: StixBundle; leftOut: readonly string[] } {
    const { graph, indicators, exhibits } = this.snapshot;
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    const exhibitByLabel = new Map(exhibits.map((e) => [exhibitLabelOf(e.number), e]));
    const exhibitTimes = new Map(exhibits.map((e) => [exhibitLabelOf(e.number), e.importedAt]));
    const primary = new Map<string, string>();
    const entityTime = new Map<string, number>();
    for (const entity of graph.entities) {
      const indicator = entity.indicatorId === undefined ? undefined : indicatorById.get(entity.indicatorId);
      // Benign and false positives stay out of every export.
      if (indicator && indicator.status !== 'open') continue;
      const exhibit = entity.exhibit === undefined ? undefined : exhibitByLabel.get(entity.exhibit);
      const exported = this.entity(entity, indicator, exhibit);
      if (!exported) continue;
      primary.set(entity.id, exported.primary);
      entityTime.set(entity.id, indicator?.firstSeen ?? exhibit?.importedAt ?? entity.createdAt ?? NaN);
      for (const object of exported.objects) this.add(object);
    }
    for (const r of graph.relationships) {
      const source = primary.get(r.source);
      const target = primary.get(r.target);
      if (source === undefined || target === undefined || source === target) continue;
      const cited = r.citedExhibits.map((label) => exhibitTimes.get(label) ?? NaN).filter(Number.isFinite);
      const ends = [entityTime.get(r.source) ?? NaN, entityTime.get(r.target) ?? NaN].filter(Number.isFinite);
      const at =
        r.provenance.sourceDate ??
        (cited.length > 0 ? Math.max(...cited) : ends.length > 0 ? Math.max(...ends) : this.context.now);
      this.add(this.relationship(r, source, target, at));
    }
    // A loop, not Math.min(...times): a large case has more objects than a call takes arguments.
    let first = Infinity;
    for (const t of this.times) if (Number.isFinite(t) && t < first) first = t;
    if (first === Infinity) first = this.context.now;
    const identity: StixObject = {
      type: 'identity',
      spec_version: '2.1',
      id: this.producer,
      created: stixTime(first),
      modified: stixTime(first),
      name: this.context.analyst,
      identity_class: 'individual',
      description: `The analyst who exported Locard case "${this.context.caseTitle}".`,
      object_marking_refs: [this.marking],
    };
    const body = [identity, ...this.objects.values()];
    const report: StixObject = {
      ...this.sdo('report', caseObjectId('report', this.context.caseId, 'report'), first, this.context.now),
      name: this.context.caseTitle,
      description:
        `Exported from Locard case ${this.context.caseId} by ${this.context.analyst}. ` +
        'Indicators the analyst marked benign or false positive are left out.' +
        (this.leftOut.length > 0 ? ` Not expressible in STIX and left out: ${this.leftOut.join('; ')}.` : ''),
      report_types: ['threat-report'],
      published: stixTime(this.context.now),
      object_refs: body.map((o) => o.id),
    };
    return {
      bundle: {
        type: 'bundle',
        id: `bundle--${uuidV5(`${this.context.caseId}\u0000bundle\u0000${String(this.context.now)}`, LOCARD_NAMESPACE)}`,
        objects: [tlpMarkingDefinition(this.context.tlp) as StixObject, ...body, report],
      },
      leftOut: this.leftOut,
    };
  }
}

function describeRelationship(r: GraphRelationship): string {
  const parts: string[] = [];
  if (r.origin === 'derived' && r.provenance.rule)
    parts.push(`Derived from the evidence by Locard's ${r.provenance.rule} rule`);
  else if (r.origin === 'asserted' && r.analyst) parts.push(`Asserted by ${r.analyst}`);
  if (r.provenance.occurrences !== undefined) {
    parts.push(`${String(r.provenance.occurrences)} occurrence(s) (${(r.provenance.locations ?? []).join(', ')})`);
  }
  if (r.provenance.source) parts.push(`source: ${r.provenance.source}`);
  if (r.provenance.derivation) parts.push(`derivation: ${r.provenance.derivation}`);
  if (r.citedExhibits.length > 0) parts.push(`cites ${r.citedExhibits.join(', ')}`);
  if (r.note) parts.push(`note: ${r.note}`);
  return parts.join('; ');
}

export function buildStixBundle(
  snapshot: ExchangeSnapshot,
  context: ExchangeContext,
): { readonly bundle: StixBundle; readonly leftOut: readonly string[] } {
  return new BundleWriter(snapshot, context).build();
}
