/**
 * Briefings as rows (main/locker/briefings.ts) through the API (LocardService.dispatch): the skeleton,
 * copies, edits and deletion, each logged in custody; strict validation of what the editor sends;
 * citations of exhibits that are not in the case refused with nothing changed; a stored row that no
 * longer matches the schema refused with a clear reason; names resolved for `locard export --briefing`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, BriefingSummary } from '../../shared/briefing.js';
import type { CaseSummary } from '../../shared/domain.js';
import type { CustodyPage } from '../../shared/api.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { findBriefing } from '../../main/locker/briefings.js';
import { sql } from '../../main/locker/sql.js';
import { tempDir } from '../helpers/cli.js';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('briefings store and API', () => {
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: () => undefined },
    new ConfigStore(tempDir()),
  );
  let summary: CaseSummary;

  const custody = async () => unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1000 }));
  const refused = async (method: string, input: unknown, code: string, message?: RegExp) => {
    const result = await svc.dispatch(method, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      if (message) expect(result.error.message).toMatch(message);
    }
  };

  beforeAll(async () => {
    summary = unwrap<CaseSummary>(
      await svc.dispatch('createCase', {
        path: join(tempDir(), 'briefings'),
        passphrase: 'briefing passphrase',
        title: 'Operation Ledger',
        description: 'Threat e-mails sent to voters.',
        tlp: 'GREEN',
      }),
    );
    const folder = tempDir();
    writeFileSync(join(folder, 'note-1.txt'), 'The relay at relay7.kasvu-hosting.example sent the first message.\n');
    writeFileSync(join(folder, 'note-2.txt'), 'A second note naming 203.0.113.77.\n');
    const report = await importPaths(svc.session.current().db, [folder], {
      analyst: 'test-analyst',
      parsers: productParsers,
    });
    expect(report.imported).toBe(2);
  });

  afterAll(async () => {
    await svc.dispose();
  });

  it('creates a skeleton under the case marking, lists it, and logs it', async () => {
    const before = (await custody()).total;
    const created = unwrap<Briefing>(await svc.dispatch('createBriefing', {}));
    expect(created).toMatchObject({
      title: 'Briefing: Operation Ledger',
      tlp: 'GREEN',
      classification: '',
      judgements: [],
      background: 'Threat e-mails sent to voters.',
      includeIndicators: true,
      includeExhibits: true,
      timelineFigure: null,
      graphFigure: null,
    });
    expect(created.methodology).toMatch(/SHA-256/);
    const list = unwrap<BriefingSummary[]>(await svc.dispatch('listBriefings', {}));
    expect(list.map((b) => b.id)).toContain(created.id);
    const page = await custody();
    expect(page.total).toBe(before + 1);
    expect(page.entries[0]).toMatchObject({
      action: 'briefing.created',
      objectIds: [`briefing:${created.id}`],
      details: { title: 'Briefing: Operation Ledger', tlp: 'GREEN' },
    });
    expect(unwrap<Briefing>(await svc.dispatch('getBriefing', { id: created.id }))).toEqual(created);
  });

  it('saves judgements citing exhibits, logs what changed and the exhibits cited', async () => {
    const created = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'For the county' }));
    const updated = unwrap<Briefing>(
      await svc.dispatch('updateBriefing', {
        id: created.id,
        change: {
          classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
          tlp: 'AMBER+STRICT',
          bluf: 'The relay sent both messages.',
          judgements: [
            {
              id: 'kj-1',
              text: 'One actor sent both.',
              likelihood: 'likely',
              confidence: 'moderate',
              exhibits: [2, 1],
            },
          ],
        },
      }),
    );
    expect(updated).toMatchObject({
      tlp: 'AMBER+STRICT',
      title: 'For the county',
      bluf: 'The relay sent both messages.',
    });
    expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);
    const [entry] = (await custody()).entries;
    expect(entry).toMatchObject({
      action: 'briefing.updated',
      objectIds: [`briefing:${created.id}`, 'E-0001', 'E-0002'],
      details: { changed: ['classification', 'tlp', 'bluf', 'judgements'], tlp: 'AMBER+STRICT' },
    });
    // The same change again changes nothing and logs nothing.
    const total = (await custody()).total;
    unwrap(await svc.dispatch('updateBriefing', { id: created.id, change: { bluf: 'The relay sent both messages.' } }));
    expect((await custody()).total).toBe(total);
  });

  it('refuses what the editor must not send, before anything is written', async () => {
    const { id } = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'Strict' }));
    const total = (await custody()).total;
    const judgement = { id: 'kj-1', text: 'x', likelihood: 'likely', confidence: 'high', exhibits: [1] };
    await refused(
      'updateBriefing',
      { id, change: { judgements: [{ ...judgement, likelihood: 'probable' }] } },
      'invalid-argument',
    );
    await refused(
      'updateBriefing',
      { id, change: { judgements: [{ ...judgement, confidence: 'certain' }] } },
      'invalid-argument',
    );
    await refused(
      'updateBriefing',
      { id, change: { judgements: [judgement, judgement] } },
      'invalid-argument',
      /own id/,
    );
    await refused(
      'updateBriefing',
      { id, change: { judgements: [{ ...judgement, exhibits: [1, 1] }] } },
      'invalid-argument',
    );
    await refused('updateBriefing', { id, change: { tlp: 'WHITE' } }, 'invalid-argument');
    await refused('updateBriefing', { id, change: { title: '  ' } }, 'invalid-argument', /needs a title/);
    await refused('updateBriefing', { id, change: { title: 'a\nb' } }, 'invalid-argument', /one line/);
    await refused('updateBriefing', { id, change: { bluf: 'nul \0 here' } }, 'invalid-argument', /NUL/);
    await refused('updateBriefing', { id, change: { colour: 'red' } }, 'invalid-argument');
    await refused(
      'updateBriefing',
      { id, change: { timelineFigure: { from: 10, to: 5, caption: '' } } },
      'invalid-argument',
      /ends before/,
    );
    await refused('updateBriefing', { id: 'not-an-id', change: {} }, 'invalid-argument');
    await refused('createBriefing', { title: 'x', extra: 1 }, 'invalid-argument');
    // Well-formed, but citing an exhibit the case does not hold.
    await refused(
      'updateBriefing',
      { id, change: { judgements: [{ ...judgement, exhibits: [99] }] } },
      'not-found',
      /E-0099/,
    );
    await refused('getBriefing', { id: '00000000-0000-4000-8000-000000000000' }, 'not-found');
    expect((await custody()).total).toBe(total);
    expect(unwrap<Briefing>(await svc.dispatch('getBriefing', { id })).judgements).toEqual([]);
  });

  it('copies a briefing with its judgements, and deletes one with a custody entry', async () => {
    const source = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'Original' }));
    unwrap(
      await svc.dispatch('updateBriefing', {
        id: source.id,
        change: {
          judgements: [
            { id: 'kj-1', text: 'Kept in the copy.', likelihood: 'very likely', confidence: 'high', exhibits: [1] },
          ],
        },
      }),
    );
    const copy = unwrap<Briefing>(await svc.dispatch('createBriefing', { copyOf: source.id }));
    expect(copy.id).not.toBe(source.id);
    expect(copy.title).toBe('Copy of Original');
    expect(copy.judgements).toEqual([
      { id: 'kj-1', text: 'Kept in the copy.', likelihood: 'very likely', confidence: 'high', exhibits: [1] },
    ]);
    expect((await custody()).entries[0]).toMatchObject({
      action: 'briefing.created',
      objectIds: [`briefing:${copy.id}`, 'E-0001'],
      details: { copyOf: source.id },
    });
    expect(unwrap(await svc.dispatch('deleteBriefing', { id: copy.id }))).toBeNull();
    expect((await custody()).entries[0]).toMatchObject({
      action: 'briefing.deleted',
      objectIds: [`briefing:${copy.id}`],
      details: { title: 'Copy of Original' },
    });
    await refused('getBriefing', { id: copy.id }, 'not-found');
    await refused('deleteBriefing', { id: copy.id }, 'not-found');
  });

  it('refuses a stored row that no longer matches the schema, and still lists the others', async () => {
    const broken = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'To be damaged' }));
    svc.session
      .current()
      .db.run(
        sql`UPDATE briefings SET content = ${JSON.stringify({ title: 'x', tlp: 'PURPLE' })} WHERE id = ${broken.id}`,
      );
    await refused('getBriefing', { id: broken.id }, 'unsupported', /does not read/);
    const list = unwrap<BriefingSummary[]>(await svc.dispatch('listBriefings', {}));
    expect(list.map((b) => b.id)).not.toContain(broken.id);
    expect(list.length).toBeGreaterThan(0);
    // It can still be deleted.
    expect(unwrap(await svc.dispatch('deleteBriefing', { id: broken.id }))).toBeNull();
  });

  it('finds a briefing by id or title for the CLI, and names the choices when it cannot', async () => {
    const db = svc.session.current().db;
    const a = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'Twin' }));
    unwrap(await svc.dispatch('createBriefing', { title: 'twin' }));
    const unique = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'Unique title' }));
    expect(findBriefing(db, a.id).id).toBe(a.id);
    expect(findBriefing(db, 'UNIQUE TITLE').id).toBe(unique.id);
    expect(() => findBriefing(db, 'Twin')).toThrow(/2 briefings are titled "Twin"/);
    expect(() => findBriefing(db, 'Nope')).toThrow(/There is no briefing "Nope"[\s\S]*Unique title/);
    expect(summary.tlp).toBe('GREEN');
  });
});
