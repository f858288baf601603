/**
 * OCR jobs: read the text in image and video exhibits (main/ocr, in a worker), store it searchable
 * with its word boxes (locker/ocr.ts) and record the indicators it holds (locker/indicators.ts).
 *
 * One job at a time per case, one exhibit at a time, each exhibit stored in one transaction (with its
 * custody entry 'evidence.ocr'): a crash or a cancel loses only the exhibit being read, which stays
 * pending. A job waits before writing while another writer (an import, a saved frame) holds the
 * case's transaction. `ocrExhibits` is the loop (the CLI calls it directly); `OcrJobs` runs it behind
 * the API with progress events, cancel, and lock/close stopping it.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventName, LocardEvents } from '../../shared/api.js';
import { OCR_FRAME_INTERVAL_RANGE_S, OCR_LANGUAGES, type AppSettings, type OcrLanguage } from '../../shared/domain.js';
import type { ExhibitOcr, OcrExhibitOutcome, OcrProgress } from '../../shared/ocr.js';
import { LocardError } from '../errors.js';
import { extractIndicators } from '../indicators/index.js';
import { makeImportTempDir } from '../intake/import.js';
import { readBlob } from '../locker/blobs.js';
import type { OpenCase } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import type { ReadDb, WriteDb } from '../locker/driver.js';
import { exhibitLabel, exhibitRowByNumber } from '../locker/exhibits.js';
import { recordOccurrences, type OccurrenceInput } from '../locker/indicators.js';
import {
  frameLabel,
  insertOcrResult,
  ocrCandidates,
  ocrResults,
  ocrRun,
  parseOcrWords,
  putOcrRun,
  type OcrCandidate,
} from '../locker/ocr.js';
import { engineDescription } from '../ocr/engine.js';
import { boxForRange } from '../ocr/layout.js';
import { OcrFailure, OcrReader, OcrStopped } from '../ocr/run-ocr.js';
import type { OcrPicture } from '../ocr/types.js';

export interface OcrSettings {
  readonly languages: readonly OcrLanguage[];
  readonly frameIntervalS: number;
}

/** The OCR settings to use, whatever a hand-edited config file says (unknown languages dropped,
 * the interval clamped to its range). */
export function ocrSettings(settings: Partial<Pick<AppSettings, 'ocrLanguages' | 'ocrFrameIntervalS'>>): OcrSettings {
  const known = new Set<string>(OCR_LANGUAGES);
  const languages = [...new Set(Array.isArray(settings.ocrLanguages) ? settings.ocrLanguages : [])].filter(
    (language): language is OcrLanguage => typeof language === 'string' && known.has(language),
  );
  const interval = Number(settings.ocrFrameIntervalS);
  return {
    languages: languages.length > 0 ? languages : ['eng'],
    frameIntervalS: Number.isFinite(interval)
      ? Math.min(OCR_FRAME_INTERVAL_RANGE_S.max, Math.max(OCR_FRAME_INTERVAL_RANGE_S.min, interval))
      : 2,
  };
}

export interface OcrRunOptions extends OcrSettings {
  readonly analyst: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: Omit<OcrProgress, 'jobId'>) => void;
  /** Called once the loop has passed the queue's last entry: entries pushed after this are not read. */
  readonly onDrained?: () => void;
  readonly now?: () => number;
  /** Override the worker script (tests); defaults to out/main/ocr-worker.js. */
  readonly workerPath?: string;
}

export interface OcrReport {
  readonly read: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly occurrences: number;
  readonly outcomes: readonly OcrExhibitOutcome[];
}

/** How often a job waiting to write looks again whether the other writer is done. */
const WRITE_WAIT_MS = 50;

/**
 * OCR the exhibits in `queue`, in order. The caller may push more candidates onto `queue` while this
 * runs (they are read too). Resolves when the queue is done or the signal stops it; the exhibits not
 * reached are reported cancelled and stay pending.
 */
export async function ocrExhibits(db: WriteDb, queue: OcrCandidate[], options: OcrRunOptions): Promise<OcrReport> {
  const now = options.now ?? Date.now;
  const outcomes: OcrExhibitOutcome[] = [];
  let reader: OcrReader | undefined;
  const stopReader = () => {
    void reader?.close();
  };
  options.signal?.addEventListener('abort', stopReader);
  const engine = engineDescription(options.languages);
  try {
    for (let index = 0; index < queue.length; index++) {
      const candidate = queue[index];
      if (!candidate) continue;
      const label = exhibitLabel(candidate.number);
      const progress = (event: Omit<OcrProgress, 'jobId' | 'exhibitIndex' | 'exhibitCount' | 'exhibit'>) => {
        options.onProgress?.({ exhibitIndex: index, exhibitCount: queue.length, exhibit: label, ...event });
      };
      if (options.signal?.aborted) {
        outcomes.push({ exhibit: label, status: 'cancelled' });
        continue;
      }
      // Read by another path meanwhile (a second job, a retry)? Then there is nothing to do.
      const before = ocrRun(db, candidate.id);
      if (before?.status === 'done') continue;
      const started = now();
      progress({ stage: 'preparing', frameIndex: 0, frameCount: candidate.kind === 'video' ? 0 : 1 });
      const workDir = makeImportTempDir();
      let outcome: OcrExhibitOutcome;
      try {
        reader =
          reader && !reader.isClosed
            ? reader
            : await OcrReader.start(options.languages, workDir, workerOptions(options));
        if (options.signal?.aborted) throw new OcrStopped('OCR was stopped.');
        const path = join(workDir, 'evidence');
        await writeBlobTo(db, candidate.blob_id, path);
        const pictures: OcrPicture[] = [];
        let sampled = candidate.kind === 'video' ? 0 : 1;
        if (candidate.kind === 'video') progress({ stage: 'sampling', frameIndex: 0, frameCount: 0 });
        await reader.read(
          {
            kind: candidate.kind === 'video' ? 'video' : 'image',
            path,
            workDir,
            everyS: options.frameIntervalS,
            durationS: videoDuration(candidate.metadata),
          },
          {
            onFrames: (count) => {
              sampled = count;
              progress({ stage: 'reading', frameIndex: 0, frameCount: count });
            },
            onProgress: (i, count) => progress({ stage: 'reading', frameIndex: i, frameCount: count }),
            onPicture: (picture) => {
              const previous = pictures.at(-1);
              if (picture.words.length === 0) return;
              // A screen that did not change reads the same: keep the first frame that shows it.
              if (previous && sameText(previous.text, picture.text)) return;
              pictures.push(picture);
            },
          },
        );
        progress({ stage: 'storing', frameIndex: sampled, frameCount: sampled });
        await waitForWriter(db, options.signal);
        outcome = storeReading(db, candidate, pictures, {
          analyst: options.analyst,
          languages: options.languages,
          engine,
          frameIntervalS: candidate.kind === 'video' ? options.frameIntervalS : null,
          framesSampled: sampled,
          started,
          finished: now(),
        });
      } catch (error) {
        if (error instanceof OcrStopped || options.signal?.aborted) {
          outcome = { exhibit: label, status: 'cancelled' };
        } else {
          if (!(error instanceof OcrFailure)) console.error(`[locard] OCR of ${label} failed:`, error);
          const reason = error instanceof Error ? error.message.replace(/[.]$/, '') : String(error);
          // A worker that broke is replaced for the next exhibit.
          if (!(error instanceof OcrFailure)) stopReader();
          try {
            await waitForWriter(db, options.signal);
            outcome = storeFailure(db, candidate, reason, {
              analyst: options.analyst,
              languages: options.languages,
              engine,
              frameIntervalS: candidate.kind === 'video' ? options.frameIntervalS : null,
              framesSampled: 0,
              started,
              finished: now(),
            });
          } catch (stopped) {
            if (!(stopped instanceof OcrStopped)) throw stopped;
            outcome = { exhibit: label, status: 'cancelled' };
          }
        }
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
      outcomes.push(outcome);
      progress({ stage: 'storing', frameIndex: 0, frameCount: 0, outcome });
    }
    options.onDrained?.();
  } finally {
    options.signal?.removeEventListener('abort', stopReader);
    await reader?.close();
  }
  return {
    read: outcomes.filter((o) => o.status === 'read').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    cancelled: outcomes.filter((o) => o.status === 'cancelled').length,
    occurrences: outcomes.reduce((sum, o) => sum + (o.status === 'read' ? o.occurrences : 0), 0),
    outcomes,
  };
}

function workerOptions(options: OcrRunOptions): { workerPath?: string } {
  return options.workerPath === undefined ? {} : { workerPath: options.workerPath };
}

function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

function videoDuration(metadataJson: string): number | null {
  try {
    const metadata = JSON.parse(metadataJson) as { duration?: unknown };
    return typeof metadata.duration === 'number' && Number.isFinite(metadata.duration) && metadata.duration > 0
      ? metadata.duration
      : null;
  } catch {
    return null;
  }
}

/** Copy an exhibit's stored bytes into `path` chunk by chunk (the event loop runs between chunks). */
async function writeBlobTo(db: ReadDb, blobId: number, path: string): Promise<void> {
  const handle = await openFile(path, 'wx', 0o600);
  try {
    for (const chunk of readBlob(db, blobId)) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

/**
 * The importer and the frame saver keep the case's transaction open across awaits; OCR writes only
 * once it is closed, so its exhibit is never part of (or rolled back with) someone else's.
 */
async function waitForWriter(db: WriteDb, signal: AbortSignal | undefined): Promise<void> {
  while (db.inTransaction()) {
    if (signal?.aborted) throw new OcrStopped('OCR was stopped.');
    await new Promise((resolve) => setTimeout(resolve, WRITE_WAIT_MS));
  }
}

interface RunFacts {
  readonly analyst: string;
  readonly languages: readonly OcrLanguage[];
  readonly engine: string;
  readonly frameIntervalS: number | null;
  readonly framesSampled: number;
  readonly started: number;
  readonly finished: number;
}

/** One transaction: the run, every picture's text and words, the indicators they hold, custody. */
function storeReading(
  db: WriteDb,
  candidate: OcrCandidate,
  pictures: readonly OcrPicture[],
  facts: RunFacts,
): OcrExhibitOutcome {
  const label = exhibitLabel(candidate.number);
  return db.transaction(() => {
    putOcrRun(db, {
      exhibit_id: candidate.id,
      status: 'done',
      reason: '',
      languages: facts.languages.join('+'),
      engine: facts.engine,
      frame_interval_s: facts.frameIntervalS,
      frames_sampled: facts.framesSampled,
      pictures: pictures.length,
      started_at: facts.started,
      finished_at: facts.finished,
      analyst: facts.analyst,
    });
    const occurrences: OccurrenceInput[] = [];
    let words = 0;
    for (const picture of pictures) {
      insertOcrResult(db, {
        exhibitId: candidate.id,
        frameTimeS: picture.frameTimeS,
        width: picture.width,
        height: picture.height,
        text: picture.text,
        words: picture.words,
        confidence: picture.confidence,
      });
      words += picture.words.length;
      for (const extraction of extractIndicators(picture.text)) {
        occurrences.push({
          extraction,
          location: {
            start: extraction.start,
            end: extraction.end,
            kind: 'ocr',
            label: picture.frameTimeS === null ? '' : frameLabel(picture.frameTimeS),
            frameTimeS: picture.frameTimeS,
            box: boxForRange(picture, extraction.start, extraction.end),
          },
        });
      }
    }
    recordOccurrences(db, candidate.id, occurrences, facts.finished);
    appendCustody(db, {
      analyst: facts.analyst,
      action: 'evidence.ocr',
      objectIds: [label],
      details: {
        status: 'done',
        engine: facts.engine,
        languages: facts.languages.join('+'),
        ...(facts.frameIntervalS === null
          ? {}
          : { frameIntervalS: facts.frameIntervalS, framesSampled: facts.framesSampled }),
        pictures: pictures.length,
        words,
        occurrences: occurrences.length,
      },
      at: facts.finished,
    });
    return { exhibit: label, status: 'read', pictures: pictures.length, words, occurrences: occurrences.length };
  });
}

function storeFailure(db: WriteDb, candidate: OcrCandidate, reason: string, facts: RunFacts): OcrExhibitOutcome {
  const label = exhibitLabel(candidate.number);
  db.transaction(() => {
    putOcrRun(db, {
      exhibit_id: candidate.id,
      status: 'failed',
      reason,
      languages: facts.languages.join('+'),
      engine: facts.engine,
      frame_interval_s: facts.frameIntervalS,
      frames_sampled: facts.framesSampled,
      pictures: 0,
      started_at: facts.started,
      finished_at: facts.finished,
      analyst: facts.analyst,
    });
    appendCustody(db, {
      analyst: facts.analyst,
      action: 'evidence.ocr',
      objectIds: [label],
      details: { status: 'failed', reason, engine: facts.engine, languages: facts.languages.join('+') },
      at: facts.finished,
    });
  });
  return { exhibit: label, status: 'failed', reason };
}

/** An exhibit's OCR for the API: its status and every picture's text and word boxes. */
export function exhibitOcr(open: OpenCase, number: number): ExhibitOcr {
  const row = exhibitRowByNumber(open.db, number);
  if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(number)} in this case.`);
  const run = ocrRun(open.db, row.id);
  const applicable = row.kind === 'image' || row.kind === 'video';
  return {
    number,
    status: run ? run.status : applicable ? 'pending' : 'not-applicable',
    reason: run?.reason ?? '',
    languages: run?.languages ?? '',
    engine: run?.engine ?? '',
    finishedAt: run?.finished_at ?? null,
    framesSampled: run?.frames_sampled ?? 0,
    pictures: ocrResults(open.db, row.id).map((picture) => ({
      frameTimeS: picture.frame_time_s,
      width: picture.width,
      height: picture.height,
      text: picture.text,
      confidence: picture.confidence,
      words: parseOcrWords(picture.words),
    })),
  };
}

type Emit = <E extends EventName>(event: E, payload: LocardEvents[E]) => void;

/**
 * OCR behind the API: one job at a time per case; exhibits queued while a job runs join it. Lock and
 * close stop a running job first (the exhibit being read stays pending).
 */
export class OcrJobs {
  private running:
    | {
        id: string;
        controller: AbortController;
        queue: OcrCandidate[];
        done: Promise<void>;
        open: OpenCase;
        /** False once the job has passed its last exhibit: later requests start the next job. */
        accepting: boolean;
      }
    | undefined;

  /** Requests made while a job was finishing or being cancelled: the next job, started when it ends. */
  private next:
    { id: string; open: OpenCase; analyst: string; settings: OcrSettings; queue: OcrCandidate[] } | undefined;

  constructor(
    private readonly emit: Emit,
    private readonly onActivity: () => void,
    /** After a job ends: the case summary (custody count, size) has changed. */
    private readonly onFinished: () => void = () => undefined,
    private readonly workerPath?: string,
  ) {}

  /**
   * Read `candidates` (those not already queued). Starts a job, adds them to the running one, or —
   * while the running one is finishing or being cancelled — to the job that starts when it ends.
   * Returns that job's id, or null when there was nothing to read.
   */
  enqueue(
    open: OpenCase,
    analyst: string,
    settings: OcrSettings,
    candidates: readonly OcrCandidate[],
  ): { jobId: string | null; queued: number } {
    const running = this.running;
    if (running?.open === open && running.accepting && !running.controller.signal.aborted) {
      const added = notIn(running.queue, candidates);
      running.queue.push(...added);
      return { jobId: running.id, queued: added.length };
    }
    if (candidates.length === 0) return { jobId: null, queued: 0 };
    if (running) {
      if (this.next?.open !== open) this.next = { id: randomUUID(), open, analyst, settings, queue: [] };
      const added = notIn(this.next.queue, candidates);
      this.next.queue.push(...added);
      return { jobId: this.next.id, queued: added.length };
    }
    this.start(randomUUID(), open, analyst, settings, [...candidates]);
    return { jobId: this.running?.id ?? null, queued: candidates.length };
  }

  private start(id: string, open: OpenCase, analyst: string, settings: OcrSettings, queue: OcrCandidate[]): void {
    const controller = new AbortController();
    const progress = (event: Omit<OcrProgress, 'jobId'>) => {
      this.emit('ocrProgress', { jobId: id, ...event });
    };
    const job = { id, controller, queue, open, accepting: true, done: Promise.resolve() };
    job.done = ocrExhibits(open.db, queue, {
      analyst,
      ...settings,
      signal: controller.signal,
      ...(this.workerPath === undefined ? {} : { workerPath: this.workerPath }),
      onDrained: () => {
        job.accepting = false;
      },
      onProgress: (event) => {
        this.onActivity();
        progress(event);
        if (event.outcome?.status === 'read' && event.outcome.occurrences > 0) {
          this.emit('indicatorsChanged', { count: event.outcome.occurrences });
        }
      },
    })
      .then((report) => {
        progress(lastEvent(queue.length, report));
      })
      .catch((error: unknown) => {
        console.error('[locard] OCR job failed:', error);
        progress(lastEvent(queue.length, { read: 0, failed: 0, cancelled: queue.length, occurrences: 0 }));
      })
      .finally(() => {
        this.running = undefined;
        this.onFinished();
        const next = this.next;
        this.next = undefined;
        if (next) this.start(next.id, next.open, next.analyst, next.settings, next.queue);
      });
    this.running = job;
  }

  /** The running job, if any: its id and how many exhibits it holds. */
  current(): { jobId: string; exhibits: number } | null {
    return this.running ? { jobId: this.running.id, exhibits: this.running.queue.length } : null;
  }

  cancel(jobId: string): void {
    if (this.running?.id === jobId) this.running.controller.abort();
    if (this.next?.id === jobId) this.next = undefined;
  }

  /** Cancel whatever runs (and what was to follow) and wait until the case is no longer being written. */
  async stop(): Promise<void> {
    this.next = undefined;
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
    this.next = undefined;
  }
}

function notIn(queue: readonly OcrCandidate[], candidates: readonly OcrCandidate[]): OcrCandidate[] {
  const queued = new Set(queue.map((c) => c.id));
  return candidates.filter((c) => !queued.has(c.id));
}

function lastEvent(
  count: number,
  report: Pick<OcrReport, 'read' | 'failed' | 'cancelled' | 'occurrences'>,
): Omit<OcrProgress, 'jobId'> {
  return {
    exhibitIndex: count,
    exhibitCount: count,
    exhibit: '',
    stage: 'storing',
    frameIndex: 0,
    frameCount: 0,
    done: { read: report.read, failed: report.failed, cancelled: report.cancelled, occurrences: report.occurrences },
  };
}

/** Candidates for `startOcr`: the listed exhibits (or every one) not yet read, failed ones again. */
export function ocrRequest(db: ReadDb, numbers: readonly number[] | undefined): OcrCandidate[] {
  if (numbers !== undefined) {
    for (const number of numbers) {
      const row = exhibitRowByNumber(db, number);
      if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(number)} in this case.`);
      if (row.kind !== 'image' && row.kind !== 'video') {
        throw new LocardError(
          'invalid-argument',
          `${exhibitLabel(number)} is not an image or a video (it is ${row.kind}); OCR reads only pictures.`,
        );
      }
    }
  }
  return ocrCandidates(db, { retryFailed: true, ...(numbers === undefined ? {} : { numbers }) });
}
