/**
 * Issue 7, acceptance 1: the STIX export of the corpus case validates against the OASIS STIX 2.1 JSON
 * schemas (vendored under test/fixtures/stix2-json-schemas with their licence), every indicator
 * pattern parses, and importing the bundle into a new case reproduces the same entities and
 * relationships.
 *
 * "The same", precisely: for every entity the bundle carries (every entity of the case but indicators
 * marked benign or false positive), the new case has an entity of the same (type, name) — an exhibit,
 * whose bytes the bundle does not carry, arrives as a file of the exhibit's original name; and for
 * every relationship between two exported entities, the new case has a relationship of the same
 * (type, source name, target name). Nothing is invented: every entity the import created is one of
 * those. The analyst's own assertions (threat actor, campaign, organisation, location, …) are added to
 * the corpus case first so every STIX object kind is exercised. Needs `node scripts/build.mjs` first
 * (the parse worker).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeImportResult } from '../../shared/exchange.js';
import type { CaseGraph, GraphEntity } from '../../shared/graph.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { importEnrichmentCsv, updateIndicators } from '../../main/core/indicators.js';
import { LocardService } from '../../main/core/service.js';
import { exportExchange, type ExchangeContext } from '../../main/exchange/index.js';
import { parseStixPattern } from '../../main/exchange/stix-pattern.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeParserWorkers } from '../../main/intake/run-parser.js';
import { closeCase, type OpenCase } from '../../main/locker/case-file.js';
import { listCustody, verifyCustody } from '../../main/locker/custody.js';
import { createEntity, createRelationship, mergeEntities, readGraph } from '../../main/locker/graph.js';
import { listIndicators } from '../../main/locker/indicators.js';
import { newCase } from '../helpers/case.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { stixValidator } from './exchange-schemas.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const DOCUMENTATION_RANGES = join(ROOT, 'test', 'fixtures', 'enrichment', 'documentation-ranges.csv');
const PASSPHRASE = 'correct horse battery';
const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';

type Bundle = { type: string; id: string; objects: Record<string, unknown>[] };

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

let open: OpenCase;
let context: ExchangeContext;
let graph: CaseGraph;
let bundle: Bundle;
let dismissed: string[];

beforeAll(async () => {
  const created = newCase('Operation Sunshine');
  open = created.open;
  const folders = ['emails', 'reports', 'social', 'web', 'images', 'archives', 'video'].map((d) => join(CORPUS, d));
  const report = await importPaths(open.db, folders, { analyst: 'test-analyst', parsers: productParsers });
  expect(report.failed).toBe(0);
  importEnrichmentCsv(open, 'test-analyst', DOCUMENTATION_RANGES);

  // The analyst's side of the case: one entity of each kind the STIX export writes as a domain object.
  const analyst = 'test-analyst';
  const actor = createEntity(open.db, analyst, {
    type: 'threat-actor',
    name: 'Cotton Sandstorm',
    description: 'IRGC-linked operator.',
  });
  const alias = createEntity(open.db, analyst, { type: 'threat-actor', name: 'Emennet Pasargad' });
  mergeEntities(open.db, analyst, { target: actor.id, members: [alias.id], source: 'public attribution, 2021' });
  const set = createEntity(open.db, analyst, { type: 'intrusion-set', name: 'Neptunium' });
  const campaign = createEntity(open.db, analyst, {
    type: 'campaign',
    name: 'Proud Boys e-mail threats, October 2020',
  });
  const group = createEntity(open.db, analyst, { type: 'organisation', name: 'Proud Boys' });
  const person = createEntity(open.db, analyst, { type: 'person', name: 'Ben Harlow' });
  const location = createEntity(open.db, analyst, { type: 'location', name: 'Iran' });
  const infrastructure = createEntity(open.db, analyst, { type: 'infrastructure', name: 'Worldstream VPS' });
  const tool = createEntity(open.db, analyst, { type: 'tool', name: 'sqlmap' });
  const malware = createEntity(open.db, analyst, { type: 'malware', name: 'voter-roll dumper' });
  const persona = createEntity(open.db, analyst, { type: 'persona', name: 'Sunshine voter (sock puppet)' });
  const event = createEntity(open.db, analyst, { type: 'event', name: 'Threat e-mails sent' });
  const wallet = createEntity(open.db, analyst, { type: 'wallet', name: 'bc1qexampleexampleexampleexampleexample0' });
  graph = readGraph(open.db);
  const byName = (name: string): GraphEntity => {
    const found = graph.entities.find((e) => e.name === name);
    if (!found) throw new Error(`no entity ${name}`);
    return found;
  };
  const sender = byName('info@officialproudboys-mail.example');
  const ip = byName('203.0.113.77');
  const rel = (
    type: Parameters<typeof createRelationship>[2]['type'],
    source: string,
    target: string,
    confidence: number,
  ) =>
    createRelationship(open.db, analyst, {
      type,
      source,
      target,
      confidence,
      citedExhibits: [1],
      note: 'from the notes',
    });
  rel('impersonates', sender.id, group.id, 90);
  rel('attributed-to', campaign.id, actor.id, 75);
  rel('attributed-to', set.id, actor.id, 60);
  rel('located-at', actor.id, location.id, 80);
  rel('uses', actor.id, tool.id, 70);
  rel('uses', actor.id, malware.id, 55);
  rel('uses', actor.id, infrastructure.id, 65);
  rel('hosted-on', infrastructure.id, ip.id, 85);
  rel('targets', campaign.id, person.id, 50);
  rel('alias-of', persona.id, byName('@SunshineVoter1776').id, 45);
  rel('related-to', event.id, campaign.id, 95);
  rel('related-to', wallet.id, actor.id, 20);

  // Verdicts: these two must stay out of the export.
  const indicators = listIndicators(open.db);
  const benign = indicators.find((i) => i.type === 'domain' && i.value !== 'officialproudboys-mail.example');
  const falsePositive = indicators.find((i) => i.type === 'url');
  if (!benign || !falsePositive) throw new Error('corpus indicators missing');
  updateIndicators(open, analyst, { ids: [benign.id], status: 'benign' });
  updateIndicators(open, analyst, { ids: [falsePositive.id], status: 'false_positive' });
  dismissed = [benign.value, falsePositive.value];

  graph = readGraph(open.db);
  context = {
    caseId: 'case-0001',
    caseTitle: 'Operation Sunshine',
    analyst,
    tlp: 'AMBER',
    now: Date.UTC(2026, 0, 5, 12),
  };
  bundle = JSON.parse(exportExchange(open.db, 'stix', context).text) as Bundle;
}, 240_000);

afterAll(async () => {
  await closeParserWorkers();
  closeCase(open);
});

describe('STIX 2.1 export of the corpus case', () => {
  it('validates every object against the OASIS STIX 2.1 JSON schemas', () => {
    const validator = stixValidator();
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    const failures: string[] = [];
    for (const object of bundle.objects) {
      const errors = validator.validate(object);
      if (errors.length > 0) failures.push(`${String(object.id)}: ${errors.join('; ')}`);
    }
    expect(failures).toEqual([]);
    // The validator does refuse what is wrong: a pattern-less indicator, an address that is not one.
    const indicator = bundle.objects.find((o) => o.type === 'indicator') ?? {};
    expect(validator.validate({ ...indicator, pattern: undefined })).not.toEqual([]);
    const address = bundle.objects.find((o) => o.type === 'ipv4-addr') ?? {};
    expect(validator.validate({ ...address, value: '203.0.113.777' })).not.toEqual([]);
    // Every kind the issue names is there, and each has a schema of its own (not only the core's).
    const types = new Set(bundle.objects.map((o) => String(o.type)));
    for (const type of [
      'identity',
      'threat-actor',
      'intrusion-set',
      'campaign',
      'infrastructure',
      'location',
      'tool',
      'malware',
      'indicator',
      'relationship',
      'report',
      'marking-definition',
      'ipv4-addr',
      'domain-name',
      'url',
      'email-addr',
      'file',
      'directory',
      'autonomous-system',
      'user-account',
      'observed-data',
    ]) {
      expect(types, type).toContain(type);
      expect(validator.types, type).toContain(type);
    }
  });

  it('parses every indicator pattern with the STIX pattern grammar', () => {
    const indicators = bundle.objects.filter((o) => o.type === 'indicator');
    expect(indicators.length).toBeGreaterThan(50);
    for (const indicator of indicators) {
      const parsed = parseStixPattern(String(indicator.pattern));
      expect(parsed.ok, `${String(indicator.pattern)}: ${parsed.ok ? '' : parsed.error.message}`).toBe(true);
    }
    const patterns = indicators.map((i) => String(i.pattern));
    expect(patterns).toContain("[ipv4-addr:value = '203.0.113.77']");
    expect(patterns).toContain("[email-addr:value = 'info@officialproudboys-mail.example']");
    expect(
      patterns.some((p) => p.startsWith("[file:name = 'fl_voters_2020.csv' AND file:parent_directory_ref.path = ")),
    ).toBe(true);
  });

  it('marks every object TLP:AMBER with the official TLP 2.0 marking definition', () => {
    const marking = bundle.objects.find((o) => o.type === 'marking-definition');
    expect(marking).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: TLP_AMBER,
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:AMBER',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
          extension_type: 'property-extension',
          tlp_2_0: 'amber',
        },
      },
    });
    for (const object of bundle.objects.filter((o) => o.type !== 'marking-definition')) {
      expect(object.object_marking_refs, String(object.id)).toEqual([TLP_AMBER]);
    }
  });

  it('has a report that refers to every other object, and a producer identity that created them', () => {
    const report = bundle.objects.find((o) => o.type === 'report');
    const identity = bundle.objects.find((o) => o.type === 'identity' && o.name === 'test-analyst');
    if (!report || !identity) throw new Error('no report or identity');
    const others = bundle.objects.filter((o) => o !== report && o.type !== 'marking-definition').map((o) => o.id);
    expect(new Set(report.object_refs as string[])).toEqual(new Set(others));
    for (const object of bundle.objects.filter(
      (o) => 'created' in o && o !== identity && o.type !== 'marking-definition',
    )) {
      expect(object.created_by_ref, String(object.id)).toBe(identity.id);
    }
  });

  it('leaves out indicators marked benign or false positive', () => {
    const text = JSON.stringify(bundle);
    for (const value of dismissed) expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
  });

  it('gives the same ids when exported again later', () => {
    const again = JSON.parse(
      exportExchange(open.db, 'stix', { ...context, now: context.now + 86_400_000 }).text,
    ) as Bundle;
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
    expect(again.id).not.toBe(bundle.id);
  });
});

describe('importing the bundle into a new case', () => {
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: () => undefined },
    new ConfigStore(tempDir()),
  );
  const bundlePath = join(tempDir(), 'operation-sunshine.stix.json');
  let first: ExchangeImportResult;
  let second: ExchangeImportResult;
  let imported: CaseGraph;

  /** What "the same" compares: (type, name) of an entity; an exhibit arrives as the file it is. */
  const entityKey = (e: GraphEntity): string => {
    if (e.type === 'exhibit') return `file\u0000${e.name.replace(/^E-\d{4} /, '')}`;
    return `${e.type}\u0000${e.name}`;
  };

  beforeAll(async () => {
    writeFileSync(bundlePath, JSON.stringify(bundle));
    unwrap(
      await svc.dispatch('createCase', {
        path: join(tempDir(), 'partner.locard'),
        passphrase: PASSPHRASE,
        title: 'Partner case',
      }),
    );
    first = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path: bundlePath }));
    imported = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    second = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path: bundlePath }));
  }, 120_000);

  afterAll(async () => {
    await svc.dispatch('closeCase', {});
  });

  it('reproduces the same entities', () => {
    const exportedIds = new Set(
      graph.entities.filter((e) => e.status === undefined || e.status === 'open').map((e) => e.id),
    );
    const expected = new Set(graph.entities.filter((e) => exportedIds.has(e.id)).map(entityKey));
    const have = new Set(imported.entities.map(entityKey));
    const missing = [...expected].filter((k) => !have.has(k));
    expect(missing).toEqual([]);
    expect(expected.size).toBeGreaterThan(120);
    // Nothing invented: every entity the import created is one the bundle carried.
    const invented = imported.entities.filter((e) => e.origin === 'imported' && !expected.has(entityKey(e)));
    expect(invented.map(entityKey)).toEqual([]);
    expect(imported.entities.find((e) => e.name === 'Cotton Sandstorm')).toMatchObject({
      type: 'threat-actor',
      origin: 'imported',
      importedFrom: { source: 'test-analyst', exhibit: 'E-0001' },
    });
  });

  it('reproduces the same relationships', () => {
    const names = (g: CaseGraph) => new Map(g.entities.map((e) => [e.id, entityKey(e)]));
    const before = names(graph);
    const after = names(imported);
    const exported = graph.relationships.filter((r) => {
      const source = graph.entities.find((e) => e.id === r.source);
      const target = graph.entities.find((e) => e.id === r.target);
      return source && target && (source.status ?? 'open') === 'open' && (target.status ?? 'open') === 'open';
    });
    const expected = new Set(
      exported.map((r) => `${r.type}|${String(before.get(r.source))}|${String(before.get(r.target))}`),
    );
    const have = new Set(
      imported.relationships.map((r) => `${r.type}|${String(after.get(r.source))}|${String(after.get(r.target))}`),
    );
    expect([...expected].filter((k) => !have.has(k))).toEqual([]);
    expect(expected.size).toBeGreaterThan(250);
    const asserted = imported.relationships.filter((r) => r.origin === 'asserted');
    expect(asserted.length).toBeGreaterThan(0);
    for (const r of asserted) expect(r.citedExhibits).toEqual(['E-0001']);
    const impersonates = imported.relationships.find((r) => r.type === 'impersonates');
    expect(impersonates).toMatchObject({ confidence: 90 });
  });

  it('keeps the bundle as exhibit E-0001 and logs the import in custody', async () => {
    expect(first).toMatchObject({
      format: 'stix',
      exhibit: 'E-0001',
      duplicateFile: false,
      source: 'test-analyst',
      skippedCount: 0,
    });
    expect(first.entitiesCreated).toBeGreaterThan(0);
    expect(first.relationshipsCreated).toBeGreaterThan(0);
    const custody = unwrap<{ entries: { action: string; objectIds: string[]; details: Record<string, unknown> }[] }>(
      await svc.dispatch('listCustody', {}),
    );
    const entries = custody.entries.filter((e) => e.action === 'exchange.imported');
    expect(entries).toHaveLength(2);
    expect(entries[1]?.objectIds[0]).toBe('E-0001');
    expect(entries[1]?.details).toMatchObject({ format: 'stix', entitiesCreated: first.entitiesCreated });
    expect(unwrap<{ ok: boolean }>(await svc.dispatch('verifyCustody', {})).ok).toBe(true);
  });

  it('adds nothing when the same bundle is imported again', async () => {
    expect(second).toMatchObject({
      duplicateFile: true,
      exhibit: 'E-0001',
      entitiesCreated: 0,
      relationshipsCreated: 0,
    });
    expect(second.alreadyImported).toBeGreaterThan(0);
    const again = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    expect(again.entities.length).toBe(imported.entities.length);
    expect(again.relationships.length).toBe(imported.relationships.length);
  });

  it('the corpus case itself is untouched by exporting (custody still verifies)', () => {
    expect(verifyCustody(open.db).ok).toBe(true);
    expect(listCustody(open.db, 0, 5).some((e) => e.action === 'exchange.imported')).toBe(false);
  });
});
