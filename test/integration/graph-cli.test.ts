/**
 * Issue 5, acceptance 1: after importing the threat e-mail (whose video attachment is OCR'd) and the
 * analyst's notes, the enrichment CSV and a saved video frame, `locard graph --json` shows
 * 203.0.113.77 belongs-to AS64500 (Worldstream, from the CSV), observed-in the video exhibit and the
 * notes, the video derived-from the e-mail, the sender address → its domain, and the frame
 * derived-from the video. The e-mail's own text does not contain 203.0.113.77 (it exists only as
 * pixels in the attachment), so "observed in the e-mail" is shown as the chain IP observed-in video,
 * video derived-from e-mail. The analyst's writes (assert, merge, undo) go through the service.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExhibitSummary } from '../../shared/evidence.js';
import type { CaseGraph, GraphEntity, GraphRelationship } from '../../shared/graph.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { ROOT, locard, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const CSV = join(ROOT, 'test', 'fixtures', 'enrichment', 'documentation-ranges.csv');
const PASSPHRASE = 'correct horse battery';
const env = { LOCARD_PASSPHRASE: PASSPHRASE };

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('locard graph on the reference case', () => {
  const casePath = join(tempDir(), 'graph.locard');
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: () => undefined },
    new ConfigStore(tempDir()),
  );
  let graph: CaseGraph & { case: string };
  let frame: ExhibitSummary;
  let text: { stdout: string; status: number | null };
  let refused: Result<unknown>;

  const entity = (test: (e: GraphEntity) => boolean): GraphEntity => {
    const found = graph.entities.find(test);
    if (!found) throw new Error('entity not found');
    return found;
  };
  const byName = (name: string) => entity((e) => e.name === name);
  const exhibit = (label: string) => entity((e) => e.exhibit === label);
  const rel = (type: string, source: GraphEntity, target: GraphEntity): GraphRelationship | undefined =>
    graph.relationships.find((r) => r.type === type && r.source === source.id && r.target === target.id);

  beforeAll(async () => {
    expect(locard(['new', casePath, '--title', 'Graph'], env).status).toBe(0);
    const imported = locard(
      [
        'import',
        casePath,
        join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'),
        join(CORPUS, 'reports', 'analyst-notes.txt'),
        '--json',
      ],
      env,
    );
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    unwrap(await svc.dispatch('openCase', { path: casePath, passphrase: PASSPHRASE }));
    unwrap(await svc.dispatch('importEnrichmentCsv', { path: CSV }));
    const exhibits = unwrap<ExhibitSummary[]>(await svc.dispatch('listExhibits', {}));
    const video = exhibits.find((e) => e.kind === 'video');
    if (!video) throw new Error('no video exhibit');
    frame = unwrap<ExhibitSummary>(await svc.dispatch('saveVideoFrame', { number: video.number, timeS: 1 }));
    const group = unwrap<GraphEntity>(await svc.dispatch('createEntity', { type: 'organisation', name: 'Proud Boys' }));
    const live = unwrap<CaseGraph>(await svc.dispatch('getGraph', {}));
    const sender = live.entities.find((e) => e.name === 'info@officialproudboys-mail.example');
    if (!sender) throw new Error('no sender entity');
    unwrap(
      await svc.dispatch('createRelationship', {
        type: 'impersonates',
        source: sender.id,
        target: group.id,
        confidence: 75,
        citedExhibits: [1],
      }),
    );
    refused = await svc.dispatch('createRelationship', {
      type: 'owns',
      source: sender.id,
      target: group.id,
      confidence: 75,
    });
    unwrap(await svc.dispatch('closeCase', {}));
    const json = locard(['graph', casePath, '--json'], env);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    graph = JSON.parse(json.stdout) as typeof graph;
    text = locard(['graph', casePath], env);
  }, 240_000);

  afterAll(async () => {
    await svc.dispose();
  });

  it('shows 203.0.113.77 belongs-to AS64500, Worldstream, from the enrichment CSV', () => {
    const ip = byName('203.0.113.77');
    expect(ip).toMatchObject({ type: 'ipv4', stixType: 'ipv4-addr', origin: 'indicator' });
    const as = byName('AS64500');
    // The notes name AS64500 too, so the AS is that indicator rather than a fact-only entity.
    expect(as).toMatchObject({ type: 'autonomous-system', stixType: 'autonomous-system', origin: 'indicator' });
    expect(rel('belongs-to', ip, as)).toMatchObject({
      origin: 'derived',
      provenance: { rule: 'enrichment', source: 'analyst CSV documentation-ranges.csv' },
    });
    expect(rel('belongs-to', ip, as)?.provenance.sourceDate).toBeGreaterThan(0);
    expect(rel('belongs-to', as, byName('Worldstream'))).toMatchObject({
      provenance: { source: 'analyst CSV documentation-ranges.csv' },
    });
    expect(byName('Worldstream')).toMatchObject({ type: 'organisation', stixType: 'identity' });
  });

  it('shows 203.0.113.77 observed-in the video (OCR) and the notes, and the video derived-from the e-mail', () => {
    const ip = byName('203.0.113.77');
    const email = exhibit('E-0001');
    const video = entity((e) => e.kind === 'video');
    const notes = entity((e) => e.name.endsWith('analyst-notes.txt'));
    expect(rel('observed-in', ip, video)).toMatchObject({
      provenance: { rule: 'occurrence', locations: ['ocr'] },
      citedExhibits: [video.exhibit],
    });
    expect(rel('observed-in', ip, notes)?.provenance.occurrences).toBeGreaterThanOrEqual(2);
    // The e-mail's text does not contain the address: only its attachment's pixels do.
    expect(rel('observed-in', ip, email)).toBeUndefined();
    expect(rel('derived-from', video, email)).toMatchObject({ provenance: { derivation: 'email-attachment' } });
  });

  it('takes the sender address to its domain, and the saved frame derived-from the video', () => {
    const sender = byName('info@officialproudboys-mail.example');
    expect(sender.stixType).toBe('email-addr');
    const domain = byName('officialproudboys-mail.example');
    expect(rel('belongs-to', sender, domain)).toMatchObject({ provenance: { rule: 'email-domain' }, confidence: 100 });
    const video = entity((e) => e.kind === 'video');
    const saved = exhibit(frame.label);
    expect(rel('derived-from', saved, video)).toMatchObject({ provenance: { derivation: 'video-frame' } });
  });

  it('shows what the analyst asserted through the API, and the API refuses an unknown relationship type', () => {
    const sender = byName('info@officialproudboys-mail.example');
    expect(rel('impersonates', sender, byName('Proud Boys'))).toMatchObject({
      origin: 'asserted',
      confidence: 75,
      confidenceWord: 'likely',
      citedExhibits: ['E-0001'],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('prints the same relationships as text, with ICD 203 words', () => {
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /^203\.0\.113\.77 —belongs-to→ AS64500 {2}\[85 very likely\] \(enrichment; analyst CSV documentation-ranges\.csv, \d{4}-\d\d-\d\d\)$/m,
    );
    expect(text.stdout).toMatch(/^\d+ entities, \d+ relationships\.$/m);
  });
});
