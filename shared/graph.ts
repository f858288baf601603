/**
 * Link analysis (issue 5): entities, relationships with provenance and confidence, suggestions and
 * merges, as both shells and the CLI see them. Entity ids are strings that say where the entity lives:
 * `ind:<id>` an indicator, `exh:<number>` an exhibit, `ent:<id>` an entity the analyst created,
 * `fact:<type>:<value>` an entity known only from an enrichment fact (an AS, an organisation, a
 * registrable domain no indicator names).
 */

/** Locard's entity types; each maps to a STIX 2.1 type (main/graph/stix.ts). */
export const ENTITY_TYPES = [
  'threat-actor',
  'intrusion-set',
  'campaign',
  'person',
  'organisation',
  'persona',
  'infrastructure',
  'autonomous-system',
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'file',
  'path',
  'malware',
  'tool',
  'vulnerability',
  'attack-pattern',
  'wallet',
  'location',
  'exhibit',
  'event',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const RELATIONSHIP_TYPES = [
  'hosted-on',
  'resolves-to',
  'belongs-to',
  'sent-from',
  'sent-to',
  'impersonates',
  'attributed-to',
  'alias-of',
  'uses',
  'targets',
  'located-at',
  'observed-in',
  'mentions',
  'derived-from',
  'communicates-with',
  'related-to',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/**
 * ICD 203's expressions of likelihood, with the 0–100 band each covers here (ICD 203 gives the
 * percentages 1–5, 5–20, 20–45, 45–55, 55–80, 80–95, 95–99; the ends are closed to 0 and 100).
 */
export const ICD203_BANDS = [
  { word: 'almost no chance', min: 0, max: 4 },
  { word: 'very unlikely', min: 5, max: 19 },
  { word: 'unlikely', min: 20, max: 44 },
  { word: 'roughly even chance', min: 45, max: 55 },
  { word: 'likely', min: 56, max: 79 },
  { word: 'very likely', min: 80, max: 94 },
  { word: 'almost certain', min: 95, max: 100 },
] as const;
export type Icd203Word = (typeof ICD203_BANDS)[number]['word'];

/** The ICD 203 words for a confidence of 0–100 (rounded; out-of-range values are clamped). */
export function confidenceWord(confidence: number): Icd203Word {
  const c = Math.min(100, Math.max(0, Math.round(Number.isFinite(confidence) ? confidence : 0)));
  for (const band of ICD203_BANDS) if (c <= band.max) return band.word;
  return 'almost certain';
}

/** 'imported': created by an exchange import (a STIX bundle, a MISP event, a CSV) — see `importedFrom`. */
export type EntityOrigin = 'indicator' | 'exhibit' | 'analyst' | 'enrichment' | 'imported';

/** Another entity merged into this one, and who said they are the same. */
export interface EntityAlias {
  readonly id: string;
  readonly name: string;
  readonly mergeId: number;
  readonly assertedBy: string;
  readonly assertedAt: number;
  /** Where the analyst got it from ("Mandiant APT37 report, 2018"); '' when not said. */
  readonly source: string;
}

export interface GraphEntity {
  readonly id: string;
  readonly type: EntityType;
  readonly stixType: string;
  readonly name: string;
  readonly origin: EntityOrigin;
  /** Indicator entities: the indicator's id, status and flags. */
  readonly indicatorId?: number;
  readonly status?: string;
  readonly flags?: readonly string[];
  /** Exhibit entities: "E-0002" and what the exhibit is. */
  readonly exhibit?: string;
  readonly kind?: string;
  readonly description?: string;
  readonly aliases: readonly EntityAlias[];
  /** Analyst entities: who created it and when. */
  readonly createdBy?: string;
  readonly createdAt?: number;
  /** Imported entities: the file's producer ("ACME CERT"), the STIX id (or MISP UUID) and the exhibit holding the file. */
  readonly importedFrom?: { readonly source: string; readonly id: string; readonly exhibit: string };
}

/** Where a relationship came from. */
export interface RelationshipProvenance {
  /** Derived: the rule (main/graph/derive.ts) that produced it. */
  readonly rule?: string;
  /** Enrichment facts: the source ("analyst CSV documentation-ranges.csv") and its date. */
  readonly source?: string;
  readonly sourceDate?: number;
  /** observed-in: how many occurrences, and where (location kinds: header, body, ocr…). */
  readonly occurrences?: number;
  readonly locations?: readonly string[];
  /** derived-from: how the child was derived ('attachment', 'video-frame', …). */
  readonly derivation?: string;
  /** Suggestions: the exhibits the two indicators share. */
  readonly sharedExhibits?: number;
}

export interface GraphRelationship {
  readonly id: string;
  readonly type: RelationshipType;
  /** Direction: source → target ("203.0.113.77 belongs-to AS64500"). */
  readonly source: string;
  readonly target: string;
  readonly confidence: number;
  readonly confidenceWord: Icd203Word;
  /** derived: computed from the evidence on every read; asserted: an analyst said so; suggested: waiting. */
  readonly origin: 'derived' | 'asserted' | 'suggested';
  readonly provenance: RelationshipProvenance;
  /** Exhibit labels ("E-0002") the relationship rests on. */
  readonly citedExhibits: readonly string[];
  readonly analyst?: string;
  readonly createdAt?: number;
  readonly updatedAt?: number;
  readonly note?: string;
}

export interface CaseGraph {
  readonly entities: readonly GraphEntity[];
  readonly relationships: readonly GraphRelationship[];
  /** Suggested links (co-occurrence) waiting for accept or reject. */
  readonly suggestions: readonly GraphRelationship[];
}
