/**
 * The only module that starts ffmpeg. The binary is the one shipped by @ffmpeg-installer (GPLv3, run
 * as a separate process, never linked), or the one named by LOCARD_FFMPEG. Every run is hardened
 * against hostile media: no stdin, inputs only through the `file` protocol (a crafted playlist or
 * reference can never open a network URL), images through an explicit demuxer and videos through a
 * list of container demuxers (so a file name is never read as an image-sequence pattern), a wall-clock
 * limit, a processor-time limit inside ffmpeg itself (in case Locard dies and leaves it orphaned), a
 * cap on single allocations, and stderr read line by line without keeping more than a small tail.
 *
 * Every running ffmpeg is known: an AbortSignal stops one (OCR's cancel), Locard's exit kills them, and
 * a worker thread reports each to its parent (reportFfmpegTo), which kills them when it terminates the
 * thread at a time limit — terminating a thread does not end the processes it started (FfmpegWatch).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, sep } from 'node:path';

/** ffmpeg could not do what was asked; the message names the reason in the analyst's words. */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
}

/** No single buffer ffmpeg allocates may exceed this: an 8K RGBA frame is ~130 MB; a header claiming a
 * 60000×60000 picture is an attack on memory, refused by ffmpeg before it is made. */
const MAX_ALLOC_BYTES = 512 * 1024 * 1024;

/** Lines of stderr kept to explain a failure, and the longest line kept (a hostile tag can be long). */
const STDERR_TAIL_LINES = 24;
const MAX_LINE_CHARS = 2048;

/**
 * Container demuxers a video may be read with. Leaving out image2 (file-name patterns, globbing),
 * concat, hls and the other playlist formats means no input can make ffmpeg read a second file.
 */
const VIDEO_DEMUXERS = ['mov', 'matroska', 'avi', 'flv', 'mpegts', 'ogg', 'asf', 'mpeg', 'm4v', 'h264', 'hevc'];

let cachedPath: string | undefined;

/**
 * Where the ffmpeg binary is: LOCARD_FFMPEG, else the platform package of @ffmpeg-installer found
 * from @ffmpeg-installer/ffmpeg (its index.js would throw a bare string on a missing binary, so the
 * lookup is done here). In a packaged app the binary sits in app.asar.unpacked (a process cannot be
 * started from inside the asar archive).
 */
export function ffmpegPath(): string {
  if (cachedPath !== undefined) return cachedPath;
  const override = process.env.LOCARD_FFMPEG;
  if (override !== undefined && override !== '') {
    if (!existsSync(override)) throw new FfmpegError(`ffmpeg was not found at ${override} (LOCARD_FFMPEG).`);
    cachedPath = override;
    return override;
  }
  const platformPackage = `@ffmpeg-installer/${process.platform}-${process.arch}`;
  let binary: string;
  try {
    const require = createRequire(import.meta.url);
    const installerJson = require.resolve('@ffmpeg-installer/ffmpeg/package.json');
    const installer = JSON.parse(readFileSync(installerJson, 'utf8')) as {
      optionalDependencies?: Record<string, string>;
    };
    if (installer.optionalDependencies?.[platformPackage] === undefined) {
      throw new FfmpegError(`no ffmpeg binary is shipped for ${process.platform}-${process.arch}`);
    }
    const platformJson = createRequire(installerJson).resolve(`${platformPackage}/package.json`);
    binary = join(dirname(platformJson), process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
  } catch (error) {
    const reason = error instanceof FfmpegError ? error.message : `${platformPackage} is not installed`;
    throw new FfmpegError(`ffmpeg is not available: ${reason}.`);
  }
  const unpacked = asarUnpacked(binary);
  if (!existsSync(unpacked)) throw new FfmpegError(`ffmpeg is not available: ${unpacked} is missing.`);
  cachedPath = unpacked;
  return unpacked;
}

/** A path inside a packaged app's app.asar, moved to app.asar.unpacked (electron-builder's asarUnpack). */
export function asarUnpacked(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}

/** The demuxer for an image, chosen from its first bytes (the name's extension is never trusted). */
function imageDemuxer(head: Buffer): string | null {
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return 'png_pipe';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg_pipe';
  if (head.length >= 6 && head.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (
    head.length >= 12 &&
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'webp_pipe';
  }
  if (head.length >= 2 && head.subarray(0, 2).toString('latin1') === 'BM') return 'bmp_pipe';
  if (head.length >= 4 && ['II*\u0000', 'MM\u0000*'].includes(head.subarray(0, 4).toString('latin1'))) {
    return 'tiff_pipe';
  }
  return null;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new FfmpegError(`the file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await handle.close();
  }
}

/**
 * The input half of a command line for one evidence file: only the file protocol, an image by its
 * own demuxer, anything else through the container list. `before` goes in front of `-i` (seeking).
 */
export async function inputArgs(path: string, before: readonly string[] = []): Promise<string[]> {
  const demuxer = imageDemuxer(await readHead(path));
  const format = demuxer === null ? ['-format_whitelist', VIDEO_DEMUXERS.join(',')] : ['-f', demuxer];
  return ['-protocol_whitelist', 'file', ...format, ...before, '-i', fileUrl(path)];
}

/** ffmpeg's `file:` URL for a path (a bare path with a colon would be read as a protocol). */
export function fileUrl(path: string): string {
  return `file:${path}`;
}

/** ffmpeg was stopped by the caller's AbortSignal (not a fault of the file). */
export class FfmpegStopped extends FfmpegError {
  override name = 'FfmpegStopped';
}

export interface RunOptions {
  /** Wall-clock limit; the process is killed (SIGKILL) when it is reached. */
  readonly timeoutMs: number;
  /** Every stderr line, as it arrives (showinfo reports frames there). */
  readonly onLine?: (line: string) => void;
  /** Kills the process (SIGKILL) when aborted; the run then rejects with FfmpegStopped. */
  readonly signal?: AbortSignal | undefined;
}

/** A worker thread's notice to its parent: an ffmpeg it started, or one that has ended (and was reaped). */
export interface FfmpegNotice {
  readonly ffmpeg: 'started' | 'ended';
  readonly pid: number;
}

export function isFfmpegNotice(message: unknown): message is FfmpegNotice {
  if (typeof message !== 'object' || message === null || !('ffmpeg' in message) || !('pid' in message)) return false;
  return (message.ffmpeg === 'started' || message.ffmpeg === 'ended') && typeof message.pid === 'number';
}

/** The processes this thread has running, and whom to tell about them. */
const running = new Set<ChildProcess>();
let notify: ((notice: FfmpegNotice) => void) | undefined;
let exitHookInstalled = false;

/**
 * In a worker thread: post a FfmpegNotice to `port` (the parent) whenever ffmpeg starts or ends, so
 * the parent can kill what is still running when it terminates the thread (see FfmpegWatch).
 */
export function reportFfmpegTo(port: { postMessage(message: FfmpegNotice): void }): void {
  notify = (notice) => {
    port.postMessage(notice);
  };
}

/** The pids of the ffmpeg processes this thread has running. */
export function runningFfmpegPids(): number[] {
  return [...running].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}

function track(child: ChildProcess): void {
  running.add(child);
  if (child.pid !== undefined) notify?.({ ffmpeg: 'started', pid: child.pid });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Locard (or this worker thread) exiting while ffmpeg runs: an orphan would only stop at its
    // processor-time limit.
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
}

function untrack(child: ChildProcess): void {
  running.delete(child);
  if (child.pid !== undefined) notify?.({ ffmpeg: 'ended', pid: child.pid });
}

/**
 * A parent's record of the ffmpeg processes a worker thread has running (from its FfmpegNotices). A
 * terminated thread's children keep running, so whoever terminates the thread calls `stop()` first:
 * every known process is killed, and the thread is given a moment to reap them (an ended notice each)
 * so that none is left as a zombie while its event loop still turns.
 */
export class FfmpegWatch {
  private readonly pids = new Set<number>();
  private waiting: (() => void) | undefined;

  /** Record a notice; false when the message is not one (it is for the caller). */
  note(message: unknown): boolean {
    if (!isFfmpegNotice(message)) return false;
    if (message.ffmpeg === 'started') this.pids.add(message.pid);
    else this.pids.delete(message.pid);
    if (this.pids.size === 0) this.waiting?.();
    return true;
  }

  get size(): number {
    return this.pids.size;
  }

  /** SIGKILL every process the thread still has running (synchronous: safe in an exit handler). */
  killAll(): void {
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  /** killAll, then wait until the thread reports them all ended, or `reapWaitMs` passed (a stuck thread reaps nothing). */
  async stop(reapWaitMs = REAP_WAIT_MS): Promise<void> {
    if (this.pids.size === 0) return;
    this.killAll();
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
      timer = setTimeout(resolve, reapWaitMs);
    });
    clearTimeout(timer);
    this.waiting = undefined;
    // Whatever the thread did not confirm is killed again after it is gone (a notice that was in flight).
    this.killAll();
    this.pids.clear();
  }
}

/** How long a thread may take to reap the processes its parent killed, before it is terminated anyway. */
const REAP_WAIT_MS = 1_000;

/** Lines ffmpeg prints on every run that say nothing about a failure. */
const NOISE =
  /^(\s|Input #|Output #|Stream mapping|Press \[q\]|frame=|video:|Conversion failed|\[Parsed_showinfo|Duration:|Metadata:)/;

/** A stderr line that reports a failure rather than a warning. */
const ERROR_LINE = /error|invalid|failed|cannot|could not|no such|not found|unsupported|unknown|matches no|does not/i;

/**
 * Run ffmpeg with `args` (after the hardening options). Resolves when it exits with 0; rejects with a
 * FfmpegError naming the reason otherwise. Always waits for the process to be gone, so nothing is
 * still writing into an output folder when the caller removes it.
 */
export function runFfmpeg(args: readonly string[], options: RunOptions): Promise<void> {
  const binary = ffmpegPath();
  const cpuSeconds = Math.ceil(options.timeoutMs / 1000) * Math.max(2, availableParallelism()) + 5;
  const fullArgs = [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-max_alloc',
    String(MAX_ALLOC_BYTES),
    '-timelimit',
    String(cpuSeconds),
    ...args,
  ];
  const files = args.filter((arg) => arg.startsWith('file:')).map((arg) => arg.slice('file:'.length));
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new FfmpegStopped('ffmpeg was stopped'));
  return new Promise<void>((resolve, reject) => {
    const child = spawn(binary, fullArgs, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    track(child);
    const tail: string[] = [];
    let pending = '';
    let timedOut = false;
    let stopped = false;
    const onAbort = () => {
      stopped = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let startError: NodeJS.ErrnoException | undefined;
    const line = (text: string) => {
      const clipped = text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
      if (clipped.trim() === '') return;
      options.onLine?.(clipped);
      if (NOISE.test(clipped)) return;
      tail.push(clipped);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split(/\r\n|\r|\n/);
      pending = parts.pop() ?? '';
      // A line without an end is cut at the cap and the rest of it dropped.
      if (pending.length > MAX_LINE_CHARS * 4) pending = pending.slice(0, MAX_LINE_CHARS);
      for (const part of parts) line(part);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      startError = error;
    });
    child.on('close', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      untrack(child);
      if (pending !== '') line(pending);
      if (startError !== undefined) {
        reject(new FfmpegError(`ffmpeg could not be started (${startError.code ?? startError.message})`));
      } else if (stopped) {
        reject(new FfmpegStopped('ffmpeg was stopped'));
      } else if (timedOut) {
        reject(new FfmpegError(`ffmpeg took longer than ${formatSeconds(options.timeoutMs)} s and was stopped`));
      } else if (exitSignal === 'SIGXCPU') {
        reject(new FfmpegError(`ffmpeg used more than ${String(cpuSeconds)} s of processor time and was stopped`));
      } else if (code !== 0) {
        reject(new FfmpegError(describeFailure(tail, files, code, exitSignal)));
      } else {
        resolve();
      }
    });
  });
}

function describeFailure(
  tail: readonly string[],
  files: readonly string[],
  code: number | null,
  signal: string | null,
) {
  // The last line that reads as an error, else the last line: warnings (a deprecated pixel format, a
  // guessed channel layout) often come after the error that matters.
  const last = tail.findLast((text) => ERROR_LINE.test(text)) ?? tail.at(-1);
  if (last === undefined) {
    return signal === null ? `ffmpeg failed (exit code ${String(code)})` : `ffmpeg was stopped by ${signal}`;
  }
  let reason = last;
  // "file:/tmp/…/input: Invalid data found…": the analyst knows which file; the path is noise.
  for (const file of files) reason = reason.replaceAll(`file:${file}: `, '').replaceAll(`file:${file}`, 'the file');
  reason = reason.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\] /, '').trim();
  return `ffmpeg could not decode it: ${reason.replace(/[.!]$/, '')}`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
