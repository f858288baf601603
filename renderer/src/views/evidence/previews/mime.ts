/**
 * Just enough MIME to preview a stored e-mail or MHTML file in the renderer: find the text and HTML
 * bodies and the inline resources (images an HTML body names by cid: or Content-Location), decode
 * base64 / quoted-printable and the declared charset. The input is hostile evidence, so the walk is
 * iterative with a depth and part limit, and everything is bytes held as a binary string (one
 * character per byte — never TextDecoder('latin1'), which is windows-1252 and remaps 0x80–0x9F).
 * The parser of record is main/intake/parsers/email.ts; this only feeds the viewer.
 */

export interface MimeHeader {
  readonly name: string;
  readonly value: string;
}

export interface MimeLeaf {
  /** Lower-case type/subtype, "text/plain" when absent. */
  readonly contentType: string;
  readonly charset: string | null;
  readonly disposition: string | null;
  readonly filename: string | null;
  readonly contentId: string | null;
  readonly location: string | null;
  /** The decoded body (transfer encoding undone), as a binary string. */
  readonly body: string;
}

export interface MimeMessage {
  readonly headers: readonly MimeHeader[];
  readonly leaves: readonly MimeLeaf[];
  /** What was skipped and why (too deep, too many parts). */
  readonly warnings: readonly string[];
}

/** The same limit as the importer (main/intake/parsers/limits.ts MAX_MIME_DEPTH). */
export const MAX_DEPTH = 20;
export const MAX_PARTS = 1000;

/** Bytes → binary string, in slices (String.fromCharCode takes a bounded argument list). */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return out;
}

export function bytesOf(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i) & 0xff;
  return bytes;
}

/** The header block (everything before the first empty line) and where the body starts. */
export function splitHead(raw: string): { readonly head: string; readonly bodyStart: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return { head: raw, bodyStart: raw.length };
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { head: raw.slice(0, crlf), bodyStart: crlf + 4 };
  return { head: raw.slice(0, lf), bodyStart: lf + 2 };
}

/** Unfolded headers in order, duplicates kept; lines without "name:" are skipped. */
export function parseHeaders(head: string): MimeHeader[] {
  const headers: MimeHeader[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      headers[headers.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) continue;
    headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

export function header(headers: readonly MimeHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** A parameter of a structured header value (`boundary`, `charset`, `filename`, `name`). */
export function parameter(value: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\*?\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(value);
  const raw = match?.[1] ?? match?.[2];
  return raw === undefined ? null : raw.replace(/\\(.)/g, '$1');
}

export function decodeBase64(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  try {
    return atob(usable.padEnd(Math.ceil(usable.length / 4) * 4, '='));
  } catch {
    return '';
  }
}

export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeTransfer(body: string, encoding: string): string {
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** The bodies between "--boundary" lines, up to "--boundary--" (RFC 2046 §5.1.1). */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let position = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`);
  if (position > 0) position += 1;
  while (position !== -1 && parts.length < MAX_PARTS) {
    const after = position + delimiter.length;
    if (body.startsWith('--', after)) break;
    const lineEnd = body.indexOf('\n', after);
    if (lineEnd === -1) break;
    let next = body.indexOf(`\n${delimiter}`, lineEnd);
    const end = next === -1 ? body.length : next;
    // The line break before the next delimiter belongs to the delimiter.
    const partEnd = end > lineEnd + 1 && body[end - 1] === '\r' ? end - 1 : end;
    parts.push(body.slice(lineEnd + 1, Math.max(partEnd, lineEnd + 1)));
    if (next !== -1) next += 1;
    position = next;
  }
  return parts;
}

/**
 * Walk a message (or an MHTML file) and list its leaf parts, decoded. Nested message/rfc822 parts
 * are leaves (an attached e-mail is an attachment, not this message's body).
 */
export function readMime(raw: string): MimeMessage {
  const { head, bodyStart } = splitHead(raw);
  const headers = parseHeaders(head);
  const leaves: MimeLeaf[] = [];
  const warnings: string[] = [];
  const stack: { readonly headers: readonly MimeHeader[]; readonly body: string; readonly depth: number }[] = [
    { headers, body: raw.slice(bodyStart), depth: 0 },
  ];
  let seen = 0;
  while (stack.length > 0) {
    const part = stack.pop();
    if (!part) break;
    seen += 1;
    if (seen > MAX_PARTS) {
      warnings.push(`More than ${String(MAX_PARTS)} parts: the rest were not read.`);
      break;
    }
    const typeValue = header(part.headers, 'content-type') ?? 'text/plain';
    const contentType = (typeValue.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
    const boundary = contentType.startsWith('multipart/') ? parameter(typeValue, 'boundary') : null;
    if (boundary !== null && boundary !== '') {
      if (part.depth >= MAX_DEPTH) {
        warnings.push(`Parts nested deeper than ${String(MAX_DEPTH)} levels were not read.`);
        continue;
      }
      const children = splitMultipart(part.body, boundary);
      // Reversed onto the stack so that parts come out in document order.
      for (const child of children.reverse()) {
        const split = splitHead(child);
        stack.push({ headers: parseHeaders(split.head), body: child.slice(split.bodyStart), depth: part.depth + 1 });
      }
      continue;
    }
    const encoding = (header(part.headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
    const disposition = header(part.headers, 'content-disposition') ?? null;
    leaves.push({
      contentType,
      charset: parameter(typeValue, 'charset'),
      disposition: disposition === null ? null : (disposition.split(';')[0] ?? '').trim().toLowerCase() || null,
      filename:
        (disposition === null ? null : parameter(disposition, 'filename')) ?? parameter(typeValue, 'name') ?? null,
      contentId: header(part.headers, 'content-id')?.replace(/^\s*<|>\s*$/g, '') ?? null,
      location: header(part.headers, 'content-location')?.trim() ?? null,
      body: decodeTransfer(part.body, encoding),
    });
  }
  return { headers, leaves, warnings };
}

/** Decode a text body with its declared charset: UTF-8 when none or unknown, windows-1252 when UTF-8 fails. */
export function decodeText(binary: string, charset: string | null): string {
  return decodeBytes(bytesOf(binary), charset);
}

export function decodeBytes(bytes: Uint8Array, charset: string | null): string {
  if (charset !== null) {
    try {
      return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: fall through to the guesses below.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface MessageBodies {
  readonly text: string | null;
  readonly html: string | null;
  /** Inline resources by `cid:<id>` and by Content-Location, as data: URLs (images only). */
  readonly resources: ReadonlyMap<string, string>;
  readonly warnings: readonly string[];
}

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

function isAttachment(leaf: MimeLeaf): boolean {
  return leaf.disposition === 'attachment';
}

/**
 * The first text/plain and text/html bodies that are not attachments, and the inline images the
 * HTML may name. For MHTML, the HTML is the part at Snapshot-Content-Location when there is one.
 */
export function messageBodies(raw: string): MessageBodies {
  const message = readMime(raw);
  const snapshot = header(message.headers, 'snapshot-content-location');
  const texts = message.leaves.filter((leaf) => leaf.contentType === 'text/plain' && !isAttachment(leaf));
  const htmls = message.leaves.filter((leaf) => leaf.contentType === 'text/html' && !isAttachment(leaf));
  const html = (snapshot === undefined ? undefined : htmls.find((leaf) => leaf.location === snapshot)) ?? htmls[0];
  const text = texts[0];
  const resources = new Map<string, string>();
  for (const leaf of message.leaves) {
    if (!INLINE_IMAGE.test(leaf.contentType)) continue;
    const url = `data:${leaf.contentType};base64,${btoa(leaf.body)}`;
    if (leaf.contentId !== null) resources.set(`cid:${leaf.contentId}`, url);
    if (leaf.location !== null) resources.set(leaf.location, url);
  }
  return {
    text: text ? decodeText(text.body, text.charset) : null,
    html: html ? decodeText(html.body, html.charset) : null,
    resources,
    warnings: message.warnings,
  };
}

/**
 * An HTML file's text: the BOM, then a charset named in the first 1 KiB (<meta charset> or
 * http-equiv), then UTF-8, then windows-1252.
 */
export function decodeHtmlFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = binaryString(bytes.subarray(0, 1024));
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? null;
  return decodeBytes(bytes, declared);
}
