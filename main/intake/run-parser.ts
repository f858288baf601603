/**
 * Runs a parser in a worker thread with a time limit and a memory limit (CONVENTIONS §7). The worker
 * is the built out/main/parse-worker.js (see worker.ts); refusals come back as ParseFailure, as do
 * the limits being hit; a parser bug rejects with an ordinary Error. A worker stopped at a limit has
 * its ffmpeg processes killed too (it reports them; terminating a thread does not end them).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FfmpegWatch, type FfmpegNotice } from '../media/ffmpeg.js';
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
 * A worker is replaced once its heap holds this much after a job, or after MAX_JOBS_PER_WORKER jobs,
 * so that whatever a parser library leaves behind (caches, fragmented heap) cannot build up over a
 * large import. Not after a fixed small count: a new worker loads the parsing libraries again
 * (~150–300 ms on the importer's critical path), which every 200 small files cost ~1.4 ms per file.
 */
export const RETIRE_HEAP_BYTES = 256 * 1024 * 1024;
export const MAX_JOBS_PER_WORKER = 5_000;

/** A job's listeners, replaced for each file the worker parses. */
interface JobHandlers {
  onReply(reply: WorkerReply): void;
  onError(error: Error & { code?: string }): void;
  onExit(code: number): void;
}

interface Slot {
  readonly worker: Worker;
  readonly key: string;
  /** The ffmpeg processes the worker reports running (killed when the worker is terminated). */
  readonly ffmpeg: FfmpegWatch;
  jobs: number;
  job: JobHandlers | undefined;
  /** Terminated (or being terminated): never reused. */
  stopping: boolean;
  /** The thread is gone (its exit event came). */
  exited: boolean;
}

/**
 * Workers kept between files. An import parses the next file while it stores the current one, whose
 * children (attachments, members) are parsed meanwhile: two at once at most, so two are kept.
 */
const MAX_IDLE_WORKERS = 2;
const idle: Slot[] = [];

function forgetIdle(slot: Slot): void {
  const at = idle.indexOf(slot);
  if (at !== -1) idle.splice(at, 1);
}

/** Every worker alive, for the exit hook: the ffmpeg processes they started die with Locard. */
const live = new Set<Slot>();
let exitHookInstalled = false;

function startWorker(path: string, memoryMb: number, key: string): Slot {
  const worker = new Worker(path, { resourceLimits: { maxOldGenerationSizeMb: memoryMb }, stdout: true, stderr: true });
  // A parser library's console output is noise in the CLI and the app: read and dropped.
  worker.stdout.resume();
  worker.stderr.resume();
  const slot: Slot = {
    worker,
    key,
    ffmpeg: new FfmpegWatch(),
    jobs: 0,
    job: undefined,
    stopping: false,
    exited: false,
  };
  worker.on('message', (message: WorkerReply | FfmpegNotice) => {
    if (slot.ffmpeg.note(message)) return;
    slot.job?.onReply(message as WorkerReply);
  });
  worker.on('error', (error: Error & { code?: string }) => {
    slot.job?.onError(error);
  });
  worker.on('exit', (code) => {
    slot.exited = true;
    live.delete(slot);
    forgetIdle(slot);
    // Anything it had not reaped is killed (a crash or an out-of-memory stop leaves its children running).
    slot.ffmpeg.killAll();
    slot.job?.onExit(code);
  });
  live.add(slot);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const each of live) each.ffmpeg.killAll();
    });
  }
  return slot;
}

function takeWorker(path: string, memoryMb: number): Slot {
  const key = `${path}\u0000${String(memoryMb)}`;
  const reused = idle.find((slot) => slot.key === key);
  if (reused) {
    forgetIdle(reused);
    reused.worker.ref();
    return reused;
  }
  // Workers for another script or memory limit (tests) are not kept.
  for (const other of idle.splice(0)) void stopWorker(other);
  return startWorker(path, memoryMb, key);
}

/**
 * Terminate a worker. terminate() ends the thread, not the processes it started: the ffmpeg processes it
 * reported running are killed first (and it is given a moment to reap them).
 */
async function stopWorker(slot: Slot): Promise<void> {
  slot.stopping = true;
  slot.job = undefined;
  forgetIdle(slot);
  // A thread that is gone cannot reap: kill and move on.
  if (slot.exited) slot.ffmpeg.killAll();
  else await slot.ffmpeg.stop();
  await slot.worker.terminate();
  // A notice that was still in flight when the thread was stopped.
  slot.ffmpeg.killAll();
}

function releaseWorker(slot: Slot, heapUsed: number): void {
  slot.job = undefined;
  if (slot.stopping) return;
  if (slot.jobs >= MAX_JOBS_PER_WORKER || heapUsed >= RETIRE_HEAP_BYTES || idle.length >= MAX_IDLE_WORKERS) {
    void stopWorker(slot);
    return;
  }
  // An idle worker must not keep the CLI's process alive.
  slot.worker.unref();
  idle.push(slot);
}

/**
 * Start a parse worker now, kept idle for the first file: `locard import` calls this before opening
 * the case, so the worker boots on another core while the passphrase is stretched (~0.1 s saved on
 * the first file).
 */
export function warmParserWorker(): void {
  const path = parseWorkerPath();
  const key = `${path}\u0000${String(DEFAULT_PARSE_MEMORY_MB)}`;
  if (idle.some((slot) => slot.key === key)) return;
  const slot = startWorker(path, DEFAULT_PARSE_MEMORY_MB, key);
  slot.worker.unref();
  idle.push(slot);
}

/** Stop the workers kept between files (end of an import batch, shutdown). */
export async function closeParserWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((slot) => stopWorker(slot)));
}

export function runParser(input: ParserInput, options: RunParserOptions = {}): Promise<ParseResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const memoryMb = options.maxOldGenerationSizeMb ?? DEFAULT_PARSE_MEMORY_MB;
  const job: ParseJob =
    options.kind === undefined ? { parserInput: input } : { parserInput: input, kind: options.kind };
  const slot = takeWorker(options.workerPath ?? parseWorkerPath(), memoryMb);
  slot.jobs += 1;
  return new Promise<ParseResult>((resolve, reject) => {
    let settled = false;
    /**
     * Settle once. A worker that answered goes back to the pool; any other is terminated, its ffmpeg
     * processes killed first, and only then is the job settled (the caller removes the temporary
     * folder they were writing into).
     */
    const settle = (action: () => void, answered: boolean, heapUsed = 0): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answered) {
        releaseWorker(slot, heapUsed);
        action();
      } else {
        void stopWorker(slot).finally(action);
      }
    };
    const timer = setTimeout(() => {
      settle(() => {
        reject(new ParseFailure(`parsing took longer than ${formatSeconds(timeoutMs)} s and was stopped`));
      }, false);
    }, timeoutMs);
    slot.job = {
      onReply: (reply) => {
        settle(
          () => {
            if (reply.ok) resolve(reply.result);
            else if ('failure' in reply) reject(new ParseFailure(reply.failure));
            else reject(new Error(`The parser failed: ${reply.error}`));
          },
          true,
          reply.heapUsed,
        );
      },
      onError: (error) => {
        settle(() => {
          if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            reject(new ParseFailure(`parsing needed more than ${String(memoryMb)} MB of memory and was stopped`));
          } else {
            reject(error);
          }
        }, false);
      },
      onExit: (code) => {
        settle(() => {
          reject(new Error(`The parse worker exited (code ${String(code)}) without an answer.`));
        }, false);
      },
    };
    slot.worker.postMessage(job);
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(seconds < 1 ? 3 : 1);
}
