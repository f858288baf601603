// Images (EXIF, GPS, dimensions) and video containers (duration, tracks, creation time, encoder)
// against the corpus ground truth.
import { describe, expect, it, afterAll } from 'vitest';
import { exifDateToIso, parseImage } from '../../../main/intake/parsers/image.js';
import { parseMedia } from '../../../main/intake/parsers/media.js';
import { cleanUp, corpusInput, metadataOf } from './corpus.js';

afterAll(cleanUp);

describe('parseImage', () => {
  it('reads the camera, the original time with its offset and the GPS position of the photo', async () => {
    const truth = metadataOf('images/datacenter-photo.jpg').exif as Record<string, unknown>;
    const parsed = await parseImage(corpusInput('images/datacenter-photo.jpg'));
    const meta = parsed.metadata;
    expect(meta.camera).toEqual({ make: truth.Make, model: truth.Model, software: truth.Software });
    expect(meta.dateTimeOriginal).toBe(truth.DateTimeOriginal);
    expect(meta.offsetTimeOriginal).toBe(truth.OffsetTimeOriginal);
    expect(meta.dateTimeOriginalIso).toBe('2020-10-23T14:32:10+02:00');
    expect(meta.dateTimeOriginalUtc).toBe('2020-10-23T12:32:10Z');
    const gps = meta.gps as { latitude: number; longitude: number };
    expect(gps.latitude).toBeCloseTo(truth.GPSLatitude as number, 5);
    expect(gps.longitude).toBeCloseTo(truth.GPSLongitude as number, 5);
    expect(meta.width).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
  });

  it('reads the dimensions of the PNG screenshot', async () => {
    const truth = metadataOf('images/social-post-screenshot.png');
    const parsed = await parseImage(corpusInput('images/social-post-screenshot.png'));
    expect(`${String(parsed.metadata.width)}x${String(parsed.metadata.height)}`).toBe(truth.size);
    expect(parsed.metadata.gps).toBeNull();
  });

  it('keeps a camera time without an offset local (no invented zone)', () => {
    expect(exifDateToIso('2020:10:23 14:32:10', undefined)).toEqual({ local: '2020-10-23T14:32:10', utc: null });
  });
});

describe('parseMedia', () => {
  it('reads duration, codec, size, frame rate, creation time and encoder of the screen recording', async () => {
    const truth = metadataOf('video/voter-portal-screen-recording.mp4');
    const parsed = await parseMedia(corpusInput('video/voter-portal-screen-recording.mp4'));
    const meta = parsed.metadata;
    expect(parsed.kind).toBe('video');
    expect(meta.container).toBe(truth.container);
    expect(meta.duration).toBeCloseTo(truth.duration_s as number, 1);
    expect(meta.codec).toBe(truth.codec);
    expect(meta.width).toBe(truth.width);
    expect(meta.height).toBe(truth.height);
    expect(meta.fps).toBeCloseTo(truth.fps as number, 1);
    expect(meta.creationTime).toBe(truth.creation_time);
    expect((meta.tags as Record<string, unknown>).encoder).toBe(truth.encoder);
  });

  it('refuses bytes that are not a container', async () => {
    await expect(parseMedia(corpusInput('bad/random-bytes.pdf'))).rejects.toThrow(/not a readable audio or video file/);
  });
});
