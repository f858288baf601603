/**
 * What a file is, judged by its content (never by its name): magic bytes through `file-type` (the
 * only module importing it), then text sniffing for the formats without a signature (e-mail, mbox,
 * MHTML, HTML, JSON, CSV, Markdown, plain text). Also flags names whose extension lies about the
 * content, and makes names with invisible or reordering characters safe to display.
 */
import { fileTypeFromBuffer } from 'file-type';
import { extname } from 'node:path';
import { decodeText, readHeadSync } from './parsers/common.js';
import type { DetectedKind } from './types.js';

/** Enough for every magic number file-type knows (it asks for ~4 KiB) and for text sniffing. */
const SNIFF_BYTES = 64 * 1024;

export interface Detection {
  readonly kind: DetectedKind;
  readonly mime: string;
  /** The extension file-type associates with the content, when it recognised a signature. */
  readonly extension?: string;
}

const IMAGE_MIMES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'image/avif',
  'image/bmp',
]);
const ARCHIVE_MIMES = new Set(['application/zip', 'application/x-tar', 'application/gzip']);

/** The head is read synchronously (see readHeadSync): the import's next file is detected without waiting for a turn of the event loop. */
export async function detectFile(path: string): Promise<Detection> {
  return detectBytes(readHeadSync(path, SNIFF_BYTES));
}

export async function detectBytes(head: Uint8Array): Promise<Detection> {
  const type = await fileTypeFromBuffer(head);
  if (type) {
    const { mime, ext } = type;
    if (mime === 'application/pdf') return { kind: 'pdf', mime, extension: ext };
    if (ARCHIVE_MIMES.has(mime)) return { kind: 'archive', mime, extension: ext };
    if (IMAGE_MIMES.has(mime)) return { kind: 'image', mime, extension: ext };
    if (mime.startsWith('video/')) return { kind: 'video', mime, extension: ext };
    if (mime.startsWith('audio/')) return { kind: 'audio', mime, extension: ext };
    if (mime === 'application/mbox') return { kind: 'mbox', mime: 'application/mbox', extension: ext };
    if (mime === 'message/rfc822') return { kind: 'email', mime, extension: ext };
    if (mime !== 'application/xml' && mime !== 'image/svg+xml') return { kind: 'binary', mime, extension: ext };
  }
  return sniffText(head);
}

const HEADER_LINE = /^[!-9;-~]+:[ \t]?/;
const EMAIL_HEADERS =
  /^(return-path|received|from|to|subject|date|message-id|delivered-to|mime-version|x-[a-z0-9-]+|reply-to|cc|dkim-signature|authentication-results|content-type|arc-[a-z-]+|sender|in-reply-to|references):/i;

function sniffText(head: Uint8Array): Detection {
  if (head.length === 0) return { kind: 'text', mime: 'text/plain' };
  // Mail is recognised by its header block alone: a hostile body may hold NUL or invalid bytes.
  const headerEnd =
    Buffer.from(head).indexOf('\n\n') === -1
      ? Buffer.from(head).indexOf('\r\n\r\n')
      : Buffer.from(head).indexOf('\n\n');
  const headerBytes = headerEnd === -1 ? head : head.subarray(0, headerEnd);
  const mail = looksLikeText(headerBytes)
    ? sniffMail(
        decodeText(headerBytes, true)
          .text.replace(/^\uFEFF/, '')
          .trimStart(),
      )
    : null;
  if (mail !== null) return mail;
  if (!looksLikeText(head)) return { kind: 'binary', mime: 'application/octet-stream' };
  const text = decodeText(head, true).text;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const lower = start.slice(0, 2048).toLowerCase();
  if (
    /^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(start) ||
    (start.startsWith('<!--') && /<html[\s>]/.test(lower))
  ) {
    return { kind: 'html', mime: 'text/html' };
  }
  if (/^[{[]/.test(start) && looksLikeJson(start)) return { kind: 'json', mime: 'application/json' };
  if (looksLikeDelimited(text, ',')) return { kind: 'csv', mime: 'text/csv' };
  if (looksLikeDelimited(text, '\t')) return { kind: 'csv', mime: 'text/tab-separated-values' };
  if (/^#{1,6} \S/m.test(start.slice(0, 4096)) && /(^|\n)(#{1,6} |[-*] |\d+\. |```)/.test(start.slice(0, 4096))) {
    return { kind: 'markdown', mime: 'text/markdown' };
  }
  return { kind: 'text', mime: 'text/plain' };
}

function sniffMail(start: string): Detection | null {
  // mbox: each message starts with a "From sender date" separator line (RFC 4155).
  if (/^From \S+ +\S.*\d{4}\s*$/.test(start.split(/\r?\n/, 1)[0] ?? '')) {
    return { kind: 'mbox', mime: 'application/mbox' };
  }
  const headerBlock = start.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headerLines = headerBlock.split(/\r?\n/).filter((line) => !/^[ \t]/.test(line));
  if (headerLines.length >= 2 && HEADER_LINE.test(headerLines[0] ?? '')) {
    const isMhtml =
      /^content-type:\s*multipart\/related/im.test(headerBlock) &&
      (/^snapshot-content-location:/im.test(headerBlock) ||
        /saved by (blink|mozilla|windows internet explorer)/i.test(headerBlock) ||
        /type="?text\/html/i.test(headerBlock));
    if (isMhtml) return { kind: 'mhtml', mime: 'multipart/related' };
    const known = headerLines.filter((line) => EMAIL_HEADERS.test(line)).length;
    const headerish = headerLines.filter((line) => HEADER_LINE.test(line)).length;
    if (known >= 2 && headerish >= headerLines.length * 0.6) return { kind: 'email', mime: 'message/rfc822' };
  }
  return null;
}

/** Text has BOM-marked UTF-16 or almost no control bytes other than tab, CR, LF, FF, ESC. */
function looksLikeText(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) control++;
  }
  return control <= bytes.length * 0.01;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    // A file longer than the sniffed head is cut mid-value: accept if the head at least starts like
    // JSON (an opening bracket followed by a string, a value or a nested bracket).
    return error instanceof SyntaxError && /^(\{\s*"|\[\s*[{["\d\-tfn\]])/.test(text);
  }
}

/** At least two lines, and the first few lines have the same number of delimiters (outside quotes). */
function looksLikeDelimited(text: string, delimiter: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .slice(0, 6);
  if (lines.length < 2) return false;
  const first = countDelimiters(lines[0] ?? '', delimiter);
  if (first < 1) return false;
  // Quoted fields may span lines; only the header and a couple of records are compared.
  return countDelimiters(lines[1] ?? '', delimiter) >= first || countDelimiters(lines[2] ?? '', delimiter) >= first;
}

function countDelimiters(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/** Which detected kinds each common extension promises; unknown extensions promise nothing. */
const EXTENSION_KINDS: Readonly<Record<string, readonly DetectedKind[]>> = {
  '.pdf': ['pdf'],
  '.png': ['image'],
  '.jpg': ['image'],
  '.jpeg': ['image'],
  '.gif': ['image'],
  '.webp': ['image'],
  '.tif': ['image'],
  '.tiff': ['image'],
  '.heic': ['image'],
  '.mp4': ['video', 'audio'],
  '.m4v': ['video'],
  '.mov': ['video'],
  '.webm': ['video', 'audio'],
  '.mkv': ['video', 'audio'],
  '.avi': ['video'],
  '.mp3': ['audio'],
  '.m4a': ['audio'],
  '.wav': ['audio'],
  '.ogg': ['audio', 'video'],
  '.flac': ['audio'],
  '.zip': ['archive'],
  '.tar': ['archive'],
  '.gz': ['archive'],
  '.tgz': ['archive'],
  '.eml': ['email', 'text'],
  '.mbox': ['mbox', 'email', 'text'],
  '.mht': ['mhtml', 'html', 'email'],
  '.mhtml': ['mhtml', 'html', 'email'],
  '.html': ['html', 'text'],
  '.htm': ['html', 'text'],
  '.txt': ['text', 'markdown', 'csv', 'json', 'html', 'email'],
  '.log': ['text', 'csv', 'json'],
  '.md': ['markdown', 'text'],
  '.json': ['json', 'text'],
  '.csv': ['csv', 'text'],
  '.tsv': ['csv', 'text'],
  '.exe': ['binary'],
  '.dll': ['binary'],
};

/** The kind a name's extension promises, if it is a known one (used for empty files, which have no content to sniff). */
export function kindFromExtension(name: string): DetectedKind | undefined {
  return EXTENSION_KINDS[extname(name).toLowerCase()]?.[0];
}

/** True when the name's extension promises a different kind of content than the file holds. */
export function extensionMismatch(name: string, kind: DetectedKind): boolean {
  const expected = EXTENSION_KINDS[extname(name).toLowerCase()];
  // An empty file matches every extension: there is no content to contradict it.
  return expected !== undefined && !expected.includes(kind);
}

/**
 * Bidirectional overrides/isolates/marks (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C),
 * C0 and C1 controls, DEL, zero-width and line/paragraph separators: each can make a name display as
 * something it is not ("voter-roll-\u{202E}fdp.exe" shows as "voter-roll-exe.pdf").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\u061c\ufeff]/gu;

export function escapeDisplayName(name: string): string {
  return name.replace(
    UNSAFE_NAME_CHARACTERS,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}
