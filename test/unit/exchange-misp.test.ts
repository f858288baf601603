/** MISP out (main/exchange/misp.ts) and in (read-misp.ts): the event's shape, attribute types, to_ids, TLP, and an event imported back. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeImportResult } from '../../shared/exchange.js';
import type { CaseGraph, GraphEntity } from '../../shared/graph.js';
import type { IndicatorSummary } from '../../shared/indicator-types.js';
import type { LocardService } from '../../main/core/service.js';
import { exportExchange, type ExchangeContext } from '../../main/exchange/index.js';
import type { MispEvent } from '../../main/exchange/misp.js';
import { importEvidence, serviceWithCase, unwrap, writeTemp } from './exchange-fixtures.js';

const NOTES = [
  'Threat mail from info@officialproudboys-mail.example, sent through 203.0.113.77 and 8.8.4.4 (resolver) and 185.220.101.4.',
  'Payload hxxp://voter-update[.]net/portal/login.php, dropped C:\\Users\\operator\\Desktop\\dump.csv.',
  'SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 and CVE-2021-44228.',
  'Decoy domain www.google.com is benign.',
].join('\n');

let svc: LocardService;
let context: ExchangeContext;
beforeEach(async () => {
  svc = await serviceWithCase('MISP case');
  await importEvidence(svc, [writeTemp('notes.txt', NOTES)]);
  context = {
    caseId: 'case-misp',
    caseTitle: 'MISP case',
    analyst: 'test-analyst',
    tlp: 'GREEN',
    now: Date.UTC(2026, 0, 5),
  };
});
afterEach(async () => {
  await svc.dispatch('closeCase', {});
});

const indicators = async () => unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', {}));
const misp = () => JSON.parse(exportExchange(svc.session.current().db, 'misp', context).text) as MispEvent;

describe('MISP event export', () => {
  it('has the event, its TLP tag and distribution, and deterministic UUIDs', () => {
    const event = misp().Event;
    expect(event).toMatchObject({
      info: 'MISP case',
      date: '2026-01-05',
      published: false,
      distribution: '1',
      Tag: [{ name: 'tlp:green' }],
      Orgc: { name: 'test-analyst' },
    });
    expect(event.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(misp().Event.Attribute.map((a) => a.uuid)).toEqual(event.Attribute.map((a) => a.uuid));
    expect(new Set(event.Attribute.map((a) => a.uuid)).size).toBe(event.Attribute.length);
  });

  it('writes each indicator type as its MISP attribute type, with to_ids only where a rule makes sense', () => {
    const attributes = new Map(misp().Event.Attribute.map((a) => [a.value, a]));
    const expectAttribute = (value: string, type: string, category: string, toIds: boolean) => {
      expect(attributes.get(value), value).toMatchObject({ type, category, to_ids: toIds });
    };
    expectAttribute('info@officialproudboys-mail.example', 'email-src', 'Payload delivery', true);
    expectAttribute('185.220.101.4', 'ip-dst', 'Network activity', true);
    // Documentation range and public resolver: no IDS rule.
    expectAttribute('203.0.113.77', 'ip-dst', 'Network activity', false);
    expectAttribute('8.8.4.4', 'ip-dst', 'Network activity', false);
    expectAttribute('http://voter-update.net/portal/login.php', 'url', 'Network activity', true);
    expectAttribute('voter-update.net', 'domain', 'Network activity', true);
    expectAttribute(
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'sha256',
      'Payload delivery',
      true,
    );
    expectAttribute('CVE-2021-44228', 'vulnerability', 'External analysis', false);
    expectAttribute('C:\\Users\\operator\\Desktop\\dump.csv', 'filename', 'Artifacts dropped', false);
  });

  it('leaves out benign and false-positive indicators and adds the threat actors', async () => {
    const google = (await indicators()).find((i) => i.value === 'www.google.com');
    if (!google) throw new Error('no www.google.com indicator');
    unwrap(await svc.dispatch('updateIndicators', { ids: [google.id], status: 'benign' }));
    unwrap(await svc.dispatch('createEntity', { type: 'threat-actor', name: 'Cotton Sandstorm' }));
    const attributes = misp().Event.Attribute;
    expect(attributes.some((a) => a.value === 'www.google.com')).toBe(false);
    expect(attributes.find((a) => a.value === 'Cotton Sandstorm')).toMatchObject({
      type: 'threat-actor',
      category: 'Attribution',
      to_ids: false,
    });
  });

  it('maps TLP:RED and AMBER to the organisation only and CLEAR to all communities', () => {
    const db = svc.session.current().db;
    const distribution = (tlp: ExchangeContext['tlp']) =>
      (JSON.parse(exportExchange(db, 'misp', { ...context, tlp }).text) as MispEvent).Event;
    expect(distribution('RED')).toMatchObject({ distribution: '0', Tag: [{ name: 'tlp:red' }] });
    expect(distribution('AMBER+STRICT')).toMatchObject({ distribution: '0', Tag: [{ name: 'tlp:amber+strict' }] });
    expect(distribution('CLEAR')).toMatchObject({ distribution: '3', Tag: [{ name: 'tlp:clear' }] });
  });
});

describe('MISP event import', () => {
  const event = {
    Event: {
      info: 'Partner event',
      Orgc: { name: 'CIRCL' },
      Attribute: [
        { uuid: '5f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', type: 'ip-dst', value: '198.51.100.23', comment: 'C2' },
        { uuid: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', type: 'threat-actor', value: 'Cotton Sandstorm' },
        { uuid: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', type: 'text', value: 'free text' },
        {
          uuid: '8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
          type: 'domain|ip',
          value: 'update-check.example.net|198.51.100.23',
        },
      ],
      Object: [
        {
          uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
          name: 'file',
          Attribute: [
            {
              uuid: 'a1b2c3d4-0000-4000-8000-000000000011',
              type: 'filename|sha256',
              value: 'dropper.exe|9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
            },
          ],
          ObjectReference: [
            { referenced_uuid: 'a1b2c3d4-0000-4000-8000-000000000002', relationship_type: 'communicates-with' },
          ],
        },
        {
          uuid: 'a1b2c3d4-0000-4000-8000-000000000002',
          name: 'domain-ip',
          Attribute: [{ uuid: 'a1b2c3d4-0000-4000-8000-000000000021', type: 'domain', value: 'c2.example.org' }],
        },
      ],
    },
  };

  it('turns attributes into indicators and entities, object references into relationships, and lists the rest', async () => {
    const path = writeTemp('circl.json', JSON.stringify(event));
    const result = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path }));
    expect(result).toMatchObject({
      format: 'misp',
      exhibit: 'E-0002',
      source: 'CIRCL',
      objects: 6,
      relationshipsCreated: 1,
    });
    expect(result.skipped).toEqual([
      { id: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', type: 'text', reason: 'Locard has no entity for MISP type text' },
    ]);
    const graph = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    const named = (name: string): GraphEntity | undefined => graph.entities.find((e) => e.name === name);
    expect(named('Cotton Sandstorm')).toMatchObject({
      type: 'threat-actor',
      origin: 'imported',
      importedFrom: { source: 'CIRCL' },
    });
    expect(named('198.51.100.23')?.origin).toBe('indicator');
    expect(named('dropper.exe')?.type).toBe('file');
    const link = graph.relationships.find((r) => r.type === 'communicates-with');
    expect(link && [named('dropper.exe')?.id, named('c2.example.org')?.id]).toEqual(link && [link.source, link.target]);
    const again = unwrap<ExchangeImportResult>(await svc.dispatch('importExchangeFile', { path }));
    expect(again).toMatchObject({ entitiesCreated: 0, relationshipsCreated: 0 });
  });

  it('reads back what Locard exported, into another case', async () => {
    const text = exportExchange(svc.session.current().db, 'misp', context).text;
    const other = await serviceWithCase('Receiving case');
    try {
      const result = unwrap<ExchangeImportResult>(
        await other.dispatch('importExchangeFile', { path: writeTemp('locard-misp.json', text) }),
      );
      expect(result).toMatchObject({ format: 'misp', source: 'test-analyst', skippedCount: 0 });
      const received = new Set(unwrap<CaseGraph>(await other.dispatch('getGraph', {})).entities.map((e) => e.name));
      for (const i of await indicators()) expect(received, i.value).toContain(i.value);
    } finally {
      await other.dispatch('closeCase', {});
    }
  });
});
