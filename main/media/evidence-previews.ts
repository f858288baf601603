/**
 * Previews of evidence at import: a thumbnail for images, a thumbnail and a key-frame strip for
 * videos. The parsers call `imagePreviews` / `videoPreviews` (inside the parse worker, so within its
 * time limit) and hand back files in their temporary folder; the importer reads them back with
 * `readPreviewFiles` and stores them in the exhibit's transaction. A preview that cannot be made is a
 * warning on the exhibit, never a failed import.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { PreviewData } from '../locker/previews.js';
import type { PreviewFile } from '../intake/types.js';
import { makeThumbnail, makeThumbnailWithin, sampleFramesWithin } from './frames.js';

/** Thumbnails fit a 320 px square: the detail pane shows them at up to 160 CSS px on a 2× screen. */
export const THUMBNAIL_MAX_SIDE = 320;

/** The strip: scene changes and a frame every 2 s (sampleFrames stretches it so 40 frames span a long
 * video), 240 px wide. */
export const STRIP = { everyS: 2, sceneThreshold: 0.3, maxFrames: 40, maxWidth: 240, format: 'jpeg' } as const;

/** The strip must fit in the parse worker's 120 s with the container parsing and the thumbnail. */
export const STRIP_TIMEOUT_MS = 60_000;

/** Longer videos are sampled from their key frames only: decoding every frame of an hour of 1080p
 * takes minutes; key frames (every 1–10 s in practice) take seconds. */
export const FULL_DECODE_MAX_S = 10 * 60;

/** Bounds on what the importer accepts back from a parser (the parser handled hostile bytes). */
const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;
const MAX_PREVIEWS = 100;
const MAX_SIDE = 16_384;

export interface Previews {
  readonly previews: PreviewFile[];
  readonly warnings: string[];
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[.]$/, '');
}

/** `orientation`: the image's EXIF Orientation (1–8), so the thumbnail is shown upright. */
export async function imagePreviews(
  path: string,
  tempDir: string,
  orientation: number | null = null,
): Promise<Previews> {
  const folder = join(tempDir, 'previews');
  mkdirSync(folder, { recursive: true });
  const out = join(folder, 'thumbnail.jpg');
  try {
    const size = await makeThumbnailWithin(path, out, THUMBNAIL_MAX_SIDE, { orientation });
    return { previews: [{ kind: 'thumbnail', timeS: null, mime: 'image/jpeg', path: out, ...size }], warnings: [] };
  } catch (error) {
    return { previews: [], warnings: [`No thumbnail could be made: ${reason(error)}.`] };
  }
}

export async function videoPreviews(path: string, tempDir: string, durationS: number | null): Promise<Previews> {
  const folder = join(tempDir, 'previews');
  mkdirSync(folder, { recursive: true });
  const previews: PreviewFile[] = [];
  const warnings: string[] = [];
  const thumbnail = join(folder, 'thumbnail.jpg');
  try {
    const size = await makeThumbnail(path, thumbnail, THUMBNAIL_MAX_SIDE);
    previews.push({ kind: 'thumbnail', timeS: 0, mime: 'image/jpeg', path: thumbnail, ...size });
  } catch (error) {
    // The same decoder would fail on the strip: one warning says it.
    return { previews, warnings: [`No thumbnail or key-frame strip could be made: ${reason(error)}.`] };
  }
  const keyframesOnly = durationS !== null && durationS > FULL_DECODE_MAX_S;
  try {
    const frames = await sampleFramesWithin(path, join(folder, 'strip'), STRIP, {
      timeoutMs: STRIP_TIMEOUT_MS,
      keyframesOnly,
      durationS,
    });
    for (const frame of frames) {
      previews.push({
        kind: 'keyframe',
        timeS: frame.timeS,
        width: frame.width,
        height: frame.height,
        mime: 'image/jpeg',
        path: frame.path,
      });
    }
  } catch (error) {
    warnings.push(`No key-frame strip could be made: ${reason(error)}.`);
  }
  return { previews, warnings };
}

function validPreview(preview: PreviewFile): boolean {
  const side = (value: number) => Number.isInteger(value) && value > 0 && value <= MAX_SIDE;
  // The parser handled hostile bytes: what it hands back is checked, whatever its type says.
  const kind: string = preview.kind;
  return (
    (kind === 'thumbnail' || kind === 'keyframe') &&
    (preview.mime === 'image/jpeg' || preview.mime === 'image/png') &&
    side(preview.width) &&
    side(preview.height) &&
    (preview.timeS === null || (Number.isFinite(preview.timeS) && preview.timeS >= 0))
  );
}

/**
 * Read the preview files a parser wrote. Only files inside `folder` (the parser's temporary folder),
 * of sane size and shape, are taken; anything else is left out with a warning.
 */
export function readPreviewFiles(
  previews: readonly PreviewFile[] | undefined,
  folder: string,
): { items: PreviewData[]; warnings: string[] } {
  const items: PreviewData[] = [];
  let skipped = 0;
  const root = resolve(folder);
  for (const preview of (previews ?? []).slice(0, MAX_PREVIEWS)) {
    const inside = relative(root, resolve(preview.path));
    if (!validPreview(preview) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      skipped += 1;
      continue;
    }
    const data = readSmallFile(preview.path);
    if (data === null) {
      skipped += 1;
      continue;
    }
    items.push({
      kind: preview.kind,
      timeS: preview.timeS,
      width: preview.width,
      height: preview.height,
      mime: preview.mime,
      data,
    });
  }
  skipped += Math.max(0, (previews?.length ?? 0) - MAX_PREVIEWS);
  const warnings = skipped > 0 ? [`${String(skipped)} preview picture(s) could not be kept.`] : [];
  return { items, warnings };
}

/** Missing from Node's constants on Windows, whatever the type says. */
const NO_FOLLOW = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;

/** The file's bytes, or null when it is missing, not a regular file, empty or too large. */
function readSmallFile(path: string): Buffer | null {
  let fd: number;
  try {
    // O_NOFOLLOW: a link planted in the folder cannot pull in a file from elsewhere (POSIX; 0 on Windows).
    fd = openSync(path, constants.O_RDONLY | NO_FOLLOW);
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size === 0 || stats.size > MAX_PREVIEW_BYTES) return null;
    const buffer = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === buffer.length ? buffer : null;
  } finally {
    closeSync(fd);
  }
}
