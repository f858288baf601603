/** The renderer's MIME walk for the e-mail and MHTML previews, on the corpus and on hostile input. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binaryString,
  bytesOf,
  decodeBase64,
  decodeHtmlFile,
  decodeQuotedPrintable,
  MAX_DEPTH,
  messageBodies,
  parameter,
  parseHeaders,
  readMime,
  splitMultipart,
} from '../../../../renderer/src/views/evidence/previews/mime.js';

const CORPUS = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'corpus');
const raw = (...path: string[]) => binaryString(new Uint8Array(readFileSync(join(CORPUS, ...path))));

describe('bytes as binary strings', () => {
  it('round-trips every byte value, 0x80–0x9f included', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesOf(binaryString(bytes))).toEqual(bytes);
  });

  it('handles more bytes than one String.fromCharCode call takes', () => {
    const bytes = new Uint8Array(200_000).fill(0x41);
    expect(binaryString(bytes)).toHaveLength(200_000);
  });
});

describe('headers and parameters', () => {
  it('unfolds continuation lines and keeps duplicates in order', () => {
    expect(parseHeaders('Received: a\r\n\tb\r\nReceived: c\r\nbroken line\r\nX: y')).toEqual([
      { name: 'Received', value: 'a b' },
      { name: 'Received', value: 'c' },
      { name: 'X', value: 'y' },
    ]);
  });

  it('reads quoted and bare parameters', () => {
    expect(parameter('multipart/mixed; boundary="=_a b"', 'boundary')).toBe('=_a b');
    expect(parameter('text/plain; charset=UTF-8; format=flowed', 'charset')).toBe('UTF-8');
    expect(parameter('text/plain', 'charset')).toBeNull();
  });
});

describe('transfer encodings', () => {
  it('decodes base64 with line breaks and junk, and never throws', () => {
    expect(decodeBase64('SGVs\r\nbG8=')).toBe('Hello');
    expect(decodeBase64('SGVsbG8')).toBe('Hello');
    expect(decodeBase64('!!!')).toBe('');
  });

  it('decodes quoted-printable soft breaks and escapes', () => {
    expect(decodeQuotedPrintable('caf=C3=A9 =\r\nau lait')).toBe('caf\xc3\xa9 au lait');
  });
});

describe('splitMultipart', () => {
  it('splits on the boundary and stops at the closing one', () => {
    const body = 'preamble\r\n--b\r\nA: 1\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue';
    expect(splitMultipart(body, 'b')).toEqual(['A: 1\r\n\r\none', '\r\ntwo']);
  });
});

describe('messageBodies on the corpus', () => {
  it('finds the text body of an e-mail with a video attachment, not the attachment', () => {
    const bodies = messageBodies(raw('emails', '01-threat-with-video-attachment.eml'));
    expect(bodies.text).toMatch(/\S/);
    expect(bodies.html).toBeNull();
    expect(readMime(raw('emails', '01-threat-with-video-attachment.eml')).leaves.map((l) => l.contentType)).toContain(
      'video/mp4',
    );
  });

  it('decodes a quoted-printable UTF-8 body', () => {
    const bodies = messageBodies(raw('emails', '02-threat-quoted-printable-utf8.eml'));
    expect(bodies.text).toContain('You’re on the rolls as a Democrat');
    expect(bodies.text).toContain('Señora');
  });

  it('finds the HTML body of a gateway-rewritten message', () => {
    const bodies = messageBodies(raw('emails', '03-threat-html-defanged-by-gateway.eml'));
    expect(bodies.html).toContain('We are watching the polls');
  });

  it('takes the MHTML snapshot page and maps its saved images to data: URLs', () => {
    const bodies = messageBodies(raw('web', 'news-timeline.mhtml'));
    expect(bodies.html).toContain('careless screen recording');
    expect(bodies.resources.get('https://tracker.example/p.gif')).toMatch(/^data:image\/gif;base64,/);
  });

  it(`stops at ${String(MAX_DEPTH)} nested levels and says so`, () => {
    const message = readMime(raw('bad', 'nested-multipart-50.eml'));
    expect(message.warnings.join(' ')).toMatch(/nested deeper than 20/);
  });

  it('survives an empty message and one with no body', () => {
    expect(messageBodies('')).toMatchObject({ text: '', html: null });
    expect(messageBodies('Subject: only headers')).toMatchObject({ html: null });
  });
});

describe('decodeHtmlFile', () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

  it('honours a BOM, then a meta charset, then UTF-8, then windows-1252', () => {
    expect(decodeHtmlFile(new Uint8Array([0xef, 0xbb, 0xbf, 0xc3, 0xa9]))).toBe('é');
    expect(decodeHtmlFile(bytes('<meta charset="iso-8859-1"><p>\xe9'))).toContain('é');
    expect(decodeHtmlFile(new Uint8Array(Buffer.from('<p>é</p>', 'utf8')))).toBe('<p>é</p>');
    // Not UTF-8: one character per byte (Chromium maps 0x93 to “; Node's decoder maps it to U+0093).
    const fallback = decodeHtmlFile(bytes('<p>\x93quoted\x94</p>'));
    expect(fallback).toHaveLength('<p>\x93quoted\x94</p>'.length);
    expect(fallback).toContain('quoted');
    expect(fallback).not.toContain('\ufffd');
  });
});
