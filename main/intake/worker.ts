/**
 * The parse worker (built to out/main/parse-worker.js): parses evidence files in a worker thread so a
 * hostile file can be stopped by time and memory limits without taking the app with it. Jobs
 * `{ parserInput, kind? }` arrive as messages, one at a time (run-parser.ts keeps the worker for the
 * next file: starting one and loading the parsing libraries costs more than parsing a small file);
 * each is answered with `{ ok: true, result }`, `{ ok: false, failure }` for a refusal
 * (ParseFailure), or `{ ok: false, error }` for a bug, each with the heap in use after it. Between them the worker posts a FfmpegNotice
 * for each ffmpeg it starts and reaps (previews), so that run-parser.ts can kill one it leaves running.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { reportFfmpegTo } from '../media/ffmpeg.js';
import { type ParserInput, parseEvidence } from './parsers/index.js';
import type { DetectedKind, ParseResult } from './types.js';
import { ParseFailure } from './types.js';

export interface ParseJob {
  readonly parserInput: ParserInput;
  readonly kind?: DetectedKind;
}

/** Every reply also says how much of the worker's heap is in use after the job (run-parser.ts retires it past a limit). */
export type WorkerReply = (
  | { readonly ok: true; readonly result: ParseResult }
  | { readonly ok: false; readonly failure: string }
  | { readonly ok: false; readonly error: string }
) & { readonly heapUsed: number };

async function run(job: ParseJob): Promise<WorkerReply> {
  const heapUsed = () => getHeapStatistics().used_heap_size;
  try {
    const result = await parseEvidence(job.parserInput, job.kind);
    return { ok: true, result, heapUsed: heapUsed() };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, failure: error.message, heapUsed: heapUsed() };
    return {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      heapUsed: heapUsed(),
    };
  }
}

if (parentPort !== null) {
  const port = parentPort;
  // The parent kills the ffmpeg processes a parser started when it terminates this thread (time limit).
  reportFfmpegTo(port);
  port.on('message', (job: ParseJob) => {
    void run(job).then((reply) => {
      port.postMessage(reply);
    });
  });
}
