/**
 * The main-thread side of the OCR worker (worker.ts, built to out/main/ocr-worker.js): start it with
 * the job's languages, send it one exhibit file at a time, pass its pictures on, and stop it when it
 * stalls or when the job is cancelled (terminating the thread stops Tesseract mid-picture). Terminating
 * a thread does not end the processes it started: the worker reports each ffmpeg it runs, and stopping
 * it first cancels the read (the worker's AbortSignal kills its ffmpeg) and kills any still reported.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OcrLanguage } from '../../shared/domain.js';
import { FfmpegWatch } from '../media/ffmpeg.js';
import { SAMPLE_TIMEOUT_MS } from '../media/frames.js';
import { outDirectory } from '../paths.js';
import type { OcrPicture } from './types.js';
import type { OcrWorkerReply, OcrWorkerRequest } from './worker.js';

/** Loading the WebAssembly core and a language's data takes about a second; a minute means it is stuck. */
export const START_TIMEOUT_MS = 60_000;

/** One picture: decoding plus recognition of a 4000-pixel screen full of text takes seconds to tens of
 * seconds on a slow laptop; two minutes without a word from the worker means it is stuck. */
export const PICTURE_TIMEOUT_MS = 120_000;

/** The worker's JavaScript heap: pictures (a 4000×4000 grey picture is 16 MB) and their words. Tesseract's
 * own memory is WebAssembly memory in its thread, bounded by the WebAssembly limits. */
export const OCR_WORKER_MEMORY_MB = 1024;

/** The picture could not be read (the analyst sees the reason); the next exhibit can still be read. */
export class OcrFailure extends Error {
  override name = 'OcrFailure';
}

/** The reader was closed (job cancelled, case locked) while it was reading. */
export class OcrStopped extends Error {
  override name = 'OcrStopped';
}

export function ocrWorkerPath(): string {
  return join(outDirectory(), 'main', 'ocr-worker.js');
}

export interface ReadRequest {
  readonly kind: 'image' | 'video';
  readonly path: string;
  readonly workDir: string;
  /** Videos: a frame at least this often (seconds). */
  readonly everyS: number;
  readonly durationS: number | null;
}

export interface ReadEvents {
  onFrames?(count: number): void;
  onProgress?(index: number, count: number, fraction: number): void;
  onPicture(picture: OcrPicture): void;
}

interface Pending {
  readonly id: number;
  readonly events: ReadEvents;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timeoutFirstMs: number;
}

export class OcrReader {
  private pending: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    /** The ffmpeg processes the worker reports running. */
    private readonly ffmpeg: FfmpegWatch,
  ) {
    worker.on('message', (reply: unknown) => {
      if (ffmpeg.note(reply)) return;
      this.onReply(reply as OcrWorkerReply);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      this.fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new OcrFailure(`OCR needed more than ${String(OCR_WORKER_MEMORY_MB)} MB of memory and was stopped`)
          : new Error(`The OCR worker failed: ${error.message}`),
      );
    });
    worker.on('exit', (code) => {
      this.closed = true;
      ffmpeg.killAll();
      this.fail(new Error(`The OCR worker exited (code ${String(code)}).`));
    });
  }

  /** Start a worker and its recogniser for `languages`; `workDir` is the job's private temporary folder. */
  static async start(
    languages: readonly OcrLanguage[],
    workDir: string,
    options: { readonly workerPath?: string } = {},
  ): Promise<OcrReader> {
    const worker = new Worker(options.workerPath ?? ocrWorkerPath(), {
      resourceLimits: { maxOldGenerationSizeMb: OCR_WORKER_MEMORY_MB },
      stdout: true,
      stderr: true,
    });
    // Tesseract prints diagnostics ("Estimating resolution as 385"): noise in the CLI and the app.
    worker.stdout.resume();
    worker.stderr.resume();
    const ffmpeg = new FfmpegWatch();
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The OCR engine did not start within ${String(START_TIMEOUT_MS / 1000)} s.`));
      }, START_TIMEOUT_MS);
      const onMessage = (reply: OcrWorkerReply) => {
        if (reply.type !== 'ready' && reply.type !== 'error') return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (reply.type === 'ready') resolve();
        else reject(new Error(reply.message));
      };
      const onError = (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`The OCR worker failed to start: ${error.message}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
    const request: OcrWorkerRequest = { type: 'start', languages, workDir };
    worker.postMessage(request);
    try {
      await ready;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new OcrReader(worker, ffmpeg);
  }

  /** Read one file. Rejects with OcrFailure (this file), OcrStopped (closed) or Error (the worker broke). */
  read(request: ReadRequest, events: ReadEvents): Promise<void> {
    if (this.closed) return Promise.reject(new OcrStopped('The OCR reader is closed.'));
    if (this.pending) return Promise.reject(new Error('The OCR reader is already reading a file.'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      // A video is sampled (the whole video decoded) before its first frame is read.
      const timeoutFirstMs = request.kind === 'video' ? SAMPLE_TIMEOUT_MS + PICTURE_TIMEOUT_MS : PICTURE_TIMEOUT_MS;
      this.pending = { id, events, resolve, reject, timeoutFirstMs };
      this.arm(timeoutFirstMs);
      const message: OcrWorkerRequest = { type: 'read', id, ...request };
      this.worker.postMessage(message);
    });
  }

  /** Stop the worker (and Tesseract and ffmpeg with it); a read in progress rejects with OcrStopped. */
  async close(): Promise<void> {
    const wasOpen = !this.closed;
    this.closed = true;
    const reading = this.pending?.id;
    this.fail(new OcrStopped('OCR was stopped.'));
    if (wasOpen) await this.stopWorker(reading);
  }

  /** Cancel the read (the worker kills its ffmpeg and reaps it), kill what it still reports, terminate. */
  private async stopWorker(reading: number | undefined): Promise<void> {
    if (reading !== undefined) {
      const cancel: OcrWorkerRequest = { type: 'cancel', id: reading };
      this.worker.postMessage(cancel);
    }
    await this.ffmpeg.stop();
    await this.worker.terminate();
    this.ffmpeg.killAll();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const seconds = String(Math.round(ms / 1000));
      const reading = this.pending?.id;
      this.fail(new OcrFailure(`OCR made no progress for ${seconds} s and was stopped`));
      this.closed = true;
      void this.stopWorker(reading);
    }, ms);
  }

  private onReply(reply: OcrWorkerReply): void {
    const pending = this.pending;
    if (reply.type === 'error') {
      this.fail(new Error(reply.message));
      return;
    }
    if (!pending || reply.type === 'ready' || reply.id !== pending.id) return;
    switch (reply.type) {
      case 'frames':
        this.arm(PICTURE_TIMEOUT_MS);
        pending.events.onFrames?.(reply.count);
        break;
      case 'progress':
        this.arm(PICTURE_TIMEOUT_MS);
        pending.events.onProgress?.(reply.index, reply.count, reply.fraction);
        break;
      case 'picture':
        this.arm(PICTURE_TIMEOUT_MS);
        pending.events.onPicture(reply.picture);
        break;
      case 'done':
        this.settle();
        pending.resolve();
        break;
      case 'failed':
        this.settle();
        pending.reject(new OcrFailure(reply.reason));
        break;
    }
  }

  private settle(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.settle();
    pending?.reject(error);
  }
}
