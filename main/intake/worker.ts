/**
 * The parse worker (built to out/main/parse-worker.js): parses one evidence file in a worker thread
 * so a hostile file can be stopped by time and memory limits without taking the app with it.
 * Receives `{ parserInput, kind? }` as workerData; posts back `{ ok: true, result }`, or
 * `{ ok: false, failure }` for a refusal (ParseFailure), or `{ ok: false, error }` for a bug.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ParserInput, parseEvidence } from './parsers/index.js';
import type { DetectedKind, ParseResult } from './types.js';
import { ParseFailure } from './types.js';

export interface ParseJob {
  readonly parserInput: ParserInput;
  readonly kind?: DetectedKind;
}

export type WorkerReply =
  | { readonly ok: true; readonly result: ParseResult }
  | { readonly ok: false; readonly failure: string }
  | { readonly ok: false; readonly error: string };

async function run(job: ParseJob): Promise<WorkerReply> {
  try {
    return { ok: true, result: await parseEvidence(job.parserInput, job.kind) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, failure: error.message };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

if (parentPort !== null) {
  const port = parentPort;
  void run(workerData as ParseJob).then((reply) => {
    port.postMessage(reply);
  });
}
