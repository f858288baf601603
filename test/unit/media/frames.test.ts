// Frames out of the corpus screen recording (1600×900, 15 fps, 26 s, a scene change at ~11.6 s) and
// thumbnails of images and videos, through the shipped ffmpeg binary.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { asarUnpacked, FfmpegError, ffmpegPath, runFfmpeg } from '../../../main/media/ffmpeg.js';
import { extractFrameAt, makeThumbnail, sampleFrames } from '../../../main/media/frames.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));
const VIDEO = join(CORPUS, 'video', 'voter-portal-screen-recording.mp4');
const FRAME_S = 1 / 15;

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'locard-media-test-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR or a JPEG's SOF marker: the file says what it is, not ffmpeg. */
function pictureSize(path: string): { width: number; height: number; type: string } {
  const bytes = readFileSync(path);
  if (bytes.readUInt32BE(0) === 0x89504e47) {
    return { type: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset < bytes.length) {
      const marker = bytes[offset + 1] ?? 0;
      if (marker >= 0xc0 && marker <= 0xc3) {
        return { type: 'jpeg', height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
      }
      offset += 2 + bytes.readUInt16BE(offset + 2);
    }
  }
  throw new Error(`${path} is neither PNG nor JPEG`);
}

describe('ffmpeg', () => {
  it('finds the binary of the @ffmpeg-installer platform package', () => {
    const path = ffmpegPath();
    expect(existsSync(path)).toBe(true);
    expect(path).toContain(`@ffmpeg-installer${sep}${process.platform}-${process.arch}`);
  });

  it('runs it from app.asar.unpacked when Locard is packaged', () => {
    const packaged = ['', 'opt', 'Locard', 'resources', 'app.asar', 'node_modules', 'x', 'ffmpeg'].join(sep);
    expect(asarUnpacked(packaged)).toBe(packaged.replace('app.asar', 'app.asar.unpacked'));
    expect(asarUnpacked(VIDEO)).toBe(VIDEO);
  });

  it('stops a run that passes its time limit', async () => {
    const started = Date.now();
    const endless = ['-f', 'lavfi', '-i', 'testsrc=size=1920x1080:rate=30:duration=3600', '-f', 'null', '-'];
    const run = runFfmpeg(endless, { timeoutMs: 400 });
    await expect(run).rejects.toThrow(/ffmpeg took longer than 0\.4 s and was stopped/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('sampleFrames', () => {
  it('takes full-resolution frames at the scene change and at least every everyS seconds', async () => {
    const out = folder();
    const frames = await sampleFrames(VIDEO, out, { everyS: 2, sceneThreshold: 0.3, maxFrames: 100 });
    expect(frames.length).toBeGreaterThan(10);
    expect(frames[0]?.timeS).toBe(0);
    for (const frame of frames) {
      expect(frame.timeS).toBeGreaterThanOrEqual(0);
      expect(frame.timeS).toBeLessThanOrEqual(26);
      expect(frame).toMatchObject({ width: 1600, height: 900 });
      expect(pictureSize(frame.path)).toEqual({ type: 'png', width: 1600, height: 900 });
    }
    const times = frames.map((frame) => frame.timeS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // everyS: no gap longer than 2 s plus one frame, and the last frame within 2 s of the end.
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeLessThanOrEqual(2 + FRAME_S + 1e-6);
    }
    expect(26 - (times.at(-1) ?? 0)).toBeLessThanOrEqual(2 + FRAME_S);
    // The scene change (the PowerShell window gives way to PuTTY) is caught, off the 2 s grid.
    expect(times.some((t) => Math.abs(t - 11.6) < 0.2)).toBe(true);
    // Only the returned frames are left in the folder.
    expect(readdirSync(out).sort()).toEqual(frames.map((frame) => frame.path.slice(out.length + 1)).sort());
  });

  it('scales to maxWidth as JPEG and keeps an evenly spread maxFrames when there are more', async () => {
    const out = folder();
    const frames = await sampleFrames(VIDEO, out, {
      everyS: 1,
      sceneThreshold: 0.3,
      maxFrames: 5,
      maxWidth: 240,
      format: 'jpeg',
    });
    expect(frames).toHaveLength(5);
    expect(frames[0]?.timeS).toBe(0);
    expect(frames.at(-1)?.timeS).toBeGreaterThan(20);
    for (const frame of frames) {
      expect(frame).toMatchObject({ width: 240, height: 135 });
      expect(pictureSize(frame.path)).toEqual({ type: 'jpeg', width: 240, height: 135 });
    }
    expect(readdirSync(out)).toHaveLength(5);
  });

  it('refuses bytes that are not a video with ffmpeg’s reason', async () => {
    const path = join(folder(), 'clip.mp4');
    writeFileSync(path, randomBytes(64 * 1024));
    const run = sampleFrames(path, folder(), { everyS: 2, sceneThreshold: 0.3, maxFrames: 10 });
    await expect(run).rejects.toBeInstanceOf(FfmpegError);
    await expect(run).rejects.toThrow(/ffmpeg could not decode it: /);
  });
});

describe('extractFrameAt', () => {
  it('writes the full-resolution frame shown at the time: the last one starting at or before it', async () => {
    const out = join(folder(), 'frame.png');
    const frame = await extractFrameAt(VIDEO, 10.3, out);
    expect(frame).toMatchObject({ width: 1600, height: 900 });
    expect(frame.timeS).toBeLessThanOrEqual(10.3);
    expect(frame.timeS).toBeGreaterThan(10.3 - FRAME_S);
    expect(pictureSize(out)).toEqual({ type: 'png', width: 1600, height: 900 });
  });

  it('gives the same picture as the sampled frame at that instant, also between two frames', async () => {
    const dir = folder();
    const sampled = await sampleFrames(VIDEO, join(dir, 'sampled'), { everyS: 2, sceneThreshold: 0.3, maxFrames: 40 });
    const scene = sampled.find((frame) => Math.abs(frame.timeS - 11.6) < 0.2);
    if (scene === undefined) throw new Error('no frame at the scene change');
    const exact = await extractFrameAt(VIDEO, scene.timeS, join(dir, 'exact.png'));
    const between = await extractFrameAt(VIDEO, scene.timeS + FRAME_S / 2, join(dir, 'between.png'));
    expect(exact.timeS).toBe(scene.timeS);
    expect(between.timeS).toBe(scene.timeS);
    const expected = readFileSync(scene.path);
    expect(readFileSync(join(dir, 'exact.png')).equals(expected)).toBe(true);
    expect(readFileSync(join(dir, 'between.png')).equals(expected)).toBe(true);
    // The frame before the scene change is a different picture.
    const before = await extractFrameAt(VIDEO, scene.timeS - FRAME_S / 2, join(dir, 'before.png'));
    expect(before.timeS).toBeLessThan(scene.timeS);
    expect(readFileSync(join(dir, 'before.png')).equals(expected)).toBe(false);
  });

  it('finds the first and the last frame', async () => {
    const dir = folder();
    expect((await extractFrameAt(VIDEO, 0, join(dir, 'first.png'))).timeS).toBe(0);
    const last = await extractFrameAt(VIDEO, 26, join(dir, 'last.png'));
    expect(last.timeS).toBeGreaterThan(26 - 2 * FRAME_S);
    expect(last.timeS).toBeLessThanOrEqual(26);
  });
});

describe('makeThumbnail', () => {
  it('fits JPEG, PNG, GIF and WebP images and the first frame of a video in maxSide, never enlarging', async () => {
    const dir = folder();
    const png = join(CORPUS, 'images', 'social-post-screenshot.png');
    // GIF and WebP copies of the screenshot, made with the same binary.
    await runFfmpeg(['-i', `file:${png}`, '-frames:v', '1', '-y', `file:${join(dir, 'shot.gif')}`], {
      timeoutMs: 30_000,
    });
    await runFfmpeg(
      ['-i', `file:${png}`, '-frames:v', '1', '-c:v', 'libwebp', '-y', `file:${join(dir, 'shot.webp')}`],
      {
        timeoutMs: 30_000,
      },
    );
    const cases: [string, number, number][] = [
      [join(CORPUS, 'images', 'datacenter-photo.jpg'), 320, 213],
      [png, 320, 215],
      [join(dir, 'shot.gif'), 320, 215],
      [join(dir, 'shot.webp'), 320, 215],
      [VIDEO, 320, 180],
    ];
    for (const [input, width, height] of cases) {
      const out = join(dir, 'thumb.jpg');
      expect(await makeThumbnail(input, out, 320), input).toEqual({ width, height });
      expect(pictureSize(out)).toEqual({ type: 'jpeg', width, height });
    }
    const small = await makeThumbnail(join(CORPUS, 'images', 'datacenter-photo.jpg'), join(dir, 'big.jpg'), 5000);
    expect(small).toEqual({ width: 1200, height: 800 });
  });

  it('reads a file whose name looks like an image-sequence pattern as that one file', async () => {
    const dir = folder();
    const tricky = join(dir, 'shot-%03d [*].png');
    copyFileSync(join(CORPUS, 'images', 'social-post-screenshot.png'), tricky);
    expect(await makeThumbnail(tricky, join(dir, 'out %d.jpg'), 100)).toEqual({ width: 100, height: 67 });
    expect(existsSync(join(dir, 'out %d.jpg'))).toBe(true);
  });

  it('refuses text named .png with a reason and writes nothing', async () => {
    const dir = folder();
    const out = join(dir, 'thumb.jpg');
    await expect(makeThumbnail(join(CORPUS, 'bad', 'screenshot-not-really.png'), out, 320)).rejects.toBeInstanceOf(
      FfmpegError,
    );
    expect(existsSync(out)).toBe(false);
  });
});
