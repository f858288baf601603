/**
 * Briefings and exports through the API both shells bind (LocardService.dispatch): the editor's
 * preview HTML, the browser shell's missing save dialog (null: the page asks for a folder and name),
 * exports of every kind recorded in custody (a real PDF through the system Chromium; an Electron-style
 * print engine handed in as a shell hook), and the arguments refused before anything runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyPage, EventName } from '../../shared/api.js';
import type { Briefing, ExportResult } from '../../shared/briefing.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import type { PrintEngine } from '../../main/briefing/engine.js';
import { LocardService } from '../../main/core/service.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { tempDir } from '../helpers/cli.js';
import { externalResources } from './briefing-html.js';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('briefings through the API', () => {
  const events: EventName[] = [];
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: (event) => events.push(event) },
    new ConfigStore(tempDir()),
  );
  const dir = tempDir();
  let briefing: Briefing;

  beforeAll(async () => {
    unwrap(
      await svc.dispatch('createCase', {
        path: join(dir, 'api'),
        passphrase: 'api passphrase',
        title: 'Operation Preview',
        tlp: 'RED',
      }),
    );
    const folder = tempDir();
    writeFileSync(join(folder, 'report.txt'), 'Upload to https://drop.kasvu-hosting.example/u.php from 203.0.113.77\n');
    await importPaths(svc.session.current().db, [folder], { analyst: 'test-analyst', parsers: productParsers });
    briefing = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: 'Preview me' }));
    briefing = unwrap<Briefing>(
      await svc.dispatch('updateBriefing', {
        id: briefing.id,
        change: {
          judgements: [
            {
              id: 'kj-1',
              text: 'The upload went to the relay.',
              likelihood: 'likely',
              confidence: 'high',
              exhibits: [1],
            },
          ],
        },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await svc.dispose();
  });

  it('renders the preview HTML of a briefing, and of the standard briefing when no id is given', async () => {
    const written = unwrap<{ html: string }>(await svc.dispatch('renderBriefingHtml', { id: briefing.id })).html;
    expect(written).toContain('The upload went to the relay.');
    expect(written).toContain('TLP:RED');
    expect(externalResources(written)).toEqual([]);
    const standard = unwrap<{ html: string }>(await svc.dispatch('renderBriefingHtml', {})).html;
    expect(standard).toContain('Case briefing: Operation Preview');
    expect(standard).toContain('hxxps://drop[.]kasvu-hosting[.]example/u.php');
    expect(await svc.dispatch('renderBriefingHtml', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('has no save dialog in the browser shell: the page asks for the folder and name itself', async () => {
    expect(unwrap(await svc.dispatch('chooseExportPath', { format: 'pdf', suggestedName: 'briefing.pdf' }))).toBeNull();
    expect(await svc.dispatch('chooseExportPath', { format: 'pdf', suggestedName: '../up.pdf' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('exports a PDF through the system Chromium and records it in custody', async () => {
    events.length = 0;
    const path = join(dir, 'preview.pdf');
    const result = unwrap<ExportResult>(
      await svc.dispatch('exportCase', { format: 'pdf', path, briefingId: briefing.id }),
    );
    expect(result).toMatchObject({ path, format: 'pdf', sha256: sha256(path), bytes: readFileSync(path).length });
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(events).toContain('caseStateChanged');
    const page = unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1 }));
    expect(page.entries[0]).toMatchObject({
      seq: result.custodySeq,
      action: 'case.exported',
      objectIds: [expect.any(String), `briefing:${briefing.id}`, 'E-0001'] as unknown[],
      details: { format: 'pdf', path, sha256: result.sha256, briefing: briefing.id },
    });
  });

  it('exports exchange files through main/exchange, with the CSV table chosen', async () => {
    const path = join(dir, 'events.csv');
    const result = unwrap<ExportResult>(await svc.dispatch('exportCase', { format: 'csv', path, table: 'events' }));
    expect(result.sha256).toBe(sha256(path));
    const page = unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1 }));
    expect(page.entries[0]?.details).toMatchObject({
      format: 'csv',
      table: 'events',
      briefing: null,
      sha256: result.sha256,
    });
  });

  it('refuses arguments the contract does not allow, before anything is written', async () => {
    const before = unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1 })).total;
    const refuse = async (input: unknown, code: string) =>
      expect(await svc.dispatch('exportCase', input)).toMatchObject({ ok: false, error: { code } });
    await refuse({ format: 'pptx', path: join(dir, 'x.pptx') }, 'invalid-argument');
    await refuse({ format: 'pdf', path: join(dir, 'a\0b.pdf') }, 'invalid-argument');
    await refuse({ format: 'pdf', path: join(dir, 'x.pdf'), table: 'events' }, 'invalid-argument');
    await refuse({ format: 'csv', path: join(dir, 'x.csv'), table: 'people' }, 'invalid-argument');
    await refuse({ format: 'md', path: join(dir, 'x.md'), briefingId: 'nope' }, 'invalid-argument');
    await refuse(
      { format: 'md', path: join(dir, 'x.md'), briefingId: '00000000-0000-4000-8000-000000000000' },
      'not-found',
    );
    await refuse({ format: 'md', path: 'x.md' }, 'invalid-argument');
    await refuse({ format: 'md', path: join(dir, 'missing', 'x.md') }, 'not-found');
    await refuse({ format: 'md', path: join(dir, 'x.md'), colour: 'red' }, 'invalid-argument');
    for (const name of ['x.pptx', 'x.pdf', 'x.csv', 'x.md']) expect(existsSync(join(dir, name))).toBe(false);
    expect(unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1 })).total).toBe(before);
  });

  it('prints with the print engine the shell provides (Electron’s own Chromium in the app)', async () => {
    const printed: string[] = [];
    const engine: PrintEngine = {
      pdf: (html) => {
        printed.push(html);
        return Promise.resolve(Buffer.from('%PDF-1.7 from the shell\n'));
      },
      png: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    };
    const shell = new LocardService(
      { shell: 'electron', nativeDialogs: true, emit: () => undefined, openPrintEngine: () => Promise.resolve(engine) },
      new ConfigStore(tempDir()),
    );
    try {
      unwrap(
        await shell.dispatch('createCase', {
          path: join(tempDir(), 'shell'),
          passphrase: 'shell passphrase',
          title: 'Shell',
        }),
      );
      const path = join(dir, 'shell.pdf');
      const result = unwrap<ExportResult>(await shell.dispatch('exportCase', { format: 'pdf', path }));
      expect(readFileSync(path, 'utf8')).toBe('%PDF-1.7 from the shell\n');
      expect(result.sha256).toBe(sha256(path));
      expect(printed[0]).toContain('Case briefing: Shell');
    } finally {
      await shell.dispose();
    }
  });
});
