/**
 * Images (JPEG, PNG, GIF, WebP, TIFF, HEIC): pixel dimensions from the file's own header, and EXIF,
 * GPS, XMP and IPTC through exifr (the only module importing it). Values are kept raw (exifr's
 * "revived" dates would be read in the worker's local zone); camera times are offered as ISO with
 * the recorded offset only when OffsetTimeOriginal says what that offset was. A thumbnail is made
 * through ffmpeg (../../media); failing to make it is a warning.
 */
import exifr from 'exifr';
import { imagePreviews } from '../../media/evidence-previews.js';
import type { ParseResult } from '../types.js';
import { type ParserInput, errorMessage, readAt, readHead, result } from './common.js';

/** A JPEG's frame header normally follows the EXIF/ICC segments; give up after this many segments. */
const MAX_JPEG_SEGMENTS = 256;

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

export async function imageDimensions(path: string, size: number): Promise<Dimensions | null> {
  const head = await readHead(path, Math.min(size, 64));
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47)
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  if (head.length >= 10 && head.subarray(0, 4).toString('latin1') === 'GIF8')
    return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  if (
    head.length >= 30 &&
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    const chunk = head.subarray(12, 16).toString('latin1');
    if (chunk === 'VP8X') return { width: 1 + head.readUIntLE(24, 3), height: 1 + head.readUIntLE(27, 3) };
    if (chunk === 'VP8L') {
      const bits = head.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
  }
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xd8) return jpegDimensions(path, size);
  return null;
}

async function jpegDimensions(path: string, size: number): Promise<Dimensions | null> {
  let offset = 2;
  for (let segment = 0; segment < MAX_JPEG_SEGMENTS && offset + 9 <= size; segment++) {
    const header = await readAt(path, offset, 9);
    if (header.length < 4 || header[0] !== 0xff) return null;
    const marker = header[1] ?? 0;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: header.readUInt16BE(7), height: header.readUInt16BE(5) };
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    offset += 2 + header.readUInt16BE(2);
  }
  return null;
}

type Block = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${String(value.length)} bytes>`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Block).map(([key, inner]) => [key, plain(inner)]));
  }
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** "2020:10:23 14:32:10" + "+02:00" → "2020-10-23T14:32:10+02:00" (and its UTC instant). */
export function exifDateToIso(raw: unknown, offset: unknown): { local: string; utc: string | null } | null {
  if (typeof raw !== 'string') return null;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  if (!match) return null;
  const local = `${match[1] ?? ''}-${match[2] ?? ''}-${match[3] ?? ''}T${match[4] ?? ''}:${match[5] ?? ''}:${match[6] ?? ''}`;
  if (typeof offset !== 'string' || !/^[+-]\d{2}:\d{2}$/.test(offset.trim())) return { local, utc: null };
  const withOffset = `${local}${offset.trim()}`;
  const instant = Date.parse(withOffset);
  return {
    local: withOffset,
    utc: Number.isNaN(instant) ? null : new Date(instant).toISOString().replace('.000Z', 'Z'),
  };
}

/** exifr's names for the EXIF Orientation values (translateValues), back to the numbers. */
const ORIENTATION_NAMES: Readonly<Record<string, number>> = {
  'Horizontal (normal)': 1,
  'Mirror horizontal': 2,
  'Rotate 180': 3,
  'Mirror vertical': 4,
  'Mirror horizontal and rotate 270 CW': 5,
  'Rotate 90 CW': 6,
  'Mirror horizontal and rotate 90 CW': 7,
  'Rotate 270 CW': 8,
};

/** The EXIF Orientation (1–8) from what exifr reports, or null. */
export function exifOrientation(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 8 ? value : null;
  return typeof value === 'string' ? (ORIENTATION_NAMES[value] ?? null) : null;
}

export async function parseImage(input: ParserInput): Promise<ParseResult> {
  const warnings: string[] = [];
  const dimensions = await imageDimensions(input.path, input.size).catch(() => null);
  if (dimensions === null) warnings.push('The image dimensions could not be read from its header.');
  let blocks: Record<string, Block> = {};
  try {
    const parsed: unknown = await exifr.parse(input.path, {
      tiff: true,
      exif: true,
      gps: true,
      xmp: true,
      iptc: true,
      icc: false,
      ihdr: true,
      reviveValues: false,
      translateValues: true,
      mergeOutput: false,
    });
    if (parsed !== null && typeof parsed === 'object') blocks = plain(parsed) as Record<string, Block>;
  } catch (error) {
    warnings.push(`The image metadata could not be read: ${errorMessage(error)}.`);
  }
  const ifd0 = blocks.ifd0 ?? {};
  const exif = blocks.exif ?? {};
  const gps = blocks.gps ?? {};
  const original = exifDateToIso(exif.DateTimeOriginal, exif.OffsetTimeOriginal);
  const latitude = typeof gps.latitude === 'number' ? Number(gps.latitude.toFixed(7)) : null;
  const longitude = typeof gps.longitude === 'number' ? Number(gps.longitude.toFixed(7)) : null;
  // A thumbnail through ffmpeg; a failure there is a warning, the metadata stays.
  const thumbnail = await imagePreviews(input.path, input.tempDir, exifOrientation(ifd0.Orientation));
  warnings.push(...thumbnail.warnings);
  const parsed = result('image', {
    metadata: {
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
      camera: {
        make: ifd0.Make ?? null,
        model: ifd0.Model ?? null,
        software: ifd0.Software ?? null,
      },
      dateTimeOriginal: exif.DateTimeOriginal ?? null,
      offsetTimeOriginal: exif.OffsetTimeOriginal ?? null,
      dateTimeOriginalIso: original?.local ?? null,
      dateTimeOriginalUtc: original?.utc ?? null,
      gps: latitude !== null && longitude !== null ? { latitude, longitude, altitude: gps.GPSAltitude ?? null } : null,
      exif: { ...ifd0, ...exif },
      gpsTags: gps,
      xmp: blocks.xmp ?? null,
      iptc: blocks.iptc ?? null,
    },
    warnings,
  });
  return { ...parsed, previews: thumbnail.previews };
}
