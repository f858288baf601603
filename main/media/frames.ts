/**
 * Frames out of videos and images, through ffmpeg (ffmpeg.ts): key frames at scene changes and at a
 * regular interval (the Evidence view's strip, OCR of screen recordings), the frame shown at a given
 * time (saved as a derived exhibit), and thumbnails. Times are seconds from the start of the video as
 * a player shows them; reported times are the frames' own presentation times, read from ffmpeg's
 * showinfo filter (exact: its integer pts times the stream's time base).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileUrl, inputArgs, runFfmpeg, FfmpegError } from './ffmpeg.js';

export interface SampledFrame {
  readonly timeS: number;
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

export interface SampleOptions {
  /** A frame at least this often (seconds), whatever the picture does. */
  readonly everyS: number;
  /** ffmpeg's scene score (0–1) above which a frame counts as a scene change; 0.3 suits screen recordings. */
  readonly sceneThreshold: number;
  readonly maxFrames: number;
  /** Scale frames down to this width (never up); full resolution when absent. */
  readonly maxWidth?: number;
  readonly format?: 'png' | 'jpeg';
}

export interface SampleLimits {
  readonly timeoutMs: number;
  /** Decode key frames only: a fraction of the work, for long videos (scene changes between key frames are missed). */
  readonly keyframesOnly?: boolean;
  /** The duration when the caller already knows it (saves reading the container once more). */
  readonly durationS?: number | null;
  /** Stops ffmpeg (OCR's cancel): the call rejects with FfmpegStopped. */
  readonly signal?: AbortSignal | undefined;
}

/** A whole video is decoded to find its scene changes: 1080p decodes at a few hundred frames a second, so
 * five minutes covers a feature-length recording on a slow laptop; a stuck decoder is stopped. */
export const SAMPLE_TIMEOUT_MS = 5 * 60_000;

/** Finding and extracting one frame decodes at most one group of pictures (a few seconds). */
export const FRAME_TIMEOUT_MS = 60_000;

/** A thumbnail is one decoded picture. */
export const THUMBNAIL_TIMEOUT_MS = 30_000;

/** Two scene changes closer than this are one change (a fade, flicker, a strobing video): without it a
 * flashing video would yield a frame for every frame. */
const MIN_SCENE_GAP_S = 0.5;

/** Scene changes may add up to this many times maxFrames before thinning (the gap between two of them
 * grows with the video's length), so that ffmpeg's output is bounded and still spans the whole video. */
const OVERSAMPLE = 4;

/** Reading a container's header. */
const PROBE_TIMEOUT_MS = 15_000;

/** A time the frame filters report: pts × time base, exact up to the microsecond. */
interface FrameInfo {
  readonly pts: number;
  readonly timeS: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Collects showinfo's reports. Each filter graph has one showinfo; its "config in time_base" line
 * gives the base, and each "n: … pts: … pts_time: … s:WxH" line one frame.
 */
class ShowInfo {
  readonly frames: FrameInfo[] = [];
  private timeBase: number | null = null;

  readonly onLine = (line: string): void => {
    if (!line.startsWith('[Parsed_showinfo_')) return;
    const base = /config in time_base: (\d+)\/(\d+)/.exec(line);
    if (base) {
      const num = Number(base[1]);
      const den = Number(base[2]);
      if (num > 0 && den > 0) this.timeBase = num / den;
      return;
    }
    const frame = /\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[\d.e+-]+).*?\bs:(\d+)x(\d+)/.exec(line);
    if (!frame) return;
    const pts = Number(frame[1]);
    const timeS = this.timeBase === null ? Number(frame[2]) : Math.round(pts * this.timeBase * 1e6) / 1e6;
    this.frames.push({ pts, timeS, width: Number(frame[3]), height: Number(frame[4]) });
  };
}

/** Display size: a non-square pixel aspect (anamorphic video) is made square, as players show it. */
const SQUARE_PIXELS = "scale='iw*sar':ih,setsar=1";

/** `<folder>/<prefix>%05d.<extension>`: the image2 muxer numbers the frames at %05d and reads any other %
 * as a pattern too, so a % in the folder's name is written %% (a literal %). */
function outputPattern(folder: string, prefix: string, extension: string): string {
  return fileUrl(`${join(folder, prefix).replaceAll('%', '%%')}%05d.${extension}`);
}

function number(value: number, name: string): string {
  if (!Number.isFinite(value)) throw new FfmpegError(`${name} must be a finite number`);
  return String(Math.round(value * 1e6) / 1e6);
}

/**
 * Frames at scene changes and at least every `everyS` seconds, written into `outDir` (created if
 * missing) as frame files; oldest first. When ffmpeg finds more than `maxFrames`, an evenly spread
 * `maxFrames` of them are kept (the first always) and the rest deleted.
 */
export function sampleFrames(videoPath: string, outDir: string, opts: SampleOptions): Promise<SampledFrame[]> {
  return sampleFramesWithin(videoPath, outDir, opts, { timeoutMs: SAMPLE_TIMEOUT_MS });
}

/** sampleFrames with its limits chosen by the caller (the importer has a time budget per file). */
export async function sampleFramesWithin(
  videoPath: string,
  outDir: string,
  opts: SampleOptions,
  limits: SampleLimits,
): Promise<SampledFrame[]> {
  if (!(opts.everyS > 0)) throw new FfmpegError('everyS must be above 0');
  if (!(opts.maxFrames >= 1)) throw new FfmpegError('maxFrames must be at least 1');
  const format = opts.format ?? 'png';
  const extension = format === 'png' ? 'png' : 'jpg';
  mkdirSync(outDir, { recursive: true });
  // A tag per call: two samplings into one folder never overwrite each other's files.
  const prefix = `frame-${randomBytes(4).toString('hex')}-`;
  // maxFrames wins over everyS: on a long video the interval is stretched so the frames span all of it.
  const given = limits.durationS ?? null;
  const duration =
    given !== null && Number.isFinite(given) && given > 0
      ? given
      : await probeDuration(videoPath, Math.min(PROBE_TIMEOUT_MS, limits.timeoutMs), limits.signal);
  const maxFrames = Math.floor(opts.maxFrames);
  const every = number(duration === null ? opts.everyS : Math.max(opts.everyS, duration / maxFrames), 'everyS');
  const sceneGap = duration === null ? MIN_SCENE_GAP_S : Math.max(MIN_SCENE_GAP_S, duration / (maxFrames * OVERSAMPLE));
  const scene = number(opts.sceneThreshold, 'sceneThreshold');
  const select =
    `select='isnan(prev_selected_t)` +
    `+gte(t-prev_selected_t\\,${every})` +
    `+gt(scene\\,${scene})*gte(t-prev_selected_t\\,${number(sceneGap, 'gap')})'`;
  const filters = [select, SQUARE_PIXELS];
  if (opts.maxWidth !== undefined)
    filters.push(`scale='min(iw\\,${String(Math.max(1, Math.round(opts.maxWidth)))})':-1`);
  filters.push('showinfo');
  // The selection is bounded (above); the cap only guards against a duration that lied.
  const cap = maxFrames * (OVERSAMPLE + 1) + 1;
  const info = new ShowInfo();
  await runFfmpeg(
    [
      ...(await inputArgs(videoPath, limits.keyframesOnly ? ['-skip_frame', 'nokey'] : [])),
      '-map',
      '0:V:0',
      '-an',
      '-sn',
      '-dn',
      '-vf',
      filters.join(','),
      '-vsync',
      'passthrough',
      '-frames:v',
      String(cap),
      ...encoderArgs(format),
      '-f',
      'image2',
      outputPattern(outDir, prefix, extension),
    ],
    { timeoutMs: limits.timeoutMs, onLine: info.onLine, signal: limits.signal },
  );
  const frames: SampledFrame[] = [];
  for (const [index, frame] of info.frames.entries()) {
    const path = join(outDir, `${prefix}${String(index + 1).padStart(5, '0')}.${extension}`);
    if (!existsSync(path)) break;
    frames.push({ timeS: frame.timeS, path, width: frame.width, height: frame.height });
  }
  const keep = thin(frames.length, maxFrames);
  for (const [index, frame] of frames.entries()) if (!keep.has(index)) rmSync(frame.path, { force: true });
  return frames.filter((_, index) => keep.has(index));
}

/** The container's duration in seconds (ffmpeg's "Duration:" line), or null when it does not say. */
async function probeDuration(
  videoPath: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  // Set from the callback below (TypeScript cannot see that, hence the assertion).
  let duration = null as number | null;
  await runFfmpeg([...(await inputArgs(videoPath)), '-map', '0:V:0', '-frames:v', '0', '-f', 'null', '-'], {
    timeoutMs,
    signal,
    onLine: (line) => {
      const match = /^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
      if (match) duration = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    },
  });
  return duration !== null && duration > 0 ? duration : null;
}

/** Indices of `keep` items evenly spread over `count` (all of them when there are few enough). */
function thin(count: number, keep: number): Set<number> {
  if (count <= keep) return new Set(Array.from({ length: count }, (_, i) => i));
  if (keep === 1) return new Set([0]);
  return new Set(Array.from({ length: keep }, (_, i) => Math.round((i * (count - 1)) / (keep - 1))));
}

function encoderArgs(format: 'png' | 'jpeg'): string[] {
  // yuvj420p: the JPEG everyone decodes (ffmpeg would otherwise pick 4:4:4 for some inputs).
  return format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '4'];
}

/**
 * The frame shown at `timeS` — the last frame whose presentation time is not after it — as a
 * full-resolution PNG. Two short passes from the key frame before `timeS`: one lists the frames up to
 * it (nothing encoded), the second writes exactly the chosen one.
 */
export async function extractFrameAt(
  videoPath: string,
  timeS: number,
  outPath: string,
  options: { readonly signal?: AbortSignal | undefined } = {},
): Promise<{ width: number; height: number; timeS: number }> {
  const { signal } = options;
  if (!Number.isFinite(timeS) || timeS < 0) throw new FfmpegError('the time must be a number of seconds from 0');
  const at = number(timeS, 'timeS');
  // Timestamps as in the file, from the start of the video (-copyts -start_at_zero), and no frame
  // dropped before the seek point (-noaccurate_seek): the frame shown at `timeS` may start before it.
  const seek = ['-copyts', '-start_at_zero', '-noaccurate_seek', '-ss', at];
  let chosen = await lastFrameUpTo(videoPath, timeS, seek, signal);
  // A seek that landed after the time (a broken index) is retried from the start.
  if (chosen === undefined && timeS > 0) {
    chosen = await lastFrameUpTo(videoPath, timeS, ['-copyts', '-start_at_zero'], signal);
  }
  if (chosen === undefined) throw new FfmpegError(`the video shows no frame at ${at} s`);
  const info = new ShowInfo();
  await runFfmpeg(
    [
      ...(await inputArgs(videoPath, chosen.seek)),
      '-map',
      '0:V:0',
      '-an',
      '-sn',
      '-dn',
      '-vf',
      `select='gte(pts\\,${String(chosen.frame.pts)})',${SQUARE_PIXELS},showinfo`,
      '-frames:v',
      '1',
      ...encoderArgs('png'),
      '-f',
      'image2',
      '-update',
      '1',
      '-y',
      fileUrl(outPath),
    ],
    { timeoutMs: FRAME_TIMEOUT_MS, onLine: info.onLine, signal },
  );
  const written = info.frames[0];
  if (written === undefined || !existsSync(outPath)) throw new FfmpegError(`no frame could be written at ${at} s`);
  return { width: written.width, height: written.height, timeS: chosen.frame.timeS };
}

async function lastFrameUpTo(
  videoPath: string,
  timeS: number,
  seek: string[],
  signal: AbortSignal | undefined,
): Promise<{ frame: FrameInfo; seek: string[] } | undefined> {
  const info = new ShowInfo();
  await runFfmpeg(
    [
      ...(await inputArgs(videoPath, seek)),
      '-map',
      '0:V:0',
      '-an',
      '-sn',
      '-dn',
      // trim ends the stream just after the time, so ffmpeg stops reading there.
      '-vf',
      `trim=end=${number(timeS + 0.001, 'timeS')},showinfo`,
      '-f',
      'null',
      '-',
    ],
    { timeoutMs: FRAME_TIMEOUT_MS, onLine: info.onLine, signal },
  );
  const candidates = info.frames.filter((frame) => frame.timeS <= timeS + 1e-6);
  const frame = candidates.reduce<FrameInfo | undefined>(
    (best, current) => (best === undefined || current.pts > best.pts ? current : best),
    undefined,
  );
  return frame === undefined ? undefined : { frame, seek };
}

/**
 * A JPEG no larger than `maxSide` on either side (never enlarged) of an image (JPEG, PNG, GIF, WebP,
 * BMP, TIFF) or of the first frame of a video.
 */
export function makeThumbnail(
  inputPath: string,
  outPath: string,
  maxSide: number,
): Promise<{ width: number; height: number }> {
  return makeThumbnailWithin(inputPath, outPath, maxSide, {});
}

/** How to turn the stored pixels upright for each EXIF Orientation value (TIFF 6.0 / EXIF 2.3 tag 0x0112). */
const EXIF_ORIENTATION_FILTERS: Readonly<Record<number, string>> = {
  2: 'hflip',
  3: 'hflip,vflip',
  4: 'vflip',
  5: 'transpose=cclock_flip',
  6: 'transpose=clock',
  7: 'transpose=clock_flip',
  8: 'transpose=cclock',
};

/**
 * makeThumbnail for a still image whose EXIF Orientation the caller read: the thumbnail shows the
 * picture as viewers (and the browser showing the original) do. ffmpeg's own rotation is turned off
 * then, so a build that applies EXIF orientation itself does not turn it twice.
 */
export async function makeThumbnailWithin(
  inputPath: string,
  outPath: string,
  maxSide: number,
  options: { readonly orientation?: number | null },
): Promise<{ width: number; height: number }> {
  const side = String(Math.max(1, Math.round(maxSide)));
  const upright = options.orientation == null ? undefined : EXIF_ORIENTATION_FILTERS[options.orientation];
  const filters = [
    ...(upright === undefined ? [] : [upright]),
    SQUARE_PIXELS,
    `scale='min(${side}\\,iw)':'min(${side}\\,ih)':force_original_aspect_ratio=decrease`,
    'showinfo',
  ];
  const info = new ShowInfo();
  await runFfmpeg(
    [
      ...(await inputArgs(inputPath, upright === undefined ? [] : ['-noautorotate'])),
      '-map',
      '0:V:0',
      '-frames:v',
      '1',
      '-vf',
      filters.join(','),
      ...encoderArgs('jpeg'),
      '-f',
      'image2',
      '-update',
      '1',
      '-y',
      fileUrl(outPath),
    ],
    { timeoutMs: THUMBNAIL_TIMEOUT_MS, onLine: info.onLine },
  );
  const frame = info.frames[0];
  if (frame === undefined || !existsSync(outPath)) throw new FfmpegError('ffmpeg produced no picture');
  return { width: frame.width, height: frame.height };
}
