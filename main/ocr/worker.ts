/**
 * The OCR worker thread, built to out/main/ocr-worker.js (scripts/build.mjs). It owns one Tesseract
 * recogniser (itself a worker thread started by tesseract.js) for a whole OCR job and reads one
 * exhibit file per request, streaming each picture back as it is read. run-ocr.ts starts it, watches
 * its time, and terminates it to cancel.
 */
import { parentPort } from 'node:worker_threads';
import type { OcrLanguage } from '../../shared/domain.js';
import { FfmpegError, reportFfmpegTo } from '../media/ffmpeg.js';
import { createOcrEngine, type OcrEngine } from './engine.js';
import { readImage, readVideo } from './read.js';
import type { OcrPicture } from './types.js';

export type OcrWorkerRequest =
  | { readonly type: 'start'; readonly languages: readonly OcrLanguage[]; readonly workDir: string }
  | {
      readonly type: 'read';
      readonly id: number;
      readonly kind: 'image' | 'video';
      readonly path: string;
      readonly workDir: string;
      readonly everyS: number;
      readonly durationS: number | null;
    }
  /** Stop reading request `id`: its ffmpeg is killed (the reader then terminates this thread). */
  | { readonly type: 'cancel'; readonly id: number };

export type OcrWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'frames'; readonly id: number; readonly count: number }
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly index: number;
      readonly count: number;
      readonly fraction: number;
    }
  | { readonly type: 'picture'; readonly id: number; readonly picture: OcrPicture }
  | { readonly type: 'done'; readonly id: number }
  /** The file could not be read as a picture (the analyst sees the reason). */
  | { readonly type: 'failed'; readonly id: number; readonly reason: string }
  /** A bug or a broken installation. */
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('ocr-worker must run in a worker thread');

let engine: OcrEngine | undefined;
/** The request being read, and how to stop its ffmpeg. */
let reading: { readonly id: number; readonly controller: AbortController } | undefined;
// run-ocr.ts kills the ffmpeg processes still running when it terminates this thread.
reportFfmpegTo(port);
const post = (reply: OcrWorkerReply) => port.postMessage(reply);

/** Progress is sent when it moved by at least this much (Tesseract reports every percent). */
const PROGRESS_STEP = 0.1;

async function handle(request: OcrWorkerRequest): Promise<void> {
  if (request.type === 'cancel') {
    if (reading?.id === request.id) reading.controller.abort();
    return;
  }
  if (request.type === 'start') {
    try {
      engine = await createOcrEngine(request.languages, request.workDir);
      post({ type: 'ready' });
    } catch (error) {
      post({ type: 'error', message: `The OCR engine could not start: ${describe(error)}` });
    }
    return;
  }
  const { id } = request;
  if (!engine) {
    post({ type: 'error', message: 'The OCR engine was not started.' });
    return;
  }
  let last = -1;
  const events = {
    onFrames: (count: number) => post({ type: 'frames', id, count }),
    onProgress: (index: number, count: number, fraction: number) => {
      const at = index + fraction;
      if (fraction !== 0 && fraction !== 1 && at - last < PROGRESS_STEP) return;
      last = at;
      post({ type: 'progress', id, index, count, fraction });
    },
    onPicture: (picture: OcrPicture) => post({ type: 'picture', id, picture }),
  };
  const controller = new AbortController();
  reading = { id, controller };
  try {
    if (request.kind === 'image') await readImage(engine, request.path, request.workDir, events, controller.signal);
    else
      await readVideo(
        engine,
        request.path,
        request.workDir,
        { everyS: request.everyS, durationS: request.durationS },
        events,
        controller.signal,
      );
    post({ type: 'done', id });
  } catch (error) {
    if (error instanceof FfmpegError) post({ type: 'failed', id, reason: error.message });
    else post({ type: 'error', message: describe(error) });
  } finally {
    // One request at a time (run-ocr.ts): nothing else is being read now.
    reading = undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// One request at a time: run-ocr.ts sends the next only after the previous one's last reply.
port.on('message', (request: OcrWorkerRequest) => {
  void handle(request);
});
