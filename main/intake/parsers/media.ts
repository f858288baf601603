/**
 * Video and audio containers (MP4/MOV, WebM/MKV, MP3, Ogg, WAV…) through mediabunny (the only module
 * importing it): duration, container, tracks and tags, read from the file by random access (never
 * loaded whole). mediabunny does not expose the MP4 movie header's creation time, so that one field
 * is read by hand from the 'mvhd' box (ISO/IEC 14496-12 §8.2.2). Videos also get a thumbnail and a
 * key-frame strip through ffmpeg (../../media); failing to make them is a warning.
 */
import { ALL_FORMATS, FilePathSource, Input } from 'mediabunny';
import type { ParseResult } from '../types.js';
import { ParseFailure } from '../types.js';
import { videoPreviews } from '../../media/evidence-previews.js';
import { type ParserInput, errorMessage, readAt, result } from './common.js';

/** Boxes walked while looking for moov/mvhd; a real file has a handful at the top level. */
const MAX_BOXES = 1024;
/** Seconds between 1904-01-01 (the MP4 epoch) and 1970-01-01. */
const MP4_EPOCH_OFFSET_S = 2_082_844_800;

/** Codec names as analysts and ffprobe know them. */
const CODEC_NAMES: Readonly<Record<string, string>> = { avc: 'h264', hevc: 'hevc', vp8: 'vp8', vp9: 'vp9', av1: 'av1' };

async function findBox(
  path: string,
  start: number,
  end: number,
  type: string,
): Promise<{ start: number; end: number } | null> {
  let offset = start;
  for (let count = 0; count < MAX_BOXES && offset + 8 <= end; count++) {
    const header = await readAt(path, offset, 16);
    if (header.length < 8) return null;
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1 && header.length >= 16) {
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < headerSize) return null;
    if (header.subarray(4, 8).toString('latin1') === type)
      return { start: offset + headerSize, end: Math.min(offset + size, end) };
    offset += size;
  }
  return null;
}

/** The movie header's creation time as ISO UTC, or null (0 means "not set" in practice). */
export async function mp4CreationTime(path: string, size: number): Promise<string | null> {
  const moov = await findBox(path, 0, size, 'moov');
  if (moov === null) return null;
  const mvhd = await findBox(path, moov.start, moov.end, 'mvhd');
  if (mvhd === null) return null;
  const body = await readAt(path, mvhd.start, 12);
  if (body.length < 8) return null;
  const seconds = body[0] === 1 && body.length >= 12 ? Number(body.readBigUInt64BE(4)) : body.readUInt32BE(4);
  if (seconds === 0) return null;
  const date = new Date((seconds - MP4_EPOCH_OFFSET_S) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

/** Friendly names for the raw tags mediabunny reports (MP4 ilst atoms, Matroska/ID3 tag names). */
const TAG_NAMES: Readonly<Record<string, string>> = {
  '©too': 'encoder',
  '©enc': 'encoder',
  ENCODER: 'encoder',
  TSSE: 'encoder',
  encoder: 'encoder',
};

function tagValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return `<${String(value.length)} bytes>`;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export async function parseMedia(input: ParserInput, kind: 'video' | 'audio' = 'video'): Promise<ParseResult> {
  const media = new Input({ source: new FilePathSource(input.path), formats: ALL_FORMATS });
  const warnings: string[] = [];
  try {
    let formatName: string;
    let mime: string;
    try {
      const format = await media.getFormat();
      formatName = format.name;
      mime = format.mimeType;
    } catch (error) {
      throw new ParseFailure(`not a readable audio or video file: ${errorMessage(error)}`);
    }
    const duration = await media.computeDuration().catch((error: unknown) => {
      warnings.push(`The duration could not be computed: ${errorMessage(error)}.`);
      return null;
    });
    const tracks: Record<string, unknown>[] = [];
    for (const track of await media.getTracks()) {
      const codec = await track.getCodec();
      const entry: Record<string, unknown> = {
        type: track.type,
        codec: codec === null ? null : (CODEC_NAMES[codec] ?? codec),
        language: await track.getLanguageCode(),
      };
      try {
        const stats = await track.computePacketStats(500);
        entry.averageBitrate = Math.round(stats.averageBitrate);
        if (track.isVideoTrack()) entry.fps = Math.round(stats.averagePacketRate * 1000) / 1000;
      } catch (error) {
        warnings.push(`Track statistics could not be computed: ${errorMessage(error)}.`);
      }
      if (track.isVideoTrack()) {
        entry.width = await track.getDisplayWidth();
        entry.height = await track.getDisplayHeight();
        entry.rotation = await track.getRotation();
      } else if (track.isAudioTrack()) {
        entry.sampleRate = await track.getSampleRate();
        entry.channels = await track.getNumberOfChannels();
      }
      tracks.push(entry);
    }
    const tags = await media.getMetadataTags().catch(() => ({ raw: undefined }));
    const rawTags: Record<string, unknown> = {};
    const named: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tags.raw ?? {})) {
      rawTags[key] = tagValue(value);
      const friendly = TAG_NAMES[key];
      if (friendly !== undefined) named[friendly] = tagValue(value);
    }
    for (const [key, value] of Object.entries(tags)) {
      if (key !== 'raw' && key !== 'images' && value !== undefined) named[key] = tagValue(value);
    }
    const isMp4Family = /mp4|quicktime|mov|m4a/i.test(`${formatName} ${mime}`);
    const creationTime = isMp4Family ? await mp4CreationTime(input.path, input.size).catch(() => null) : null;
    const video = tracks.find((track) => track.type === 'video');
    const hasVideo = video !== undefined;
    // Thumbnail and key-frame strip through ffmpeg; a failure there is a warning, the metadata stays.
    const previews = hasVideo ? await videoPreviews(input.path, input.tempDir, duration) : null;
    if (previews) warnings.push(...previews.warnings);
    const parsed = result(hasVideo ? 'video' : kind === 'video' ? 'audio' : kind, {
      metadata: {
        container: containerName(formatName),
        mime,
        duration,
        creationTime: creationTime ?? (typeof named.date === 'string' ? named.date : null),
        tracks,
        codec: video?.codec ?? tracks[0]?.codec ?? null,
        width: video?.width ?? null,
        height: video?.height ?? null,
        fps: video?.fps ?? null,
        tags: named,
        rawTags,
      },
      warnings,
    });
    return previews ? { ...parsed, previews: previews.previews } : parsed;
  } finally {
    media.dispose();
  }
}

function containerName(formatName: string): string {
  const lower = formatName.toLowerCase();
  if (lower.includes('mp4')) return 'mp4';
  if (lower.includes('quicktime') || lower.includes('mov')) return 'mov';
  if (lower.includes('webm')) return 'webm';
  if (lower.includes('matroska') || lower.includes('mkv')) return 'mkv';
  return lower;
}
