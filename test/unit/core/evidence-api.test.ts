import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';
import type { ExhibitDetail, ExhibitSummary, ImportProgress, SearchHit } from '../../../shared/evidence.js';
import { ConfigStore } from '../../../main/config/settings.js';
import { LocardService } from '../../../main/core/service.js';
import type { IntakeParsers } from '../../../main/intake/import.js';
import { tempDir } from '../../helpers/cli.js';

const textParsers: IntakeParsers = {
  detect: () => Promise.resolve({ kind: 'text', mime: 'text/plain', extensionMismatch: false }),
  parse: (input) =>
    Promise.resolve({
      kind: 'text',
      text: `contents of ${input.name}: the operator copied fl_voters_2020.csv`,
      segments: [],
      metadata: { lines: 1 },
      warnings: [],
      children: [],
    }),
};

function setup() {
  const events: { event: EventName; payload: unknown }[] = [];
  const waiters: ((p: ImportProgress) => void)[] = [];
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        events.push({ event, payload });
        if (event === 'importProgress' && (payload as ImportProgress).done)
          waiters.forEach((w) => w(payload as ImportProgress));
      },
    },
    new ConfigStore(tempDir()),
    textParsers,
  );
  const finished = () => new Promise<ImportProgress>((resolve) => waiters.push(resolve));
  return { svc, events, finished };
}

function unwrap<T>(result: Result<unknown>, _shape?: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('evidence through the API', () => {
  it('imports as a job with progress, then lists, details, searches and tags exhibits', async () => {
    const { svc, events, finished } = setup();
    await svc.dispatch('createCase', { path: join(tempDir(), 'api'), passphrase: 'api passphrase', title: 'API' });
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'a');
    writeFileSync(join(dir, 'b.txt'), 'b');
    const done = finished();
    unwrap(
      await svc.dispatch('importEvidence', { paths: [dir], collection: { source: 'USB stick from the newsroom' } }),
    );
    const last = await done;
    expect(last.done).toMatchObject({ imported: 2, failed: 0 });
    expect(events.some((e) => e.event === 'evidenceChanged')).toBe(true);

    const list = unwrap<ExhibitSummary[]>(await svc.dispatch('listExhibits', {}));
    expect(list.map((e) => [e.label, e.name])).toEqual([
      ['E-0001', 'a.txt'],
      ['E-0002', 'b.txt'],
    ]);
    const detail = unwrap<ExhibitDetail>(await svc.dispatch('getExhibit', { number: 2 }));
    expect(detail).toMatchObject({ collection: { source: 'USB stick from the newsroom' }, metadata: { lines: 1 } });
    expect(detail.textPreview).toContain('fl_voters_2020.csv');

    const hits = unwrap<SearchHit[]>(await svc.dispatch('searchEvidence', { query: 'operator cop' }));
    expect(hits).toHaveLength(2);
    expect(hits[0]?.snippet).toContain('\u0002operator\u0003');
    // Analyst input is never FTS5 syntax.
    expect((await svc.dispatch('searchEvidence', { query: '"NEAR( OR *' })).ok).toBe(true);

    const tagged = unwrap<ExhibitDetail>(
      await svc.dispatch('updateExhibit', { number: 1, tags: ['key', 'video', 'key'], notes: 'seen' }),
    );
    expect(tagged).toMatchObject({ tags: ['key', 'video'], notes: 'seen' });
    const custody = unwrap<{ entries: { action: string }[] }>(await svc.dispatch('listCustody', {}));
    expect(custody.entries[0]?.action).toBe('evidence.edited');
    const history = unwrap<{ entries: { action: string }[] }>(
      await svc.dispatch('listCustody', { objectId: 'E-0001' }),
    );
    expect(history.entries.map((e) => e.action)).toEqual(['evidence.edited', 'evidence.imported']);
    expect(await svc.dispatch('getExhibit', { number: 99 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await svc.dispose();
  });

  it('locking waits for a running import to stop, leaving only whole exhibits', async () => {
    const { svc } = setup();
    await svc.dispatch('createCase', { path: join(tempDir(), 'lock'), passphrase: 'lock passphrase', title: 'Lock' });
    const dir = tempDir();
    for (let i = 0; i < 20; i += 1) writeFileSync(join(dir, `f${String(i)}.txt`), String(i));
    unwrap(await svc.dispatch('importEvidence', { paths: [dir] }));
    expect(await svc.dispatch('lockCase', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    unwrap(await svc.dispatch('unlockCase', { passphrase: 'lock passphrase' }));
    const list = unwrap<ExhibitSummary[]>(await svc.dispatch('listExhibits', {}));
    expect(list.length).toBeLessThanOrEqual(20);
    await svc.dispose();
  });
});
