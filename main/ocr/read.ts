/**
 * Read an evidence file's pictures: a still image once, a video at its scene changes and at least
 * every N seconds (main/media/frames.ts samples the frames). Runs inside the OCR worker
 * (worker.ts); the functions take an engine so tests can run them in-process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_DECODE_MAX_S } from '../media/evidence-previews.js';
import { extractFrameAt, sampleFramesWithin, SAMPLE_TIMEOUT_MS, type SampledFrame } from '../media/frames.js';
import { FfmpegError, FfmpegStopped } from '../media/ffmpeg.js';
import type { OcrEngine } from './engine.js';
import { preparePicture } from './picture.js';
import type { OcrPicture } from './types.js';

/** ffmpeg's scene score above which a frame is a new scene; 0.3 suits screen recordings (a window
 * opening or a page of terminal output scrolling counts, a cursor blinking does not). */
export const SCENE_THRESHOLD = 0.3;

/** At most this many frames per video: at 1–3 s a frame that is up to a few minutes of OCR; for a long
 * video the interval is stretched so these frames still span all of it. */
export const MAX_FRAMES = 120;

export interface VideoPlan {
  readonly everyS: number;
  /** The video's duration when the parser could tell. */
  readonly durationS: number | null;
}

export interface ReadEvents {
  /** Frames found (videos), before any is read. */
  onFrames?(count: number): void;
  /** Picture `index` (0-based) of `count` is `fraction` read. */
  onProgress?(index: number, count: number, fraction: number): void;
  /** One picture read (streamed: nothing is kept here). */
  onPicture(picture: OcrPicture): void;
}

/** `signal` (all readers): stops the ffmpeg running for the file (OCR's cancel); the call rejects with FfmpegStopped. */
export async function readImage(
  engine: OcrEngine,
  path: string,
  workDir: string,
  events: ReadEvents,
  signal?: AbortSignal,
): Promise<void> {
  const prepared = await preparePicture(path, workDir, 'ocr-input', signal);
  events.onProgress?.(0, 1, 0);
  const result = await engine.read(prepared, (fraction) => events.onProgress?.(0, 1, fraction));
  events.onPicture({ ...result, frameTimeS: null, width: prepared.width, height: prepared.height });
}

export async function readVideo(
  engine: OcrEngine,
  path: string,
  workDir: string,
  plan: VideoPlan,
  events: ReadEvents,
  signal?: AbortSignal,
): Promise<void> {
  const framesDir = join(workDir, 'frames');
  mkdirSync(framesDir, { recursive: true });
  const everyS =
    plan.durationS !== null && plan.durationS / plan.everyS > MAX_FRAMES ? plan.durationS / MAX_FRAMES : plan.everyS;
  // Full-size frames (PNG, lossless): boxes are then in the video's display pixels, and
  // preparePicture chooses the recogniser's scale as for an image.
  const frames = await sampleFramesWithin(
    path,
    framesDir,
    { everyS, sceneThreshold: SCENE_THRESHOLD, maxFrames: MAX_FRAMES, format: 'png' },
    {
      timeoutMs: SAMPLE_TIMEOUT_MS,
      keyframesOnly: plan.durationS !== null && plan.durationS > FULL_DECODE_MAX_S,
      signal,
    },
  );
  const last = await finalFrame(path, framesDir, frames, everyS, plan.durationS, signal);
  if (last) frames.push(last);
  events.onFrames?.(frames.length);
  for (const [index, frame] of frames.entries()) {
    events.onProgress?.(index, frames.length, 0);
    const prepared = await preparePicture(frame.path, workDir, `frame-${String(index)}`, signal);
    rmSync(frame.path, { force: true });
    const result = await engine.read(prepared, (fraction) => events.onProgress?.(index, frames.length, fraction));
    events.onPicture({ ...result, frameTimeS: frame.timeS, width: frame.width, height: frame.height });
  }
}

/**
 * The video's last frame, when the sampling stopped well before it: a screen recording ends on its
 * fullest screen (the command typed out, its output printed), and typing changes too little of the
 * picture to count as a scene change. Reading the 6 s attachment of the reference e-mail at a frame
 * every 2 s missed the scp command's IP, on screen only in the last 1.5 s.
 */
async function finalFrame(
  path: string,
  framesDir: string,
  frames: readonly SampledFrame[],
  everyS: number,
  durationS: number | null,
  signal: AbortSignal | undefined,
): Promise<SampledFrame | null> {
  const lastSampled = frames.at(-1);
  if (durationS === null || lastSampled === undefined || durationS - lastSampled.timeS < everyS / 2) return null;
  const out = join(framesDir, 'final.png');
  try {
    const frame = await extractFrameAt(path, durationS, out, { signal });
    if (frame.timeS <= lastSampled.timeS) return null;
    return { timeS: frame.timeS, path: out, width: frame.width, height: frame.height };
  } catch (error) {
    // The frames already sampled are still read; a video whose end cannot be decoded is common.
    if (error instanceof FfmpegError && !(error instanceof FfmpegStopped)) return null;
    throw error;
  }
}
