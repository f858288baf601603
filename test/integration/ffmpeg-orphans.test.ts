/**
 * No ffmpeg outlives what started it. Terminating a worker thread does not end the processes it
 * started, so a parse stopped at its time limit, or an OCR read cancelled mid-video, must have its
 * ffmpeg killed by the parent (the worker reports each one); runFfmpeg itself stops at an AbortSignal.
 * ffmpeg is replaced (LOCARD_FFMPEG) by a script that writes its pid and then waits forever, so the
 * process is certainly still running when the limit or the cancel comes.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeParserWorkers, runParser } from '../../main/intake/run-parser.js';
import { ParseFailure } from '../../main/intake/types.js';
import { FfmpegStopped, runFfmpeg, runningFfmpegPids } from '../../main/media/ffmpeg.js';
import { OcrReader, OcrStopped } from '../../main/ocr/run-ocr.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const VIDEO = join(CORPUS, 'video', 'voter-portal-screen-recording.mp4');
const folder = mkdtempSync(join(tmpdir(), 'locard-ffmpeg-orphans-'));
const pidFile = join(folder, 'pids');
const fake = join(folder, 'fake-ffmpeg');
const previousFfmpeg = process.env.LOCARD_FFMPEG;

/** The pids the fake ffmpeg wrote, one per run. */
function fakePids(): number[] {
  let text = '';
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

/** True while a process with this pid exists (a zombie not yet reaped counts: it is still there). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempFolder(): string {
  return mkdtempSync(join(folder, 'work-'));
}

beforeAll(async () => {
  // exec keeps the pid: the process the worker started is the one that waits.
  writeFileSync(fake, `#!/bin/sh\necho $$ >> '${pidFile}'\nexec sleep 600\n`);
  chmodSync(fake, 0o755);
  // The parse and OCR workers copy the environment when they start: none may be running yet.
  await closeParserWorkers();
  process.env.LOCARD_FFMPEG = fake;
});

afterAll(async () => {
  await closeParserWorkers();
  // A failed assertion must not leave a waiting process behind.
  for (const pid of fakePids()) if (exists(pid)) process.kill(pid, 'SIGKILL');
  if (previousFfmpeg === undefined) delete process.env.LOCARD_FFMPEG;
  else process.env.LOCARD_FFMPEG = previousFfmpeg;
  rmSync(folder, { recursive: true, force: true });
});

describe('ffmpeg processes end with what started them', () => {
  it('runFfmpeg kills its process when the AbortSignal fires', async () => {
    const controller = new AbortController();
    const run = runFfmpeg(['-version'], { timeoutMs: 60_000, signal: controller.signal });
    const [pid] = runningFfmpegPids();
    expect(pid).toBeGreaterThan(0);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(FfmpegStopped);
    await expect(run).rejects.toThrow('ffmpeg was stopped');
    expect(runningFfmpegPids()).toEqual([]);
    expect(exists(pid ?? 0)).toBe(false);
    // Aborted before it starts: nothing is started.
    await expect(runFfmpeg(['-version'], { timeoutMs: 60_000, signal: controller.signal })).rejects.toBeInstanceOf(
      FfmpegStopped,
    );
    expect(runningFfmpegPids()).toEqual([]);
  });

  it('a parse stopped at its time limit leaves no ffmpeg running', async () => {
    // Load the worker and its parsers first, so the limit below is spent on the video.
    const notes = join(CORPUS, 'reports', 'analyst-notes.txt');
    await runParser({ path: notes, size: statSync(notes).size, tempDir: tempFolder(), name: 'analyst-notes.txt' });
    const before = fakePids().length;
    const parse = runParser(
      { path: VIDEO, size: statSync(VIDEO).size, tempDir: tempFolder(), name: 'voter-portal-screen-recording.mp4' },
      { kind: 'video', timeoutMs: 3_000 },
    );
    await expect(parse).rejects.toBeInstanceOf(ParseFailure);
    await expect(parse).rejects.toThrow('parsing took longer than 3 s and was stopped');
    const started = fakePids().slice(before);
    // The video's thumbnail had started ffmpeg (the fake, which never ends on its own)…
    expect(started).toHaveLength(1);
    // …and it is gone, reaped too (a zombie would still answer kill 0), by the time the parse failed.
    for (const pid of started) expect(exists(pid)).toBe(false);
  }, 30_000);

  it('closing the OCR reader mid-video (a cancel) kills the ffmpeg it had running', async () => {
    const work = tempFolder();
    const reader = await OcrReader.start(['eng'], work);
    const before = fakePids().length;
    const read = reader
      .read({ kind: 'video', path: VIDEO, workDir: work, everyS: 2, durationS: null }, { onPicture: () => undefined })
      .then(
        () => null,
        (error: unknown) => error,
      );
    // Wait until the worker's ffmpeg (sampling the frames) has started.
    await vi.waitFor(
      () => {
        expect(fakePids().length).toBe(before + 1);
      },
      { timeout: 20_000, interval: 20 },
    );
    const [pid] = fakePids().slice(before);
    expect(exists(pid ?? 0)).toBe(true);
    await reader.close();
    expect(await read).toBeInstanceOf(OcrStopped);
    expect(exists(pid ?? 0)).toBe(false);
  }, 60_000);
});
