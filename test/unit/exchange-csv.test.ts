/** CSV out (RFC 4180 quoting, the three tables) and in (preview, suggested mapping, import with a mapping). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsvImportPreview, ExchangeImportResult } from '../../shared/exchange.js';
import type { CaseGraph } from '../../shared/graph.js';
import type { IndicatorSummary } from '../../shared/indicator-types.js';
import type { LocardService } from '../../main/core/service.js';
import { csvField, csvText } from '../../main/exchange/csv.js';
import { exportExchange, type ExchangeContext } from '../../main/exchange/index.js';
import { parseDelimitedRecords } from '../../main/intake/parsers/text.js';
import { caseCounts, importEvidence, serviceWithCase, unwrap, writeTemp } from './exchange-fixtures.js';

describe('CSV quoting (RFC 4180)', () => {
  it('quotes only fields with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('plain value')).toBe('plain value');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField('')).toBe('');
  });

  it('ends every record with CRLF and reads back to the same fields', () => {
    const rows = [
      ['type', 'value', 'note'],
      ['url', 'http://evil.example/a,b?q="x"', 'multi\r\nline'],
      ['domain', 'example.org', "=cmd|' /C calc'!A0"],
    ];
    const text = csvText(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('type,value,note');
    expect(parseDelimitedRecords(text, ',').filter((r) => r.some((f) => f !== ''))).toEqual(rows);
  });
});

let svc: LocardService;
beforeEach(async () => {
  svc = await serviceWithCase('CSV case');
});
afterEach(async () => {
  await svc.dispatch('closeCase', {});
});

describe('CSV export', () => {
  const context: ExchangeContext = {
    caseId: 'c',
    caseTitle: 'CSV case',
    analyst: 'a',
    tlp: 'AMBER',
    now: Date.UTC(2026, 0, 1),
  };

  it('writes indicators as stored (not defanged), leaves out dismissed ones, and writes entities and events', async () => {
    await importEvidence(svc, [
      writeTemp('notes.txt', 'Seen hxxp://voter-update[.]net/login and 185.220.101.4, also www.google.com.'),
    ]);
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', {}));
    const google = list.find((i) => i.value === 'www.google.com');
    if (!google) throw new Error('no www.google.com');
    unwrap(await svc.dispatch('updateIndicators', { ids: [google.id], status: 'false_positive' }));
    unwrap(await svc.dispatch('createEntity', { type: 'threat-actor', name: 'Actor, "The"' }));
    unwrap(
      await svc.dispatch('createEvent', {
        title: 'Mail sent',
        start: '2020-10-20T14:12:41Z',
        precision: 'second',
        exhibits: [1],
      }),
    );
    const db = svc.session.current().db;
    const table = (name: 'indicators' | 'entities' | 'events') =>
      parseDelimitedRecords(exportExchange(db, 'csv', context, name).text, ',').filter((r) => r.some((f) => f !== ''));
    const indicators = table('indicators');
    expect(indicators[0]?.slice(0, 6)).toEqual(['type', 'value', 'platform', 'status', 'flags', 'tags']);
    const values = indicators.slice(1).map((r) => r[1]);
    expect(values).toContain('http://voter-update.net/login');
    expect(values).toContain('185.220.101.4');
    expect(values).not.toContain('www.google.com');
    const entities = table('entities');
    expect(entities.find((r) => r[3] === 'Actor, "The"')?.slice(1, 5)).toEqual([
      'threat-actor',
      'threat-actor',
      'Actor, "The"',
      'analyst',
    ]);
    expect(entities.some((r) => r[3] === 'www.google.com')).toBe(false);
    const events = table('events');
    expect(events[1]?.slice(1, 5)).toEqual(['2020-10-20T14:12:41Z', '', 'second', 'Mail sent']);
    expect(events[1]?.[8]).toBe('E-0001');
    expect(exportExchange(db, 'csv', context).mediaType).toBe('text/csv; charset=utf-8; header=present');
  });
});

describe('CSV import', () => {
  const ENTITIES =
    'name,kind,notes\r\nCotton Sandstorm,threat actor,IRGC-linked\r\nProud Boys,organization,\r\nTehran,city,\r\nupdate-check.example.net,domain,C2\r\n,threat-actor,empty row\r\nWidget,gadget,unknown type\r\n';
  const INDICATORS =
    'indicator;ioc_type;tags;comment\n198.51.100.23;ip-dst;c2|partner;first stage\nhxxps://voter-update[.]net/x;url;partner;\nnot an indicator;domain;;\n9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08;;;sample\n';

  it('previews the header and rows and suggests a mapping', async () => {
    const entities = unwrap<CsvImportPreview>(
      await svc.dispatch('previewCsvImport', { path: writeTemp('entities.csv', ENTITIES) }),
    );
    expect(entities).toMatchObject({
      name: 'entities.csv',
      delimiter: 'comma',
      headers: ['name', 'kind', 'notes'],
      rowCount: 6,
      suggestedKind: 'entities',
      suggested: { entities: { value: 0, type: 1, description: 2, tags: null } },
    });
    expect(entities.rows[0]).toEqual(['Cotton Sandstorm', 'threat actor', 'IRGC-linked']);
    const indicators = unwrap<CsvImportPreview>(
      await svc.dispatch('previewCsvImport', { path: writeTemp('iocs.csv', INDICATORS) }),
    );
    expect(indicators).toMatchObject({
      delimiter: 'semicolon',
      suggestedKind: 'indicators',
      suggested: { indicators: { value: 0, type: 1, description: 3, tags: 2 } },
    });
  });

  it('imports entities with the mapping, keeps the file as an exhibit, and lists skipped rows', async () => {
    const path = writeTemp('entities.csv', ENTITIES);
    const result = unwrap<ExchangeImportResult>(
      await svc.dispatch('importCsv', {
        path,
        kind: 'entities',
        mapping: { value: 0, type: 1, description: 2, tags: null },
      }),
    );
    expect(result).toMatchObject({
      format: 'csv',
      exhibit: 'E-0001',
      source: 'entities.csv',
      objects: 6,
      entitiesCreated: 3,
      entitiesMatched: 1,
    });
    expect(result.skipped).toEqual([
      { id: 'row 6', type: 'threat-actor', reason: 'no value' },
      { id: 'row 7', type: 'gadget', reason: '"gadget" is not an entity type' },
    ]);
    const graph = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    expect(graph.entities.find((e) => e.name === 'Cotton Sandstorm')).toMatchObject({
      type: 'threat-actor',
      origin: 'imported',
      description: 'IRGC-linked',
    });
    expect(graph.entities.find((e) => e.name === 'Tehran')?.type).toBe('location');
    // The domain was already an indicator (found in the CSV's own text at import).
    expect(graph.entities.find((e) => e.name === 'update-check.example.net')?.origin).toBe('indicator');
    const before = caseCounts(svc.session.current().db);
    const again = unwrap<ExchangeImportResult>(
      await svc.dispatch('importCsv', {
        path,
        kind: 'entities',
        mapping: { value: 0, type: 1, description: 2, tags: null },
      }),
    );
    expect(again).toMatchObject({ duplicateFile: true, entitiesCreated: 0, alreadyImported: 4 });
    expect({ ...caseCounts(svc.session.current().db), custody_log: before.custody_log }).toEqual(before);
  });

  it('imports indicators, detecting types and adding tags', async () => {
    const path = writeTemp('iocs.csv', INDICATORS);
    const result = unwrap<ExchangeImportResult>(
      await svc.dispatch('importCsv', {
        path,
        kind: 'indicators',
        mapping: { value: 0, type: 1, description: 3, tags: 2 },
      }),
    );
    expect(result.skipped).toEqual([{ id: 'row 4', type: 'domain', reason: '"not an indicator" is not domain' }]);
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', {}));
    const byValue = (value: string) => list.find((i) => i.value === value);
    expect(byValue('198.51.100.23')?.tags).toEqual(['c2', 'partner']);
    expect(byValue('https://voter-update.net/x')?.tags).toEqual(['partner']);
    expect(byValue('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')?.type).toBe('sha256');
  });

  it('refuses a mapping that names a column the file does not have, changing nothing', async () => {
    const before = caseCounts(svc.session.current().db);
    const result = await svc.dispatch('importCsv', {
      path: writeTemp('iocs.csv', INDICATORS),
      kind: 'indicators',
      mapping: { value: 9, type: null, description: null, tags: null },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: 'The value column (10) is not in the file, which has 4 columns.' },
    });
    expect(caseCounts(svc.session.current().db)).toEqual(before);
    const noType = await svc.dispatch('importCsv', {
      path: writeTemp('entities.csv', ENTITIES),
      kind: 'entities',
      mapping: { value: 0, type: null, description: null, tags: null },
    });
    expect(noType).toMatchObject({ ok: false, error: { message: 'Choose a type column, or one type for every row.' } });
  });
});
