/** Shared by the exchange unit tests: in-process parsers (no worker), a service on a new case, and a case's row counts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportProgress } from '../../shared/evidence.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import type { IntakeParsers } from '../../main/intake/import.js';
import { parseDelimited, parseJson, parseText } from '../../main/intake/parsers/text.js';
import type { ReadDb } from '../../main/locker/driver.js';
import { tempDir } from '../helpers/cli.js';

/** The product's text, JSON and CSV parsers, run in this thread. */
export const textParsers: IntakeParsers = {
  detect: (_path, name) =>
    Promise.resolve(
      name.endsWith('.csv')
        ? { kind: 'csv', mime: 'text/csv', extensionMismatch: false }
        : name.endsWith('.json')
          ? { kind: 'json', mime: 'application/json', extensionMismatch: false }
          : { kind: 'text', mime: 'text/plain', extensionMismatch: false },
    ),
  parse: (input) =>
    input.kind === 'csv' ? parseDelimited(input) : input.kind === 'json' ? parseJson(input) : parseText(input),
};

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
export function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

const importsDone = new WeakMap<LocardService, (() => void)[]>();

export async function serviceWithCase(title = 'Exchange test'): Promise<LocardService> {
  const waiting: (() => void)[] = [];
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: (event, payload) => {
        if (event === 'importProgress' && (payload as ImportProgress).done) waiting.splice(0).forEach((done) => done());
      },
    },
    new ConfigStore(tempDir()),
    textParsers,
  );
  importsDone.set(svc, waiting);
  unwrap(
    await svc.dispatch('createCase', {
      path: join(tempDir(), 'case.locard'),
      passphrase: 'correct horse battery',
      title,
    }),
  );
  return svc;
}

export function writeTemp(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Rows per table an import may touch: equal before and after means nothing changed. */
export function caseCounts(db: ReadDb): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of [
    'exhibits',
    'blobs',
    'indicators',
    'indicator_occurrences',
    'indicator_occurrence_runs',
    'indicator_tags',
    'graph_entities',
    'graph_relationships',
    'exchange_objects',
    'custody_log',
  ]) {
    out[table] = db.get<{ n: number }>([`SELECT count(*) AS n FROM ${table}`, []])?.n ?? -1;
  }
  return out;
}

export const PRODUCER = 'identity--3b2c1e0a-6f9d-4a8b-9c7d-5e4f3a2b1c0d';
export const MARKING = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

/** A small, valid STIX 2.1 bundle from a partner team. */
export function partnerBundle(extra: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  const common = {
    spec_version: '2.1',
    created_by_ref: PRODUCER,
    created: '2024-03-01T10:00:00.000Z',
    modified: '2024-03-01T10:00:00.000Z',
    object_marking_refs: [MARKING],
  };
  return {
    type: 'bundle',
    id: 'bundle--6b1a4c55-7a0f-4d2b-8f3e-2c9d1e0f4a5b',
    objects: [
      {
        type: 'identity',
        id: PRODUCER,
        spec_version: '2.1',
        created: common.created,
        modified: common.modified,
        name: 'ACME CERT',
        identity_class: 'organization',
      },
      {
        ...common,
        type: 'threat-actor',
        id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        name: 'Cotton Sandstorm',
        aliases: ['Emennet Pasargad'],
      },
      {
        ...common,
        type: 'indicator',
        id: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
        name: 'C2',
        pattern: "[ipv4-addr:value = '198.51.100.23' OR domain-name:value = 'Update-Check.Example.NET']",
        pattern_type: 'stix',
        valid_from: common.created,
      },
      {
        ...common,
        type: 'relationship',
        id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
        relationship_type: 'indicates',
        source_ref: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
        target_ref: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        confidence: 70,
      },
      ...extra,
    ],
  };
}

/** Import evidence files through the service and wait for the job's end (its progress event). */
export async function importEvidence(svc: LocardService, paths: readonly string[]): Promise<void> {
  const done = new Promise<void>((resolve) => importsDone.get(svc)?.push(resolve));
  unwrap(await svc.dispatch('importEvidence', { paths }));
  await done;
}
