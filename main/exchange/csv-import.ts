/**
 * CSV in: a table of entities (name, type, description) or of indicators (value, type, description,
 * tags), read with the column mapping the analyst confirmed. `previewCsv` reads the header and the
 * first rows and suggests a mapping; `planCsvImport` turns the rows into an import plan (one entity
 * per row; rows that name nothing Locard keeps are skipped and listed by row number).
 */
import { basename } from 'node:path';
import {
  CSV_PREVIEW_ROWS,
  type CsvColumnMapping,
  type CsvImportKind,
  type CsvImportPreview,
} from '../../shared/exchange.js';
import { ENTITY_TYPES, type EntityType } from '../../shared/graph.js';
import { INDICATOR_TYPES, type IndicatorType } from '../../shared/indicator-types.js';
import { parseDelimitedRecords } from '../intake/parsers/text.js';
import { canonicalIndicator, MAX_NAME_CHARS, MAX_OBJECTS, PlanBuilder, refuse, type ImportPlan } from './plan.js';

/** Words a type column may use for each entity type, besides the type itself. */
const ENTITY_SYNONYMS: Readonly<Record<string, EntityType>> = {
  actor: 'threat-actor',
  'threat-actor-group': 'threat-actor',
  apt: 'intrusion-set',
  group: 'intrusion-set',
  identity: 'organisation',
  organization: 'organisation',
  org: 'organisation',
  company: 'organisation',
  individual: 'person',
  people: 'person',
  account: 'persona',
  handle: 'persona',
  'user-account': 'persona',
  'social-handle': 'persona',
  ip: 'ipv4',
  'ipv4-addr': 'ipv4',
  'ipv6-addr': 'ipv6',
  'domain-name': 'domain',
  hostname: 'domain',
  'email-addr': 'email',
  'e-mail': 'email',
  hash: 'file',
  filename: 'file',
  directory: 'path',
  filepath: 'path',
  cve: 'vulnerability',
  technique: 'attack-pattern',
  asn: 'autonomous-system',
  as: 'autonomous-system',
  btc: 'wallet',
  bitcoin: 'wallet',
  ethereum: 'wallet',
  crypto: 'wallet',
  country: 'location',
  city: 'location',
  place: 'location',
};

/** Which indicators an entity of each type may be (a CSV row of type domain is the case's domain indicator when it has one). */
const ENTITY_INDICATORS: Partial<Record<EntityType, readonly IndicatorType[]>> = {
  ipv4: ['ipv4', 'cidr'],
  ipv6: ['ipv6', 'cidr'],
  domain: ['domain'],
  url: ['url'],
  email: ['email'],
  file: ['sha256', 'sha1', 'md5', 'sha512', 'filename'],
  path: ['filepath_windows', 'filepath_unix'],
  vulnerability: ['cve'],
  'attack-pattern': ['attack_technique'],
  'autonomous-system': ['asn'],
  persona: ['social_handle'],
  wallet: ['btc_address', 'eth_address'],
};

/** Words a type column may use for indicators (MISP's attribute types among them). */
const INDICATOR_SYNONYMS: Readonly<Record<string, readonly IndicatorType[]>> = {
  ip: ['ipv4', 'ipv6', 'cidr'],
  'ip-src': ['ipv4', 'ipv6', 'cidr'],
  'ip-dst': ['ipv4', 'ipv6', 'cidr'],
  'ipv4-addr': ['ipv4', 'cidr'],
  'ipv6-addr': ['ipv6', 'cidr'],
  hostname: ['domain'],
  'domain-name': ['domain'],
  link: ['url'],
  uri: ['url'],
  'email-src': ['email'],
  'email-dst': ['email'],
  'email-addr': ['email'],
  'e-mail': ['email'],
  hash: ['sha256', 'sha1', 'md5', 'sha512'],
  'sha-1': ['sha1'],
  'sha-256': ['sha256'],
  'sha-512': ['sha512'],
  vulnerability: ['cve'],
  as: ['asn'],
  technique: ['attack_technique'],
  path: ['filepath_windows', 'filepath_unix'],
  filepath: ['filepath_windows', 'filepath_unix'],
  file: ['filename'],
  handle: ['social_handle'],
  account: ['social_handle'],
  'twitter-id': ['social_handle'],
  btc: ['btc_address'],
  bitcoin: ['btc_address'],
  eth: ['eth_address'],
  ethereum: ['eth_address'],
  wallet: ['btc_address', 'eth_address'],
};

function word(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

export function entityTypeOf(raw: string): EntityType | undefined {
  const w = word(raw);
  if ((ENTITY_TYPES as readonly string[]).includes(w)) return w as EntityType;
  return ENTITY_SYNONYMS[w] ?? ENTITY_SYNONYMS[w.replace(/s$/, '')];
}

export function indicatorTypesOf(raw: string): readonly IndicatorType[] | undefined {
  const w = word(raw);
  const underscored = w.replace(/-/g, '_');
  if ((INDICATOR_TYPES as readonly string[]).includes(underscored)) return [underscored as IndicatorType];
  return INDICATOR_SYNONYMS[w];
}

export interface CsvFile {
  readonly name: string;
  readonly delimiter: ',' | '\t' | ';';
  readonly records: readonly (readonly string[])[];
}

/** Decode (UTF-8 with or without BOM; Latin-1 when it is not UTF-8) and split into records. */
export function readCsvText(bytes: Buffer, path: string): CsvFile {
  const name = basename(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) refuse(`${name} is not a text file (it holds NUL bytes); nothing was imported.`);
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const counts = {
    ',': firstLine.split(',').length,
    '\t': firstLine.split('\t').length,
    ';': firstLine.split(';').length,
  };
  const delimiter = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',') as CsvFile['delimiter'];
  const records = parseDelimitedRecords(text, delimiter).filter((r) => r.some((field) => field.trim() !== ''));
  if (records.length === 0) refuse(`${name} is empty; nothing was imported.`);
  if (records.length - 1 > MAX_OBJECTS) {
    refuse(`${name} has more than ${MAX_OBJECTS.toLocaleString('en')} rows; nothing was imported.`);
  }
  return { name, delimiter, records };
}

const VALUE_HEADER = /^(value|indicator|ioc|observable|name|entity|title)$/i;
const TYPE_HEADER = /^(type|kind|indicator[ _-]?type|ioc[ _-]?type|entity[ _-]?type|attribute[ _-]?type|category)$/i;
const DESCRIPTION_HEADER = /^(description|comment|comments|notes?|context|details?)$/i;
const TAGS_HEADER = /^(tags?|labels?)$/i;

export function previewCsv(file: CsvFile, path: string): CsvImportPreview {
  const headers = [...(file.records[0] ?? [])];
  const rows = file.records.slice(1);
  const find = (re: RegExp) => {
    const i = headers.findIndex((h) => re.test(h.trim()));
    return i === -1 ? null : i;
  };
  const sample = rows.slice(0, 50);
  const indicatorShare = (column: number) =>
    sample.length === 0
      ? 0
      : sample.filter((r) => canonicalIndicator(r[column] ?? '') !== undefined).length / sample.length;
  let value = find(VALUE_HEADER);
  if (value === null) {
    let best = 0;
    headers.forEach((_h, i) => {
      const share = indicatorShare(i);
      if (share > best) {
        best = share;
        value = i;
      }
    });
  }
  const valueColumn: number = value ?? 0;
  const type = find(TYPE_HEADER);
  const description = find(DESCRIPTION_HEADER);
  const tags = find(TAGS_HEADER);
  const typeWords = type === null ? [] : sample.map((r) => r[type] ?? '').filter((w) => w.trim() !== '');
  const entityWords = typeWords.filter(
    (w) => entityTypeOf(w) !== undefined && indicatorTypesOf(w) === undefined,
  ).length;
  const suggestedKind: CsvImportKind =
    entityWords > typeWords.length / 2 || (typeWords.length === 0 && indicatorShare(valueColumn) < 0.5)
      ? 'entities'
      : 'indicators';
  const mapping = (kind: CsvImportKind): CsvColumnMapping => ({
    value: valueColumn,
    type,
    ...(type === null && kind === 'entities' ? { fixedType: 'organisation' } : {}),
    description,
    tags: kind === 'indicators' ? tags : null,
  });
  return {
    path,
    name: file.name,
    delimiter: file.delimiter === '\t' ? 'tab' : file.delimiter === ';' ? 'semicolon' : 'comma',
    headers,
    rows: rows.slice(0, CSV_PREVIEW_ROWS).map((r) => [...r]),
    rowCount: rows.length,
    suggestedKind,
    suggested: { entities: mapping('entities'), indicators: mapping('indicators') },
  };
}

function checkColumn(headers: readonly string[], column: number | null, what: string): void {
  if (column !== null && (column < 0 || column >= headers.length)) {
    refuse(
      `The ${what} column (${String(column + 1)}) is not in the file, which has ${String(headers.length)} columns.`,
    );
  }
}

/** `fileKey` (the file's SHA-256) makes each row's id, so importing the same file again adds nothing. */
export function planCsvImport(
  file: CsvFile,
  kind: CsvImportKind,
  mapping: CsvColumnMapping,
  fileKey: string,
): ImportPlan {
  const headers = file.records[0] ?? [];
  checkColumn(headers, mapping.value, 'value');
  checkColumn(headers, mapping.type, 'type');
  checkColumn(headers, mapping.description, 'description');
  checkColumn(headers, mapping.tags, 'tags');
  if (mapping.type === null && mapping.fixedType === undefined && kind === 'entities') {
    refuse('Choose a type column, or one type for every row.');
  }
  if (mapping.fixedType !== undefined) {
    const known = kind === 'entities' ? entityTypeOf(mapping.fixedType) : indicatorTypesOf(mapping.fixedType);
    if (known === undefined)
      refuse(`"${mapping.fixedType}" is not ${kind === 'entities' ? 'an entity' : 'an indicator'} type.`);
  }
  const plan = new PlanBuilder('csv');
  const rows = file.records.slice(1);
  rows.forEach((row, i) => {
    const line = `row ${String(i + 2)}`;
    const sourceId = `csv:${fileKey.slice(0, 16)}:${String(i + 2)}`;
    const raw = (row[mapping.value] ?? '').trim();
    const typeWord = mapping.type === null ? (mapping.fixedType ?? '') : (row[mapping.type] ?? '').trim();
    const description = mapping.description === null ? '' : (row[mapping.description] ?? '').trim();
    if (raw === '') return plan.skip(line, typeWord, 'no value');
    if (raw.length > MAX_NAME_CHARS)
      return plan.skip(line, typeWord, `a value longer than ${String(MAX_NAME_CHARS)} characters`);
    if (kind === 'entities') {
      const type = entityTypeOf(typeWord);
      if (type === undefined) return plan.skip(line, typeWord, `"${typeWord}" is not an entity type`);
      if (type === 'exhibit') return plan.skip(line, typeWord, 'exhibits come from imports, not from a table');
      const indicator = ENTITY_INDICATORS[type] ? canonicalIndicator(raw, ENTITY_INDICATORS[type]) : undefined;
      if (indicator) plan.indicatorEntity(sourceId, indicator, description);
      else plan.entity(sourceId, { key: `${type}:${raw.toLowerCase()}`, type, name: raw, description });
      return;
    }
    const types = typeWord === '' ? [] : indicatorTypesOf(typeWord);
    if (types === undefined) return plan.skip(line, typeWord, `"${typeWord}" is not an indicator type`);
    const indicator = canonicalIndicator(raw, types);
    if (!indicator) {
      return plan.skip(
        line,
        typeWord,
        types.length === 0
          ? `"${raw.slice(0, 80)}" is not an indicator Locard recognises`
          : `"${raw.slice(0, 80)}" is not ${types.join(' or ')}`,
      );
    }
    const tags =
      mapping.tags === null
        ? []
        : (row[mapping.tags] ?? '')
            .split(/[;|]/)
            .map((t) => t.trim())
            .filter((t) => t !== '' && t.length <= 100);
    const key = plan.indicatorEntity(sourceId, indicator, description);
    if (tags.length > 0) plan.addTags(key, tags);
  });
  return plan.build(file.name, rows.length);
}
