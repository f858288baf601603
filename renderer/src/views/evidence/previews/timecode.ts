/** Video time as analysts write it, and the frame arithmetic of the frame-step buttons. */

/** When the container states no frame rate. */
export const DEFAULT_FPS = 30;

/** "00:01:02.345": hours, minutes, seconds and milliseconds (rounded to the millisecond). */
export function formatTimecode(seconds: number): string {
  const totalMs = Math.max(0, Math.round((Number.isFinite(seconds) ? seconds : 0) * 1000));
  const ms = totalMs % 1000;
  const totalS = Math.floor(totalMs / 1000);
  const s = totalS % 60;
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(ms).padStart(3, '0')}`;
}

/** The frame rate from the media parser's metadata (`fps`, else the video track's), or 30. */
export function frameRate(metadata: Readonly<Record<string, unknown>>): number {
  const direct = metadata.fps;
  if (typeof direct === 'number' && Number.isFinite(direct) && direct > 0 && direct <= 1000) return direct;
  const tracks = metadata.tracks;
  if (Array.isArray(tracks)) {
    for (const track of tracks as unknown[]) {
      if (typeof track !== 'object' || track === null) continue;
      const fps = (track as Record<string, unknown>).fps;
      if (typeof fps === 'number' && Number.isFinite(fps) && fps > 0 && fps <= 1000) return fps;
    }
  }
  return DEFAULT_FPS;
}

/**
 * The time one frame before or after `current`, snapped to the middle of that frame so that
 * rounding in the decoder cannot land on the neighbouring one; clamped to [0, duration].
 */
export function stepFrame(current: number, fps: number, direction: 1 | -1, duration: number): number {
  const frame = Math.floor(current * fps + 1e-6);
  const target = (frame + direction + 0.5) / fps;
  const end = Number.isFinite(duration) && duration > 0 ? duration : Number.POSITIVE_INFINITY;
  return Math.min(Math.max(target, 0), end);
}

/** The frame number (0-based) shown at `time`. */
export function frameAt(time: number, fps: number): number {
  return Math.floor(time * fps + 1e-6);
}
