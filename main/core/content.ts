/**
 * An exhibit's stored bytes as an HTTP-style reply, for both shells: the browser shell's
 * `GET /api/exhibits/<n>/content` (main/serve/content.ts) and the Electron `locard-evidence:` scheme
 * (main/app/evidence-protocol.ts). One copy of the rules: single byte ranges (206, so that a <video>
 * can seek), a Content-Type only for media the renderer shows natively, never anything a browser
 * would run, and headers that keep the bytes inert if someone opens the URL on its own.
 * Also the windows behind `readExhibitBytes` (hex view) and `getExhibitText` (text view).
 */
import type { ExhibitBytes, ExhibitText } from '../../shared/evidence.js';
import { LocardError } from '../errors.js';
import { readBlobRange, readBlobWindow } from '../locker/blob-range.js';
import type { OpenCase } from '../locker/case-file.js';
import { exhibitFullText, exhibitLabel, exhibitRowByNumber } from '../locker/exhibits.js';

/** If the URL is opened as a page, it is a sandboxed page that may load nothing. */
export const EXHIBIT_CONTENT_CSP = "sandbox; default-src 'none'";

/**
 * The Content-Type an exhibit is served with: its detected MIME type for images, audio, video and
 * PDF (what <img>, <video> and pdf.js consume), `application/octet-stream` for everything else —
 * HTML, SVG, e-mail and text are never handed to the browser as something it would render or run.
 */
export function servedContentType(mime: string): string {
  const type = (mime.split(';')[0] ?? '').trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) return 'application/octet-stream';
  // SVG (image/svg+xml) and other XML can carry script.
  if (type.includes('xml')) return 'application/octet-stream';
  if (type.startsWith('image/') || type.startsWith('video/') || type.startsWith('audio/')) return type;
  if (type === 'application/pdf') return type;
  return 'application/octet-stream';
}

/** [start, end) */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A `Range` header against a resource of `size` bytes (RFC 9110 §14). One range only: a missing,
 * malformed or multi-range header yields `undefined` (the whole resource is sent, which the RFC
 * allows); a well-formed range that starts past the end yields 'unsatisfiable' (416).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === null || header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first.length > 15 || last.length > 15) return undefined;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - length), end: size };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size : Math.min(Number(last) + 1, size);
  return { start, end };
}

export interface ContentReply {
  readonly status: 200 | 206 | 404 | 405 | 416;
  readonly headers: Readonly<Record<string, string>>;
  /** The bytes, read lazily; `undefined` for HEAD and for errors (whose text is in `message`). */
  readonly body: Iterable<Buffer> | undefined;
  readonly message?: string;
}

/** Headers every content reply carries, error or not. */
export const CONTENT_BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': EXHIBIT_CONTENT_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

function failure(status: 404 | 405 | 416, message: string, extra: Record<string, string> = {}): ContentReply {
  return {
    status,
    headers: { ...CONTENT_BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
    body: undefined,
    message,
  };
}

/**
 * The reply for one request for exhibit `number`'s bytes. `open` is the open case, or `undefined`
 * when the case is locked or closed — which, like an unknown number, is a 404: the URL reveals
 * nothing about a case that is not open.
 */
export function exhibitContentReply(
  open: OpenCase | undefined,
  number: number,
  method: string,
  rangeHeader: string | null | undefined,
): ContentReply {
  if (method !== 'GET' && method !== 'HEAD') return failure(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  if (!open || !Number.isSafeInteger(number) || number < 1) return failure(404, 'Not found.');
  const row = exhibitRowByNumber(open.db, number);
  if (!row) return failure(404, 'Not found.');
  const size = row.size;
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return failure(416, 'Range not satisfiable.', { 'Content-Range': `bytes */${String(size)}` });
  }
  const { start, end } = range ?? { start: 0, end: size };
  const headers: Record<string, string> = {
    ...CONTENT_BASE_HEADERS,
    'Content-Type': servedContentType(row.mime),
    'Content-Length': String(end - start),
    'Accept-Ranges': 'bytes',
  };
  if (range) headers['Content-Range'] = `bytes ${String(start)}-${String(end - 1)}/${String(size)}`;
  const db = open.db;
  const blobId = row.blob_id;
  return {
    status: range ? 206 : 200,
    headers,
    body: method === 'HEAD' ? undefined : { [Symbol.iterator]: () => readBlobRange(db, blobId, start, end) },
  };
}

/** The most `readExhibitBytes` returns at once (the contract's limit). */
export const MAX_BYTES_WINDOW = 64 * 1024;
/** `getExhibitText` windows: the default and the most at once. */
export const DEFAULT_TEXT_WINDOW = 64 * 1024;
export const MAX_TEXT_WINDOW = 1024 * 1024;

function exhibitRow(open: OpenCase, number: number) {
  const row = exhibitRowByNumber(open.db, number);
  if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(number)} in this case.`);
  return row;
}

/** Up to 64 KiB of an exhibit's stored bytes from `offset`; empty past the end. */
export function readExhibitBytes(open: OpenCase, number: number, offset: number, length: number): ExhibitBytes {
  const row = exhibitRow(open, number);
  const start = Math.min(offset, row.size);
  const end = Math.min(start + Math.min(length, MAX_BYTES_WINDOW), row.size);
  return { offset: start, size: row.size, base64: readBlobWindow(open.db, row.blob_id, start, end).toString('base64') };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Newlines before `end`, counted without building substrings (texts run to 32 MiB). */
function lineAt(text: string, end: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/**
 * A window of the extracted text in UTF-16 units — the unit indicator offsets use — with the line
 * number it starts on. A window never splits a surrogate pair: it starts one unit earlier or ends one
 * unit later instead.
 */
export function exhibitTextWindow(
  open: OpenCase,
  number: number,
  offset = 0,
  length = DEFAULT_TEXT_WINDOW,
): ExhibitText {
  const row = exhibitRow(open, number);
  const text = exhibitFullText(open.db, row.id);
  let start = Math.min(offset, text.length);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start -= 1;
  let end = Math.min(start + Math.min(length, MAX_TEXT_WINDOW), text.length);
  if (end < text.length && end > start && isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
  return { offset: start, text: text.slice(start, end), textLength: text.length, line: lineAt(text, start) };
}
