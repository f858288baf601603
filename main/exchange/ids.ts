/**
 * Deterministic identifiers. STIX 2.1 §2.9: a cyber-observable's id is a UUIDv5 in the SCO namespace
 * over the JSON canonicalisation (RFC 8785) of its id-contributing properties, so the same address or
 * file hash has the same id in every tool. Other objects get a UUIDv5 in Locard's namespace over the
 * case id and the object's key, so exporting a case twice gives the same ids.
 */
import { createHash } from 'node:crypto';

/** STIX 2.1 §2.9: the namespace for deterministic cyber-observable ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Locard's own namespace for the ids of domain objects, relationships, reports and MISP UUIDs. */
export const LOCARD_NAMESPACE = 'b7f4a3d2-5c61-4e0a-9f3b-2d8e6c1a4f90';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 §4.3 name-based UUID, SHA-1 (version 5). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 8785 JSON canonicalisation for the plain values STIX properties hold (strings, numbers, booleans, arrays, objects). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** STIX 2.1 §6: the id-contributing properties of each observable type Locard writes. */
const ID_CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'autonomous-system': ['number'],
  directory: ['path'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'user-account': ['account_type', 'user_id', 'account_login'],
};

/** §2.9: of a hashes dictionary only one hash contributes, in this order of preference. */
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * The id of a cyber-observable from its properties; `fallbackKey` names it when none of its
 * id-contributing properties is present (a user account known only by its display name).
 */
export function scoId(type: string, properties: Readonly<Record<string, unknown>>, fallbackKey: string): string {
  const contributing: Record<string, unknown> = {};
  for (const key of ID_CONTRIBUTING[type] ?? ['value']) {
    const value = properties[key];
    if (value === undefined) continue;
    if (key === 'hashes' && value !== null && typeof value === 'object') {
      const hashes = value as Record<string, unknown>;
      const chosen = HASH_PREFERENCE.find((name) => hashes[name] !== undefined) ?? Object.keys(hashes).sort()[0];
      if (chosen !== undefined) contributing.hashes = { [chosen]: hashes[chosen] };
    } else contributing[key] = value;
  }
  if (Object.keys(contributing).length === 0) return `${type}--${uuidV5(fallbackKey, LOCARD_NAMESPACE)}`;
  return `${type}--${uuidV5(canonicalJson(contributing), STIX_SCO_NAMESPACE)}`;
}

/** The id of a domain object, relationship or report: stable per case and key. */
export function caseObjectId(type: string, caseId: string, key: string): string {
  return `${type}--${uuidV5(`${caseId}\u0000${key}`, LOCARD_NAMESPACE)}`;
}
