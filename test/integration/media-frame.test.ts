/**
 * Saving a video frame as a derived exhibit through the API (LocardService with the product's parsers):
 * the PNG becomes a child of the video with its derivation, time and source, a thumbnail and a custody
 * entry; the UI is told; refusals say why; the case still verifies with `locard verify`.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type { ExhibitDetail, ExhibitPreview, ExhibitSummary, ImportProgress } from '../../shared/evidence.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { closeParserWorkers } from '../../main/intake/run-parser.js';
import { locard, tempDir } from '../helpers/cli.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const PASSPHRASE = 'frame passphrase';

afterAll(closeParserWorkers);

function unwrap<T>(result: Result<unknown>, _shape?: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

function leftoverImportFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`locard-import-${String(process.pid)}-`));
}

async function caseWithRecording() {
  const events: { event: EventName; payload: unknown }[] = [];
  const waiters: (() => void)[] = [];
  let finished = false;
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        events.push({ event, payload });
        // The job is over (and a frame may be saved) when the case summary is announced after its last progress.
        if (event === 'importProgress' && (payload as ImportProgress).done) finished = true;
        if (event === 'caseStateChanged' && finished) waiters.splice(0).forEach((w) => w());
      },
    },
    new ConfigStore(tempDir()),
  );
  const path = join(tempDir(), 'frames.locard');
  unwrap(await svc.dispatch('createCase', { path, passphrase: PASSPHRASE, title: 'Frames' }));
  const imported = new Promise<void>((resolve) => waiters.push(resolve));
  unwrap(
    await svc.dispatch('importEvidence', {
      paths: [
        join(CORPUS, 'video', 'voter-portal-screen-recording.mp4'),
        join(CORPUS, 'images', 'datacenter-photo.jpg'),
      ],
    }),
  );
  await imported;
  return { svc, events, path };
}

describe('saveVideoFrame', () => {
  it('adds the frame shown at the time as a derived PNG exhibit with a thumbnail and custody entry', async () => {
    const { svc, events, path } = await caseWithRecording();
    events.length = 0;
    const saved = unwrap<ExhibitSummary>(await svc.dispatch('saveVideoFrame', { number: 1, timeS: 10.3 }));
    // At 15 fps the frame shown at 10.3 s starts at 10.2667 s (frame 154).
    expect(saved).toMatchObject({
      label: 'E-0003',
      name: 'voter-portal-screen-recording.mp4 @ 00:00:10.267.png',
      parentNumber: 1,
      derivation: 'video-frame',
      kind: 'image',
      mime: 'image/png',
      parseStatus: 'parsed',
    });
    expect(events.some((e) => e.event === 'evidenceChanged')).toBe(true);
    expect(events.some((e) => e.event === 'caseStateChanged')).toBe(true);

    const detail = unwrap<ExhibitDetail>(await svc.dispatch('getExhibit', { number: saved.number }));
    expect(detail.metadata).toMatchObject({
      frameTimeS: 10.266667,
      requestedTimeS: 10.3,
      sourceExhibit: 'E-0001',
      width: 1600,
      height: 900,
    });
    const video = unwrap<ExhibitDetail>(await svc.dispatch('getExhibit', { number: 1 }));
    expect(video.children).toEqual([{ number: 3, name: saved.name, derivation: 'video-frame' }]);

    const previews = unwrap<ExhibitPreview[]>(await svc.dispatch('getExhibitPreviews', { number: saved.number }));
    expect(previews).toMatchObject([{ kind: 'thumbnail', timeS: null, width: 320, height: 180, mime: 'image/jpeg' }]);
    expect(Buffer.from(previews[0]?.dataBase64 ?? '', 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const strip = unwrap<ExhibitPreview[]>(await svc.dispatch('getExhibitPreviews', { number: 1 }));
    expect(strip.filter((p) => p.kind === 'keyframe').length).toBeGreaterThanOrEqual(13);

    const custody = unwrap<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      await svc.dispatch('listCustody', { objectId: 'E-0003' }),
    );
    expect(custody.entries.filter((entry) => entry.action === 'evidence.derived')).toMatchObject([
      { details: { derivation: 'video-frame', sourceExhibit: 'E-0001', frameTimeS: 10.266667, sha256: saved.sha256 } },
    ]);

    // The same frame again (a time inside it) is the same exhibit, not a second copy.
    const again = unwrap<ExhibitSummary>(await svc.dispatch('saveVideoFrame', { number: 1, timeS: 10.28 }));
    expect(again.number).toBe(saved.number);
    expect(unwrap<ExhibitSummary[]>(await svc.dispatch('listExhibits', {}))).toHaveLength(3);

    // Disposing stops the OCR the import queued; then nothing of this process is left in the temp folder.
    await svc.dispose();
    expect(leftoverImportFolders()).toEqual([]);
    const verify = locard(['verify', path, '--json'], { LOCARD_PASSPHRASE: PASSPHRASE });
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, custodyOk: true, evidence: { ok: true, checked: 3 } });
  });

  it('refuses an image, a time past the end and a running import, with the reason', async () => {
    const { svc } = await caseWithRecording();
    expect(await svc.dispatch('saveVideoFrame', { number: 2, timeS: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: 'E-0002 is not a video (it is image); only a video has frames to save.',
      },
    });
    expect(await svc.dispatch('saveVideoFrame', { number: 1, timeS: 30 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: '00:00:30.000 is outside E-0001, which lasts 00:00:26.000.' },
    });
    expect(await svc.dispatch('saveVideoFrame', { number: 1, timeS: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await svc.dispatch('saveVideoFrame', { number: 9, timeS: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await svc.dispatch('getExhibitPreviews', { number: 9 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    unwrap(await svc.dispatch('importEvidence', { paths: [join(CORPUS, 'reports')] }));
    expect(await svc.dispatch('saveVideoFrame', { number: 1, timeS: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/An import is running/) as unknown },
    });
    await svc.dispose();
    expect(leftoverImportFolders()).toEqual([]);
  });
});
