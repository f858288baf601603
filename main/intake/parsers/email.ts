/**
 * E-mail (.eml), MHTML and the MIME layer they share, through mailparser (the only module importing
 * it). Headers are read from the raw bytes by hand so their order, duplicates and malformed lines
 * survive; mailparser decodes bodies, RFC 2047 words and attachments. The Received chain is parsed by
 * `received.ts`. Attachments and MHTML resources become children written into the temporary folder.
 */
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { writeFile } from 'node:fs/promises';
import type { DerivedChild, ParseResult } from '../types.js';
import { ParseFailure } from '../types.js';
import {
  type ParserInput,
  TextBuilder,
  childPath,
  decodeText,
  digestBuffer,
  formatBytes,
  readHead,
  result,
} from './common.js';
import { htmlResult, summariseHtml } from './html.js';
import { MAX_EMAIL_BYTES, MAX_HEADER_LINE_LENGTH, MAX_MIME_DEPTH } from './limits.js';
import { type ReceivedHop, parseMailDate, parseReceived } from './received.js';

export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

/** RFC 5322 §3.6: these fields may appear at most once. */
const SINGLE_HEADERS = [
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'date',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
];
const KNOWN_TRANSFER_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'quoted-printable', 'base64']);

async function readMessage(input: ParserInput, what: string): Promise<Buffer> {
  if (input.size === 0) throw new ParseFailure(`the ${what} is empty (0 bytes)`);
  if (input.size > MAX_EMAIL_BYTES) {
    throw new ParseFailure(
      `the ${what} is ${formatBytes(input.size)}, past the ${formatBytes(MAX_EMAIL_BYTES)} limit for MIME messages`,
    );
  }
  return readHead(input.path, input.size);
}

/** The header block: everything before the first empty line. */
function splitHeaderBlock(raw: Buffer): { header: Buffer; bodyStart: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return { header: raw, bodyStart: raw.length };
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { header: raw.subarray(0, crlf), bodyStart: crlf + 4 };
  return { header: raw.subarray(0, lf), bodyStart: lf + 2 };
}

/** Unfolded headers in order, duplicates kept, plus a warning per malformed line. */
export function readHeaders(headerBytes: Buffer): { headers: MailHeader[]; warnings: string[] } {
  const text = decodeText(headerBytes).text;
  const headers: MailHeader[] = [];
  const warnings: string[] = [];
  const physical = text.split(/\r?\n/);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.length > MAX_HEADER_LINE_LENGTH) {
      warnings.push(
        `A header line is ${String(line.length)} characters long, past the RFC 5322 limit of ${String(MAX_HEADER_LINE_LENGTH)}.`,
      );
    }
    if (/^[ \t]/.test(line) && logical.length > 0)
      logical[logical.length - 1] = `${logical.at(-1) ?? ''} ${line.trim()}`;
    else logical.push(line);
  }
  for (const line of logical) {
    if (line.startsWith('From ') && headers.length === 0) continue; // an mbox separator line left in place
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) {
      warnings.push(`A header line has no "name: value" form: "${preview(line)}".`);
      continue;
    }
    headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  const counts = new Map<string, number>();
  for (const { name } of headers) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  for (const name of SINGLE_HEADERS) {
    const count = counts.get(name) ?? 0;
    if (count > 1) warnings.push(`The ${name} header appears ${String(count)} times (RFC 5322 allows one).`);
  }
  return { headers, warnings };
}

function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * The deepest multipart nesting, found by following boundary declarations line by line (no
 * recursion), so a hostile message is measured before mailparser walks it.
 */
export function mimeDepth(raw: Buffer): number {
  const text = raw.toString('latin1');
  const stack: string[] = [];
  let deepest = 0;
  let inHeaders = true;
  let headerBlock = '';
  for (const line of text.split(/\r?\n/)) {
    if (inHeaders) {
      if (line === '') {
        inHeaders = false;
        if (/content-type:\s*multipart\//i.test(headerBlock)) {
          const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(headerBlock);
          const value = boundary?.[1] ?? boundary?.[2];
          if (value !== undefined) {
            stack.push(value);
            deepest = Math.max(deepest, stack.length);
          }
        }
        headerBlock = '';
      } else {
        headerBlock += `${line}\n`;
      }
      continue;
    }
    if (!line.startsWith('--')) continue;
    const marker = line.trimEnd().slice(2);
    const closing = stack.findIndex((boundary) => marker === `${boundary}--`);
    if (closing !== -1) {
      stack.length = closing;
      continue;
    }
    if (stack.includes(marker)) {
      stack.length = stack.indexOf(marker) + 1;
      inHeaders = true;
    }
  }
  return deepest;
}

function addresses(value: AddressObject | AddressObject[] | undefined): { name: string; address: string }[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry) =>
    entry.value.map((mailbox) => ({ name: mailbox.name, address: mailbox.address ?? '' })),
  );
}

function headerValue(headers: readonly MailHeader[], name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name)?.value;
}

function headerValues(headers: readonly MailHeader[], name: string): string[] {
  return headers.filter((header) => header.name.toLowerCase() === name).map((header) => header.value);
}

function authenticationVerdicts(values: readonly string[]): Record<string, string> {
  const verdicts: Record<string, string> = {};
  for (const value of values) {
    for (const method of ['spf', 'dkim', 'dmarc', 'arc']) {
      const match = new RegExp(`(?:^|[;\\s])${method}=([a-z]+)`, 'i').exec(value);
      if (match?.[1] !== undefined && verdicts[method] === undefined) verdicts[method] = match[1].toLowerCase();
    }
  }
  return verdicts;
}

function charsetIsKnown(charset: string): boolean {
  try {
    new TextDecoder(charset);
    return true;
  } catch {
    return false;
  }
}

function contentWarnings(headers: readonly MailHeader[], raw: Buffer): string[] {
  const warnings: string[] = [];
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    for (const match of header.value.matchAll(/=\?([^?]+)\?[bq]\?/gi)) {
      const charset = match[1] ?? '';
      if (!charsetIsKnown(charset)) warnings.push(`The ${header.name} header uses an unknown charset "${charset}".`);
    }
    if (lower === 'date' && parseMailDate(header.value) === null)
      warnings.push(`The Date header "${preview(header.value)}" is not a valid date.`);
  }
  // Charsets and transfer encodings declared anywhere in the message (parts included).
  const text = raw.toString('latin1');
  for (const match of text.matchAll(/charset\s*=\s*"?([^";\s]+)/gi)) {
    const charset = match[1] ?? '';
    if (!charsetIsKnown(charset))
      warnings.push(`A part declares an unknown charset "${charset}"; its text was decoded as best as possible.`);
  }
  for (const match of text.matchAll(/^content-transfer-encoding:\s*([^\s;]+)/gim)) {
    const encoding = (match[1] ?? '').toLowerCase();
    if (!KNOWN_TRANSFER_ENCODINGS.has(encoding))
      warnings.push(`A part declares an unknown transfer encoding "${encoding}"; it was kept undecoded.`);
  }
  if (raw.includes(0)) warnings.push('The message contains NUL bytes.');
  return [...new Set(warnings)];
}

async function writeAttachments(
  attachments: readonly Attachment[],
  tempDir: string,
  method: string,
  prefix: string,
): Promise<{ children: DerivedChild[]; summaries: Record<string, unknown>[] }> {
  const children: DerivedChild[] = [];
  const summaries: Record<string, unknown>[] = [];
  let index = 0;
  for (const attachment of attachments) {
    index++;
    const path = childPath(tempDir, prefix, index);
    await writeFile(path, attachment.content, { flag: 'wx' });
    const digests = digestBuffer(attachment.content);
    const contentLocation = attachment.headers.get('content-location');
    const metadata: Record<string, unknown> = {
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      disposition: attachment.contentDisposition ?? null,
      contentId: attachment.contentId ?? null,
      contentLocation: typeof contentLocation === 'string' ? contentLocation : null,
      related: attachment.related,
      ...digests,
    };
    summaries.push(metadata);
    const name =
      attachment.filename ?? (typeof contentLocation === 'string' ? contentLocation : `${prefix}-${String(index)}`);
    children.push({ name, path, size: digests.size, method, metadata });
  }
  return { children, summaries };
}

async function parseMime(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, keepCidLinks: true });
}

export async function parseEmail(input: ParserInput): Promise<ParseResult> {
  const raw = await readMessage(input, 'e-mail');
  const { header, bodyStart } = splitHeaderBlock(raw);
  const { headers, warnings } = readHeaders(header);
  if (headers.length === 0) warnings.push('No headers were found; this may not be an e-mail.');
  warnings.push(...contentWarnings(headers, raw));

  const depth = mimeDepth(raw);
  let parsed: ParsedMail;
  let bodyParsed = true;
  if (depth > MAX_MIME_DEPTH) {
    warnings.push(
      `The MIME structure is nested ${String(depth)} levels deep, past the limit of ${String(MAX_MIME_DEPTH)}; only the headers were read.`,
    );
    parsed = await parseMime(Buffer.concat([raw.subarray(0, bodyStart), Buffer.from('\r\n\r\n')]));
    bodyParsed = false;
  } else {
    parsed = await parseMime(raw);
  }

  const received: ReceivedHop[] = headerValues(headers, 'received').map(parseReceived);
  for (const hop of received) {
    const literal = /\[(\d{1,3}(?:\.\d{1,3}){3})\]/.exec(hop.raw)?.[1];
    if (literal !== undefined && hop.ip !== literal)
      warnings.push(`A Received header names "${literal}", which is not a valid IP address; it was ignored.`);
    if (hop.time === null) warnings.push(`A Received header has no valid date: "${preview(hop.raw)}".`);
  }
  const dateRaw = headerValue(headers, 'date');
  const date = dateRaw === undefined ? null : parseMailDate(dateRaw);
  const authenticationResults = headerValues(headers, 'authentication-results');
  const contentType = headerValue(headers, 'content-type') ?? 'text/plain';
  const { children, summaries } = bodyParsed
    ? await writeAttachments(parsed.attachments, input.tempDir, 'email-attachment', 'attachment')
    : { children: [], summaries: [] };

  const builder = new TextBuilder();
  for (const { name, value } of headers) {
    builder.add(`${name}: ${value}`, 'header', name);
    builder.gap('\n');
  }
  const plain = (parsed.text ?? '').trim();
  const htmlText = typeof parsed.html === 'string' ? summariseHtml(parsed.html).text : '';
  if (plain !== '') {
    builder.gap('\n');
    builder.add(plain, 'body', 'text');
  }
  if (htmlText !== '' && htmlText !== plain) {
    builder.gap('\n\n');
    builder.add(htmlText, 'body', 'html');
  }

  return result('email', {
    text: builder.text,
    segments: builder.segments,
    metadata: {
      headers,
      received,
      authenticationResults,
      authentication: authenticationVerdicts(authenticationResults),
      receivedSpf: headerValue(headers, 'received-spf') ?? null,
      xOriginatingIp: headerValue(headers, 'x-originating-ip')?.replace(/^\[|\]$/g, '') ?? null,
      returnPath: headerValue(headers, 'return-path')?.replace(/^<|>$/g, '') ?? null,
      messageId: headerValue(headers, 'message-id') ?? null,
      date,
      dateRaw: dateRaw ?? null,
      subject: parsed.subject ?? null,
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      replyTo: addresses(parsed.replyTo),
      xMailer: headerValue(headers, 'x-mailer') ?? null,
      contentType: contentType.split(';')[0]?.trim().toLowerCase() ?? null,
      charset: /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? null,
      transferEncoding: headerValue(headers, 'content-transfer-encoding')?.toLowerCase() ?? null,
      mimeDepth: depth,
      parts: bodyParsed ? mimeStructure(raw.subarray(bodyStart), contentType) : [],
      attachments: summaries,
    },
    children,
    warnings,
  });
}

/**
 * MHTML (RFC 2557) is split by hand rather than through mailparser, which merges every text/html
 * part into one page: a saved page's sub-frames must stay separate parts with their own
 * Content-Location. Browsers write one flat multipart/related level, so no recursion is needed.
 */
export async function parseMhtml(input: ParserInput): Promise<ParseResult> {
  const raw = await readMessage(input, 'MHTML file');
  const { header, bodyStart } = splitHeaderBlock(raw);
  const { headers, warnings } = readHeaders(header);
  const contentType = headerValue(headers, 'content-type') ?? '';
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) throw new ParseFailure('not an MHTML file: the top-level part has no multipart boundary');
  const parts = splitMultipart(raw.subarray(bodyStart), marker).map(readPart);
  const snapshot = headerValue(headers, 'snapshot-content-location');
  const mainIndex = Math.max(
    parts.findIndex((part) => part.contentType === 'text/html' && snapshot !== undefined && part.location === snapshot),
    parts.findIndex((part) => part.contentType === 'text/html'),
  );
  const main = parts[mainIndex];
  if (main === undefined) warnings.push('No HTML part was found in the MHTML file.');
  const page = htmlResult(main === undefined ? '' : decodePartText(main), {}, warnings);

  const children: DerivedChild[] = [];
  const summaries: Record<string, unknown>[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === mainIndex) continue;
    const path = childPath(input.tempDir, 'part', children.length + 1);
    await writeFile(path, part.body, { flag: 'wx' });
    const metadata = {
      contentType: part.contentType,
      contentLocation: part.location,
      contentId: part.contentId,
      transferEncoding: part.encoding,
      ...digestBuffer(part.body),
    };
    summaries.push(metadata);
    children.push({
      name: part.location ?? part.contentId ?? `part-${String(index + 1)}`,
      path,
      size: part.body.length,
      method: 'mhtml-part',
      metadata,
    });
  }
  return {
    ...page,
    kind: 'mhtml',
    metadata: {
      ...page.metadata,
      headers,
      snapshotContentLocation: snapshot ?? null,
      subject: headerValue(headers, 'subject') ?? null,
      date: parseMailDate(headerValue(headers, 'date') ?? ''),
      mainPart: main === undefined ? null : { contentType: main.contentType, contentLocation: main.location },
      parts: summaries,
    },
    children,
  };
}

/** Parts listed in a message's MIME structure: more than this is an attack, not mail. */
const MAX_LISTED_PARTS = 200;

interface MimeStructurePart {
  readonly contentType: string;
  readonly charset: string | null;
  readonly transferEncoding: string;
  readonly size: number;
  readonly depth: number;
}

/**
 * The leaf parts of a multipart body (type, charset, transfer encoding, decoded size): how a message
 * was built says something about the tool that built it (a base64 HTML part, a quoted-printable body).
 * mailparser's simpleParser gives the decoded result, not this structure. Depth is bounded by
 * MAX_MIME_DEPTH (checked before this runs), breadth by MAX_LISTED_PARTS.
 */
function mimeStructure(body: Buffer, contentType: string, depth = 1, out: MimeStructurePart[] = []) {
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!/^\s*multipart\//i.test(contentType) || marker === undefined) return out;
  for (const bytes of splitMultipart(body, marker)) {
    if (out.length >= MAX_LISTED_PARTS || depth > MAX_MIME_DEPTH) break;
    const { header, bodyStart } = splitHeaderBlock(bytes);
    const partType = headerValue(readHeaders(header).headers, 'content-type') ?? 'text/plain';
    if (/^\s*multipart\//i.test(partType)) {
      mimeStructure(bytes.subarray(bodyStart), partType, depth + 1, out);
      continue;
    }
    const part = readPart(bytes);
    out.push({
      contentType: part.contentType,
      charset: part.charset,
      transferEncoding: part.encoding,
      size: part.body.length,
      depth,
    });
  }
  return out;
}

interface MimePart {
  readonly contentType: string;
  readonly charset: string | null;
  readonly location: string | null;
  readonly contentId: string | null;
  readonly encoding: string;
  readonly body: Buffer;
}

/** The bodies between "--boundary" lines, up to the closing "--boundary--". */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const afterDelimiter = position + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const lineEnd = body.indexOf('\n', afterDelimiter);
    if (lineEnd === -1) break;
    const next = body.indexOf(delimiter, lineEnd + 1);
    const end = next === -1 ? body.length : next;
    // The line break before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    let partEnd = end;
    if (body[partEnd - 1] === 0x0a) partEnd--;
    if (body[partEnd - 1] === 0x0d) partEnd--;
    parts.push(body.subarray(lineEnd + 1, Math.max(partEnd, lineEnd + 1)));
    position = next;
  }
  return parts;
}

function readPart(bytes: Buffer): MimePart {
  const { header, bodyStart } = splitHeaderBlock(bytes);
  const { headers } = readHeaders(header);
  const type = headerValue(headers, 'content-type') ?? 'text/plain';
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  const raw = bytes.subarray(bodyStart);
  const body =
    encoding === 'base64'
      ? Buffer.from(raw.toString('latin1'), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(raw)
        : raw;
  return {
    contentType: (type.split(';')[0] ?? '').trim().toLowerCase(),
    charset: /charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1] ?? null,
    location: headerValue(headers, 'content-location') ?? null,
    contentId: headerValue(headers, 'content-id')?.replace(/^<|>$/g, '') ?? null,
    encoding,
    body,
  };
}

/** RFC 2045 §6.7: "=XX" is a byte, "=" at a line end is a soft break. */
export function decodeQuotedPrintable(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    text.replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

function decodePartText(part: MimePart): string {
  const charset = part.charset ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(part.body);
  } catch {
    return decodeText(part.body).text;
  }
}
