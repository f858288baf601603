/**
 * OCR end to end on the reference case: `locard import` of the threat e-mail reads the frames of its
 * video attachment, where the exfiltration IP exists only as pixels, and the case then holds that
 * indicator with a frame time and a box; OCR text is searchable; OCR runs with the network refused in
 * every thread; `--no-ocr` leaves pictures pending for the API's startOcr; cancelOcr stops a job.
 * One case is built once (OCR is slow) and shared by the tests, in order.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type { CustodyPage } from '../../shared/api.js';
import { SEARCH_MARK_END, SEARCH_MARK_START, type SearchHit } from '../../shared/evidence.js';
import type { IndicatorDetail, IndicatorSummary } from '../../shared/indicator-types.js';
import type { ExhibitOcr, OcrProgress } from '../../shared/ocr.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import type { ImportReport } from '../../main/intake/import.js';
import type { OcrReport } from '../../main/core/ocr-jobs.js';
import { ROOT, locard, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const GUARD = join(ROOT, 'test', 'integration', 'ocr-thread-guard.cjs');
const PASSPHRASE = 'correct horse battery';
// A private temporary folder for these CLI runs: what OCR leaves behind would show up here.
const TMP = tempDir('locard-ocr-cli-tmp-');
const env = { LOCARD_PASSPHRASE: PASSPHRASE, TMPDIR: TMP, NODE_OPTIONS: `--require ${GUARD}` };

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('OCR of the reference case', () => {
  const casePath = join(tempDir(), 'ocr.locard');
  let emailReport: ImportReport & { ocr?: OcrReport };
  let frameRun: { stdout: string; stderr: string; status: number | null };
  let noOcrReport: ImportReport & { ocr?: OcrReport };
  const events: OcrProgress[] = [];
  const waiters: { test: (event: OcrProgress) => boolean; resolve: (event: OcrProgress) => void }[] = [];
  const ocrEvent = (test: (event: OcrProgress) => boolean) =>
    new Promise<OcrProgress>((resolve) => {
      const seen = events.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        if (event !== 'ocrProgress') return;
        const progress = payload as OcrProgress;
        events.push(progress);
        for (const waiter of waiters.splice(0)) {
          if (waiter.test(progress)) waiter.resolve(progress);
          else waiters.push(waiter);
        }
      },
    },
    new ConfigStore(tempDir()),
  );

  beforeAll(() => {
    expect(locard(['new', casePath, '--title', 'OCR'], env).status).toBe(0);
    const email = locard(
      ['import', casePath, join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'), '--json'],
      env,
    );
    expect(email.stderr).toBe('');
    expect(email.status).toBe(0);
    emailReport = JSON.parse(email.stdout) as typeof emailReport;
    frameRun = locard(['import', casePath, join(CORPUS, 'video', 'frames', 'frame-02-putty-sqlmap-command.png')], env);
    const noOcr = locard(
      [
        'import',
        casePath,
        join(CORPUS, 'images', 'social-post-screenshot.png'),
        join(CORPUS, 'video', 'voter-portal-screen-recording.mp4'),
        '--no-ocr',
        '--json',
      ],
      env,
    );
    expect(noOcr.status).toBe(0);
    noOcrReport = JSON.parse(noOcr.stdout) as typeof noOcrReport;
  }, 180_000);

  afterAll(async () => {
    await svc.dispose();
  });

  it('reads the video attachment as part of the import', () => {
    expect(emailReport.imported).toBe(1);
    expect(emailReport.ocr).toMatchObject({ read: 1, failed: 0, cancelled: 0 });
    expect(emailReport.ocr?.outcomes[0]).toMatchObject({ exhibit: 'E-0002', status: 'read' });
    expect(emailReport.ocr?.occurrences).toBeGreaterThan(0);
  });

  it('shows OCR progress on stderr and its summary on stdout without --json', () => {
    expect(frameRun.status).toBe(0);
    expect(frameRun.stderr).toMatch(
      /^OCR E-0003 \(1 of 1\): 1 picture with text, \d+ words, \d+ indicator occurrences$/m,
    );
    expect(frameRun.stdout).toMatch(/OCR: 1 read, 0 not readable, \d+ indicator occurrences found in pixels\./);
  });

  it('leaves the pictures of a --no-ocr import pending, and no temporary files behind', () => {
    expect(noOcrReport.imported).toBe(2);
    expect(noOcrReport.ocr).toBeUndefined();
    expect(readdirSync(TMP)).toEqual([]);
  });

  it('ran with the network refused in every thread, OCR threads included', () => {
    // The guard this file loads must catch a worker thread's fetch, or the runs above proved nothing.
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `const { Worker } = require('node:worker_threads');
         new Worker("fetch('http://203.0.113.1/').catch((e) => { console.error(String(e)); process.exit(3); })", { eval: true })
           .on('error', (e) => { console.error(String(e)); process.exit(3); });`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${GUARD}` } },
    );
    expect(probe.stderr).toMatch(/network access to http:\/\/203\.0\.113\.1\/ attempted \(thread [1-9]/);
  });

  it('records 203.0.113.77, seen only as pixels, with the frame time and a box on the frame', async () => {
    unwrap(await svc.dispatch('openCase', { path: casePath, passphrase: PASSPHRASE }));
    const ips = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { types: ['ipv4'] }));
    const ip = ips.find((i) => i.value === '203.0.113.77');
    expect(ip).toBeDefined();
    const detail = unwrap<IndicatorDetail>(await svc.dispatch('getIndicator', { id: ip?.id ?? 0 }));
    const inVideo = detail.occurrences.filter((o) => o.exhibitLabel === 'E-0002');
    expect(inVideo.length).toBeGreaterThan(0);
    for (const occurrence of inVideo) {
      expect(occurrence.surface).toBe('203.0.113.77');
      expect(occurrence.location).toMatchObject({
        kind: 'ocr',
        label: expect.stringMatching(/^frame 00:0\d\.\d{3}$/) as unknown,
      });
      const { frameTimeS, box } = occurrence.location;
      expect(frameTimeS).toBeGreaterThan(0);
      expect(frameTimeS).toBeLessThanOrEqual(6);
      // The attachment is 800×450; the IP is one line of small terminal text.
      expect(box).toBeDefined();
      if (!box) continue;
      expect(box.x).toBeGreaterThan(0);
      expect(box.x + box.width).toBeLessThanOrEqual(800);
      expect(box.y + box.height).toBeLessThanOrEqual(450);
      expect(box.width).toBeGreaterThan(40);
      expect(box.height).toBeLessThan(25);
    }
    const ocr = unwrap<ExhibitOcr>(await svc.dispatch('getExhibitOcr', { number: 2 }));
    expect(ocr).toMatchObject({ status: 'done', languages: 'eng', reason: '' });
    const picture = ocr.pictures.find((p) => p.frameTimeS === inVideo[0]?.location.frameTimeS);
    expect(picture?.text.slice(inVideo[0]?.location.start, inVideo[0]?.location.end)).toBe('203.0.113.77');
  });

  it("finds a word read from the video's pixels through the evidence search", async () => {
    const hits = unwrap<SearchHit[]>(await svc.dispatch('searchEvidence', { query: 'LastWriteTime' }));
    expect(hits.map((h) => h.label)).toContain('E-0002');
    const snippet = hits.find((h) => h.label === 'E-0002')?.snippet ?? '';
    expect(snippet).toMatch(/^\[OCR, frame 00:0\d\.\d{3}\] /);
    expect(snippet).toContain(`${SEARCH_MARK_START}LastWriteTime${SEARCH_MARK_END}`);
  });

  it('logs each OCR in custody', async () => {
    const page = unwrap<CustodyPage>(await svc.dispatch('listCustody', { objectId: 'E-0002' }));
    const entry = page.entries.find((e) => e.action === 'evidence.ocr');
    expect(entry?.details).toMatchObject({ status: 'done', languages: 'eng', frameIntervalS: 2 });
    expect(unwrap<{ ok: boolean }>(await svc.dispatch('verifyCustody', {})).ok).toBe(true);
  });

  it('reads a pending picture on startOcr, with progress events', async () => {
    const pending = unwrap<ExhibitOcr>(await svc.dispatch('getExhibitOcr', { number: 4 }));
    expect(pending).toMatchObject({ status: 'pending', pictures: [] });
    const { jobId } = unwrap<{ jobId: string }>(await svc.dispatch('startOcr', { numbers: [4] }));
    // Asking again while it runs joins the running job and queues nothing twice.
    expect(unwrap(await svc.dispatch('startOcr', { numbers: [4] }))).toEqual({ jobId, queued: 0 });
    const done = await ocrEvent((e) => e.jobId === jobId && e.done !== undefined);
    expect(done.done).toMatchObject({ read: 1, failed: 0, cancelled: 0 });
    expect(events.some((e) => e.jobId === jobId && e.exhibit === 'E-0004' && e.stage === 'reading')).toBe(true);
    const handles = unwrap<IndicatorSummary[]>(await svc.dispatch('listIndicators', { types: ['social_handle'] }));
    expect(handles.map((h) => h.value)).toContain('@PatriotWatchFL');
    expect(unwrap<ExhibitOcr>(await svc.dispatch('getExhibitOcr', { number: 4 })).status).toBe('done');
  });

  it('stops a running OCR job on cancelOcr; the video stays pending', async () => {
    const { jobId } = unwrap<{ jobId: string }>(await svc.dispatch('startOcr', { numbers: [5] }));
    await ocrEvent((e) => e.jobId === jobId && e.stage === 'reading' && e.frameCount > 0);
    unwrap(await svc.dispatch('cancelOcr', { jobId }));
    const done = await ocrEvent((e) => e.jobId === jobId && e.done !== undefined);
    expect(done.done).toMatchObject({ read: 0, cancelled: 1 });
    const video = unwrap<ExhibitOcr>(await svc.dispatch('getExhibitOcr', { number: 5 }));
    expect(video).toMatchObject({ status: 'pending', pictures: [] });
  });

  it('reads the pictures an import through the API adds, by itself', async () => {
    const before = events.length;
    unwrap(
      await svc.dispatch('importEvidence', {
        paths: [join(CORPUS, 'video', 'frames', 'frame-03-blurred-table-dump-path.png')],
      }),
    );
    const done = await ocrEvent((e) => events.indexOf(e) >= before && e.done !== undefined);
    expect(done.done).toMatchObject({ read: 1, failed: 0 });
    expect(events.slice(before).some((e) => e.exhibit === 'E-0006' && e.outcome?.status === 'read')).toBe(true);
    const ocr = unwrap<ExhibitOcr>(await svc.dispatch('getExhibitOcr', { number: 6 }));
    expect(ocr.pictures[0]?.text).toContain('/home/operator/.local/share/sqlmap/output/');
  });

  it('refuses OCR of an exhibit that is not a picture', async () => {
    const result = await svc.dispatch('startOcr', { numbers: [1] });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
