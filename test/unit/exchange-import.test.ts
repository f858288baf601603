/**
 * Exchange in (main/core/exchange.ts, main/exchange/read-stix.ts, store.ts): a partner's STIX bundle
 * becomes entities and relationships citing the exhibit that keeps it; hostile and malformed files
 * fail alone, with a reason that names the object, and leave the case exactly as it was.
 */
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeImportResult } from '../../shared/exchange.js';
import type { CaseGraph } from '../../shared/graph.js';
import type { LocardService } from '../../main/core/service.js';
import { importPaths } from '../../main/intake/import.js';
import { MAX_EXCHANGE_FILE_BYTES } from '../../main/exchange/plan.js';
import {
  caseCounts,
  MARKING,
  partnerBundle,
  PRODUCER,
  serviceWithCase,
  textParsers,
  unwrap,
  writeTemp,
} from './exchange-fixtures.js';

let svc: LocardService;
beforeEach(async () => {
  svc = await serviceWithCase();
});
afterEach(async () => {
  await svc.dispatch('closeCase', {});
});

const db = () => svc.session.current().db;
const common = {
  spec_version: '2.1',
  created_by_ref: PRODUCER,
  created: '2024-03-01T10:00:00.000Z',
  modified: '2024-03-01T10:00:00.000Z',
  object_marking_refs: [MARKING],
};

describe('importing a partner STIX bundle', () => {
  it('turns objects into entities and relationships that cite the bundle exhibit', async () => {
    const path = writeTemp('acme.json', JSON.stringify(partnerBundle()));
    const result = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path }));
    expect(result).toMatchObject({
      format: 'stix',
      exhibit: 'E-0001',
      source: 'ACME CERT',
      objects: 4,
      skippedCount: 0,
    });
    const graph = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    const actor = graph.entities.find((e) => e.name === 'Cotton Sandstorm');
    expect(actor).toMatchObject({
      type: 'threat-actor',
      origin: 'imported',
      description: 'Also known as Emennet Pasargad.',
      importedFrom: {
        source: 'ACME CERT',
        id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        exhibit: 'E-0001',
      },
    });
    // The pattern's values are the case's indicators (found in the bundle's own text), canonical form.
    const ip = graph.entities.find((e) => e.name === '198.51.100.23');
    const domain = graph.entities.find((e) => e.name === 'update-check.example.net');
    expect(ip?.origin).toBe('indicator');
    expect(domain?.origin).toBe('indicator');
    // "indicates" has no Locard word: related-to, with the source's word in the note.
    const links = graph.relationships.filter((r) => r.target === actor?.id);
    expect(links.map((r) => [r.type, r.source, r.confidence, r.citedExhibits]).sort()).toEqual(
      [
        ['related-to', domain?.id, 70, ['E-0001']],
        ['related-to', ip?.id, 70, ['E-0001']],
      ].sort(),
    );
    expect(links[0]?.note).toMatch(
      /^Imported from acme\.json \(ACME CERT, relationship--44298a74.*"indicates" in the source/,
    );
  });

  it('skips and lists what it has no entity for, and imports the rest', async () => {
    const path = writeTemp(
      'mixed.json',
      JSON.stringify(
        partnerBundle([
          {
            ...common,
            type: 'x-acme-widget',
            id: 'x-acme-widget--0d0c0b0a-0908-4706-8504-030201000f0e',
            name: 'widget',
          },
          {
            ...common,
            type: 'note',
            id: 'note--0d0c0b0a-0908-4706-8504-030201000f0e',
            content: 'hi',
            object_refs: [PRODUCER],
          },
          { type: 'mutex', spec_version: '2.1', id: 'mutex--0d0c0b0a-0908-4706-8504-030201000f0e', name: 'Global\\x' },
          {
            ...common,
            type: 'indicator',
            id: 'indicator--0d0c0b0a-0908-4706-8504-030201000f0e',
            pattern: 'title:sigma',
            pattern_type: 'sigma',
            valid_from: common.created,
          },
          {
            ...common,
            type: 'relationship',
            id: 'relationship--0d0c0b0a-0908-4706-8504-030201000f0e',
            relationship_type: 'uses',
            source_ref: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
            target_ref: 'tool--0d0c0b0a-0908-4706-8504-030201000f0e',
          },
        ]),
      ),
    );
    const result = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path }));
    expect(result.skipped.map((s) => [s.type, s.reason])).toEqual([
      ['x-acme-widget', 'Locard has no entity for STIX type x-acme-widget'],
      ['note', 'Locard has no entity for STIX type note'],
      ['mutex', 'Locard has no entity for STIX type mutex'],
      ['indicator', 'a sigma pattern (Locard reads STIX patterns)'],
      [
        'relationship',
        'refers to tool--0d0c0b0a-0908-4706-8504-030201000f0e, which is neither in the file nor in the case',
      ],
    ]);
    expect(result.entitiesCreated).toBe(1);
  });

  it('adds nothing the second time, and the custody log says what each import did', async () => {
    const path = writeTemp('acme.json', JSON.stringify(partnerBundle()));
    unwrap(await svc.dispatch('importExchangeFile', { path }));
    const before = caseCounts(db());
    const again = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path }));
    expect(again).toMatchObject({
      duplicateFile: true,
      entitiesCreated: 0,
      relationshipsCreated: 0,
      alreadyImported: 4,
    });
    const after = caseCounts(db());
    expect({ ...after, custody_log: before.custody_log }).toEqual(before);
    // The same objects in a re-dated copy of the bundle (different bytes) are not duplicated either.
    const copy = writeTemp('acme-copy.json', `${JSON.stringify(partnerBundle())}\n`);
    const third = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path: copy }));
    expect(third).toMatchObject({ exhibit: 'E-0002', entitiesCreated: 0, relationshipsCreated: 0, alreadyImported: 4 });
  });
});

describe('hostile and malformed files fail alone and change nothing', () => {
  const bundleWith = (objects: unknown) =>
    JSON.stringify({ type: 'bundle', id: 'bundle--6b1a4c55-7a0f-4d2b-8f3e-2c9d1e0f4a5b', objects });
  const actor = {
    ...common,
    type: 'threat-actor',
    id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    name: 'X',
  };
  const relationship = (id: string, source: string, target: string) => ({
    ...common,
    type: 'relationship',
    id,
    relationship_type: 'related-to',
    source_ref: source,
    target_ref: target,
  });
  const r1 = 'relationship--11111111-1111-4111-8111-111111111111';
  const r2 = 'relationship--22222222-2222-4222-8222-222222222222';

  const cases: [string, () => string | Buffer, RegExp][] = [
    ['bad JSON', () => '{"type": "bundle", "objects": [', /is not valid JSON/],
    ['not UTF-8', () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8 text/],
    [
      'JSON that is neither STIX nor MISP',
      () => '{"hello": "world"}',
      /neither a STIX 2\.1 bundle .* nor a MISP event/,
    ],
    ['a JSON list', () => '[1, 2, 3]', /JSON but not an object/],
    ['a single STIX object', () => JSON.stringify(actor), /a single STIX object \(threat-actor\), not a bundle/],
    [
      'a 50 MB string',
      () => bundleWith([{ ...actor, description: 'A'.repeat(50 * 1024 * 1024) }]),
      /objects\[0\]\.description is 52,428,800 characters long/,
    ],
    [
      'objects that is not a list',
      () =>
        JSON.stringify({ type: 'bundle', id: 'bundle--6b1a4c55-7a0f-4d2b-8f3e-2c9d1e0f4a5b', objects: 'all of them' }),
      /"objects" is not a list/,
    ],
    ['an object that is not an object', () => bundleWith([actor, 42]), /objects\[1\] is not an object/],
    [
      'a name of the wrong type',
      () => bundleWith([{ ...actor, name: 42 }]),
      /objects\[0\] \(threat-actor--8e2e2d2b.*\) has name that is not a string/,
    ],
    [
      'a type that is not a STIX type name',
      () => bundleWith([{ ...actor, type: '<script>' }]),
      /has type "<script>", which is not a STIX type name/,
    ],
    [
      'an id that does not match its type',
      () => bundleWith([{ ...actor, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }]),
      /is not "threat-actor--" and a UUID/,
    ],
    [
      'a confidence out of range',
      () => bundleWith([actor, { ...relationship(r1, actor.id, actor.id), confidence: 'high' }]),
      /confidence that is not a whole number/,
    ],
    [
      'cyclic references between relationships',
      () => bundleWith([actor, relationship(r1, r2, actor.id), relationship(r2, r1, actor.id)]),
      /source_ref relationship--.*: a relationship connects objects, not a relationship/,
    ],
    [
      'a pattern that does not parse',
      () =>
        bundleWith([
          {
            ...common,
            type: 'indicator',
            id: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
            pattern: "[ipv4-addr:value = '1.2.3.4'",
            pattern_type: 'stix',
            valid_from: common.created,
          },
        ]),
      /has a pattern that does not parse: Unexpected end of the pattern: expected \] \(column 29\)/,
    ],
    ['STIX 2.0', () => bundleWith([{ ...actor, spec_version: '2.0' }]), /is STIX 2\.0; Locard reads STIX 2\.1/],
    [
      'nesting 100,000 levels deep',
      () => `{"type":"bundle","objects":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      /nests deeper than 32 levels|not valid JSON/,
    ],
    [
      'a MISP attribute of the wrong type',
      () => JSON.stringify({ Event: { info: 'x', Attribute: [{ type: 'ip-dst', value: 7 }] } }),
      /Event\.Attribute\[0\] has a value that is not a string/,
    ],
  ];

  for (const [what, content, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = caseCounts(db());
      const path = writeTemp('hostile.json', content());
      const result = await svc.dispatch('importExchangeFile', { path });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid-argument');
      expect(result.error.message).toMatch(message);
      expect(result.error.message).toMatch(/nothing was imported/i);
      expect(caseCounts(db())).toEqual(before);
      // It failed alone: the next, valid file imports.
      const ok = unwrap<ExchangeImportResult>(
        await svc.dispatch('importExchangeFile', { path: writeTemp('good.json', JSON.stringify(partnerBundle())) }),
      );
      expect(ok.entitiesCreated).toBe(1);
    });
  }

  it('refuses a file over the size limit before reading it', async () => {
    const path = writeTemp('huge.json', '');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, MAX_EXCHANGE_FILE_BYTES + 1);
    closeSync(fd);
    const before = caseCounts(db());
    const result = await svc.dispatch('importExchangeFile', { path });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/exchange files up to 64 MiB/) as string },
    });
    expect(caseCounts(db())).toEqual(before);
  });

  it('rolls the exhibit back when writing the entities fails inside the file transaction', async () => {
    const before = caseCounts(db());
    const path = writeTemp('acme.json', JSON.stringify(partnerBundle()));
    const report = await importPaths(db(), [path], {
      analyst: 'test-analyst',
      parsers: textParsers,
      beforeCommit: () => {
        throw new Error('disk full');
      },
    });
    expect(report.files).toEqual([{ path, status: 'failed', error: 'disk full' }]);
    expect(caseCounts(db())).toEqual(before);
  });
});
