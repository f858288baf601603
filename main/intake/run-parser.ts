/**
 * Runs a parser in a worker thread with a time limit and a memory limit (CONVENTIONS §7). The worker
 * is the built out/main/parse-worker.js (see worker.ts); refusals come back as ParseFailure, as do
 * the limits being hit; a parser bug rejects with an ordinary Error.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { outDirectory } from '../paths.js';
import type { ParserInput } from './parsers/common.js';
import type { DetectedKind, ParseResult } from './types.js';
import { ParseFailure } from './types.js';
import type { ParseJob, WorkerReply } from './worker.js';

/** Two minutes: a large PDF or mailbox parses in seconds; a parser still busy after this is stuck
 * (catastrophic backtracking, a decoder loop) and the analyst is better served by a clear refusal. */
export const DEFAULT_PARSE_TIMEOUT_MS = 120_000;

/** The worker's V8 heap: pdf.js and mailparser hold one file (≤ 256 MiB) plus its decoded form in
 * memory; 1 GiB leaves room for that and stops a memory bomb long before it hurts the app. */
export const DEFAULT_PARSE_MEMORY_MB = 1024;

export interface RunParserOptions {
  readonly timeoutMs?: number;
  readonly maxOldGenerationSizeMb?: number;
  readonly kind?: DetectedKind;
  /** Override the worker script (tests); defaults to out/main/parse-worker.js. */
  readonly workerPath?: string;
}

export function parseWorkerPath(): string {
  return join(outDirectory(), 'main', 'parse-worker.js');
}

/**
 * A worker is reused for this many files, then replaced, so that whatever a parser library leaves
 * behind (caches, fragmented heap) cannot build up over a large import.
 */
export const MAX_JOBS_PER_WORKER = 200;

interface IdleWorker {
  readonly worker: Worker;
  readonly key: string;
  jobs: number;
}

/** One worker kept between files (imports parse one file at a time). */
let idle: IdleWorker | undefined;

function takeWorker(path: string, memoryMb: number): IdleWorker {
  const key = `${path}\u0000${String(memoryMb)}`;
  if (idle?.key === key) {
    const reused = idle;
    idle = undefined;
    reused.worker.ref();
    return reused;
  }
  if (idle) void idle.worker.terminate();
  idle = undefined;
  const worker = new Worker(path, { resourceLimits: { maxOldGenerationSizeMb: memoryMb }, stdout: true, stderr: true });
  // A parser library's console output is noise in the CLI and the app: read and dropped.
  worker.stdout.resume();
  worker.stderr.resume();
  return { worker, key, jobs: 0 };
}

function releaseWorker(slot: IdleWorker): void {
  slot.worker.removeAllListeners('message');
  slot.worker.removeAllListeners('error');
  slot.worker.removeAllListeners('exit');
  if (slot.jobs >= MAX_JOBS_PER_WORKER || idle) {
    void slot.worker.terminate();
    return;
  }
  // An idle worker must not keep the CLI's process alive.
  slot.worker.unref();
  slot.worker.on('exit', () => {
    if (idle === slot) idle = undefined;
  });
  idle = slot;
}

/** Stop the worker kept between files (end of an import batch, shutdown). */
export async function closeParserWorkers(): Promise<void> {
  const slot = idle;
  idle = undefined;
  if (slot) await slot.worker.terminate();
}

export function runParser(input: ParserInput, options: RunParserOptions = {}): Promise<ParseResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const memoryMb = options.maxOldGenerationSizeMb ?? DEFAULT_PARSE_MEMORY_MB;
  const job: ParseJob =
    options.kind === undefined ? { parserInput: input } : { parserInput: input, kind: options.kind };
  const slot = takeWorker(options.workerPath ?? parseWorkerPath(), memoryMb);
  const { worker } = slot;
  slot.jobs += 1;
  return new Promise<ParseResult>((resolve, reject) => {
    let settled = false;
    /** Settle once; a worker that answered goes back to the pool, any other is terminated. */
    const settle = (action: () => void, answered: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answered) releaseWorker(slot);
      else {
        worker.removeAllListeners();
        void worker.terminate();
      }
      action();
    };
    const timer = setTimeout(() => {
      settle(() => {
        reject(new ParseFailure(`parsing took longer than ${formatSeconds(timeoutMs)} s and was stopped`));
      }, false);
    }, timeoutMs);
    worker.on('message', (reply: WorkerReply) => {
      settle(() => {
        if (reply.ok) resolve(reply.result);
        else if ('failure' in reply) reject(new ParseFailure(reply.failure));
        else reject(new Error(`The parser failed: ${reply.error}`));
      }, true);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new ParseFailure(`parsing needed more than ${String(memoryMb)} MB of memory and was stopped`));
        } else {
          reject(error);
        }
      }, false);
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new Error(`The parse worker exited (code ${String(code)}) without an answer.`));
      }, false);
    });
    worker.postMessage(job);
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(seconds < 1 ? 3 : 1);
}
