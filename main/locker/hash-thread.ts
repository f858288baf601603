/**
 * SHA-256, SHA-1 and MD5 of a blob, computed on a second thread while the importer encrypts and
 * writes the same bytes on this one: on two cores an import of a large file is then bounded by the
 * slower of the two jobs, not by their sum (`npm run bench` shows the ratio to `sha256sum`).
 *
 * `digest()` is synchronous — it blocks on `Atomics.wait` until the thread has hashed every chunk —
 * so BlobWriter keeps its synchronous API inside a transaction. The thread is shared by every writer
 * of the process, started on first use and unref'd so it never keeps a process alive. A chunk is
 * moved to it when its writer has stored it and owns its memory, else copied; at most
 * MAX_CHUNKS_IN_FLIGHT are queued, so memory stays flat whatever the file size.
 */
import { Worker } from 'node:worker_threads';

/** 8 chunks of 1 MiB: enough to ride out scheduling jitter, small enough to keep memory flat. */
const MAX_CHUNKS_IN_FLIGHT = 8;
/** Hashing 1 MiB takes milliseconds; a thread silent this long has died. */
const STALL_TIMEOUT_MS = 30_000;

// Plain JavaScript run with `eval: true`, so it needs no bundle entry of its own. It loads modules
// with process.getBuiltinModule, which works whether the thread inherits a CommonJS or an ES module
// setting (`--input-type=module` in the parent's execArgv makes eval'd code a module).
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
const jobs = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'begin') {
    jobs.set(message.id, {
      sha256: createHash('sha256'),
      sha1: createHash('sha1'),
      md5: createHash('md5'),
      control: new Int32Array(message.control),
      out: new Uint8Array(message.out),
    });
    return;
  }
  const job = jobs.get(message.id);
  if (!job) return;
  if (message.type === 'chunk') {
    job.sha256.update(message.chunk);
    job.sha1.update(message.chunk);
    job.md5.update(message.chunk);
    Atomics.add(job.control, 1, 1);
    Atomics.notify(job.control, 1);
  } else if (message.type === 'digest') {
    const hex = job.sha256.digest('hex') + job.sha1.digest('hex') + job.md5.digest('hex');
    job.out.set(Buffer.from(hex, 'latin1'));
    jobs.delete(message.id);
    Atomics.store(job.control, 0, 1);
    Atomics.notify(job.control, 0);
  } else if (message.type === 'abort') {
    jobs.delete(message.id);
  }
});
`;

const HEX_LENGTH = 64 + 40 + 32;

export interface Digests {
  readonly sha256: string;
  readonly sha1: string;
  readonly md5: string;
}

let worker: Worker | undefined;
let nextId = 1;

function hashWorker(): Worker {
  if (!worker) {
    const started = new Worker(WORKER_SOURCE, { eval: true });
    started.unref();
    started.on('error', () => {
      if (worker === started) worker = undefined;
    });
    started.on('exit', () => {
      if (worker === started) worker = undefined;
    });
    worker = started;
  }
  return worker;
}

/** Start the hashing thread ahead of the first large file (it is otherwise started on first use). */
export function warmHashThread(): void {
  hashWorker();
}

/** One blob's hashes on the shared thread. Call update() in order, then digest() once (or abort()). */
export class ThreadedHashes {
  private readonly id = nextId++;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly out = new Uint8Array(new SharedArrayBuffer(HEX_LENGTH));
  private readonly thread = hashWorker();
  private posted = 0;

  constructor() {
    this.thread.postMessage({ type: 'begin', id: this.id, control: this.control.buffer, out: this.out.buffer });
  }

  /**
   * Hash the next bytes. With `movable`, a chunk that is the whole of its memory is transferred to the
   * thread (detached here) instead of copied.
   */
  update(chunk: Uint8Array, movable = false): void {
    while (this.posted - Atomics.load(this.control, 1) >= MAX_CHUNKS_IN_FLIGHT) {
      this.wait(1, Atomics.load(this.control, 1));
    }
    const { buffer } = chunk;
    const whole =
      movable && buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === buffer.byteLength;
    this.thread.postMessage({ type: 'chunk', id: this.id, chunk }, whole ? [buffer] : []);
    this.posted += 1;
  }

  digest(): Digests {
    this.thread.postMessage({ type: 'digest', id: this.id });
    while (Atomics.load(this.control, 0) === 0) this.wait(0, 0);
    const hex = Buffer.from(this.out).toString('latin1');
    return { sha256: hex.slice(0, 64), sha1: hex.slice(64, 104), md5: hex.slice(104, HEX_LENGTH) };
  }

  abort(): void {
    this.thread.postMessage({ type: 'abort', id: this.id });
  }

  private wait(index: number, value: number): void {
    if (Atomics.wait(this.control, index, value, STALL_TIMEOUT_MS) === 'timed-out') {
      throw new Error('the hashing thread stopped answering; the file was not stored');
    }
  }
}
