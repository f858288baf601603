// E-mail parsing against the corpus ground truth: headers in order, the Received chain hop by hop,
// authentication verdicts, decoded subject, bodies as segments and attachments as children.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../../main/intake/parsers/email.js';
import { parseMbox } from '../../../main/intake/parsers/mbox.js';
import { parseMailDate, parseReceived } from '../../../main/intake/parsers/received.js';
import { CORPUS, cleanUp, corpusInput, expected, fileInput, metadataOf, tempFolder } from './corpus.js';

afterAll(cleanUp);

interface Hop {
  from: string | null;
  by: string | null;
  ip: string | null;
  time: string | null;
}

describe('parseEmail: 01 threat with video attachment', async () => {
  const file = 'emails/01-threat-with-video-attachment.eml';
  const input = corpusInput(file);
  const parsed = await parseEmail(input);
  const truth = metadataOf(file);
  const meta = parsed.metadata;

  it('reads the Date header as UTC, as the corpus event says', () => {
    expect(meta.date).toBe(expected.files[file]?.events?.[0]?.timestamp);
    expect(meta.date).toBe('2020-10-20T14:12:41Z');
  });

  it('parses every Received hop (nearest first) with from, by, IP and UTC time', () => {
    const hops = (meta.received as Hop[]).map(({ from, by, ip, time }) => ({ from, by, ip, time }));
    expect(hops).toEqual([
      { from: 'mailstore03.example.net', by: 'imap02.example.net', ip: '192.0.2.12', time: '2020-10-20T14:12:51Z' },
      { from: 'mx1.example.net', by: 'mailstore03.example.net', ip: '192.0.2.10', time: '2020-10-20T14:12:50Z' },
      {
        from: 'relay7.kasvu-hosting.example',
        by: 'mx1.example.net',
        ip: '198.51.100.23',
        time: '2020-10-20T14:12:49Z',
      },
      { from: '[203.0.113.81]', by: 'relay7.kasvu-hosting.example', ip: '203.0.113.81', time: '2020-10-20T14:12:44Z' },
    ]);
  });

  it('reports sender, return path, authentication verdicts and mailer', () => {
    expect((meta.from as { address: string }[])[0]?.address).toBe(truth.from);
    expect(meta.returnPath).toBe(truth.return_path);
    expect(meta.authentication).toMatchObject({ spf: truth.spf, dkim: truth.dkim, dmarc: truth.dmarc });
    expect(meta.xMailer).toBe(truth.x_mailer);
    expect(meta.xOriginatingIp).toBe('203.0.113.81');
    expect(meta.messageId).toBe('<20201020141241.9A1F2C0043@relay7.kasvu-hosting.example>');
  });

  it('keeps every header in order, duplicates included', () => {
    const headers = meta.headers as { name: string; value: string }[];
    expect(headers[0]).toEqual({ name: 'Return-Path', value: '<www-data@relay7.kasvu-hosting.example>' });
    expect(headers.filter((header) => header.name === 'Received')).toHaveLength(4);
  });

  it('writes the attachment as a child with the ground-truth name, type, size and hashes', () => {
    const [attachment] = truth.attachments as Record<string, unknown>[];
    expect(parsed.children).toHaveLength(1);
    const child = parsed.children[0];
    expect(child?.method).toBe('email-attachment');
    expect(child?.name).toBe(attachment?.filename);
    expect(child?.size).toBe(attachment?.size);
    expect(child?.metadata).toMatchObject({
      contentType: attachment?.content_type,
      sha256: attachment?.sha256,
      sha1: attachment?.sha1,
      md5: attachment?.md5,
    });
    expect(child?.path.startsWith(`${input.tempDir}/`)).toBe(true);
    expect(readFileSync(child?.path ?? '').length).toBe(attachment?.size);
  });

  it('puts headers and body into the text, each segment pointing at its own stretch', () => {
    const subject = parsed.segments.find((segment) => segment.kind === 'header' && segment.label === 'Subject');
    expect(parsed.text.slice(subject?.start, subject?.end)).toBe('Subject: You have been warned before Election Day');
    const body = parsed.segments.find((segment) => segment.kind === 'body');
    expect(parsed.text.slice(body?.start, body?.end)).toContain('vote the way we say on\nNovember 3rd');
  });
});

describe('parseEmail: 02 quoted-printable UTF-8 over IPv6', async () => {
  const file = 'emails/02-threat-quoted-printable-utf8.eml';
  const parsed = await parseEmail(corpusInput(file));
  const truth = metadataOf(file);

  it('decodes the RFC 2047 subject and reports charset and transfer encoding', () => {
    expect(parsed.metadata.subject).toBe(truth.subject_decoded);
    expect(parsed.metadata.charset).toBe(truth.charset);
    expect(parsed.metadata.transferEncoding).toBe(truth.transfer_encoding);
    expect(parsed.metadata.date).toBe('2020-10-20T13:05:09Z');
  });

  it('reads the IPv6 address literal of the relay hop and a hop without "from"', () => {
    const hops = parsed.metadata.received as Hop[];
    expect(hops[1]).toMatchObject({
      from: 'mail.desert-logistics.example',
      by: 'inbound.example.org',
      ip: '2001:db8:1f70::2c',
      time: '2020-10-20T13:05:12Z',
    });
    expect(hops[2]).toMatchObject({
      from: null,
      by: 'mail.desert-logistics.example',
      ip: null,
      time: '2020-10-20T13:05:09Z',
    });
  });

  it('joins the soft line break so the video URL is whole in the body text', () => {
    expect(parsed.text).toMatch(/https?:\/\/vidshare\.example\/\S+/);
  });
});

describe('parseEmail: 03 HTML defanged by a gateway', async () => {
  const file = 'emails/03-threat-html-defanged-by-gateway.eml';
  const parsed = await parseEmail(corpusInput(file));
  const truth = metadataOf(file);

  it('reports the verdicts and mailer, and the HTML part as visible text', () => {
    expect(parsed.metadata.authentication).toMatchObject({ spf: truth.spf, dkim: truth.dkim });
    expect(parsed.metadata.xMailer).toBe(truth.x_mailer);
    expect(parsed.metadata.returnPath).toBe(truth.return_path);
    const html = parsed.segments.find((segment) => segment.kind === 'body' && segment.label === 'html');
    const htmlText = parsed.text.slice(html?.start, html?.end);
    expect(htmlText).toContain('hxxps://vidshare[.]example');
    expect(htmlText).not.toMatch(/<[a-z]/i);
  });

  it('reads the Exim hop with a bracketed IP and HELO comment', () => {
    const hops = parsed.metadata.received as Hop[];
    expect(hops[2]).toMatchObject({
      from: '[203.0.113.90]',
      by: 'smtp.costa-azul.example',
      ip: '203.0.113.90',
      time: '2020-10-20T13:51:32Z',
    });
  });
});

describe('hostile e-mails', () => {
  it('refuses an empty .eml with a clear reason', async () => {
    await expect(parseEmail(corpusInput('bad/empty.eml'))).rejects.toThrow('the e-mail is empty (0 bytes)');
  });

  it('parses malformed headers leniently and flags each anomaly', async () => {
    const parsed = await parseEmail(corpusInput('bad/malformed-headers.eml'));
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toContain('has no "name: value" form');
    expect(warnings).toContain('The from header appears 2 times');
    expect(warnings).toContain('past the RFC 5322 limit of 998');
    expect(warnings).toContain('is not a valid date');
    expect(warnings).toContain('unknown charset "x-bogus-8859-99"');
    expect(warnings).toContain('unknown transfer encoding "base64x"');
    expect(warnings).toContain('NUL bytes');
    expect(warnings).toContain('"999.999.999.999", which is not a valid IP address');
    expect(parsed.metadata.date).toBeNull();
    const hops = parsed.metadata.received as Hop[];
    expect(hops.every((hop) => hop.ip !== '999.999.999.999')).toBe(true);
  });

  it('stops at the MIME nesting limit instead of walking 50 levels', async () => {
    const parsed = await parseEmail(corpusInput('bad/nested-multipart-50.eml'));
    expect(parsed.metadata.mimeDepth).toBe(50);
    expect(parsed.warnings.join('\n')).toContain('nested 50 levels deep, past the limit of 20');
    expect(parsed.metadata.subject).toBe('deeply nested multipart (50 levels)');
  });
});

describe('parseReceived and parseMailDate', () => {
  it('ignores keywords inside comments and impossible dates', () => {
    const hop = parseReceived(
      'by mail.example (Postfix, from userid 48) id 3B2E; Tue, 20 Oct 2020 16:05:09 +0300 (+03)',
    );
    expect(hop).toMatchObject({ from: null, by: 'mail.example', id: '3B2E', time: '2020-10-20T13:05:09Z' });
    expect(parseMailDate('Tue, 32 Oct 2020 25:61:99 +9999')).toBeNull();
    expect(parseMailDate('Sat, 29 Feb 2020 23:59:59 -0000')).toBe('2020-02-29T23:59:59Z');
    expect(parseMailDate('20 Oct 2020 09:05 EDT')).toBe('2020-10-20T13:05:00Z');
  });
});

describe('parseMbox', () => {
  it('splits a mailbox into one child per message, unescaping >From lines', async () => {
    const folder = tempFolder();
    const mbox = join(folder, 'inbox.mbox');
    const first = readFileSync(join(CORPUS, 'emails/02-threat-quoted-printable-utf8.eml'), 'latin1');
    const second = readFileSync(join(CORPUS, 'emails/03-threat-html-defanged-by-gateway.eml'), 'latin1');
    writeFileSync(
      mbox,
      `From info@example.com Tue Oct 20 13:05:09 2020\n${first}\n\nFrom other@example.com Tue Oct 20 13:51:30 2020\n${second}\n>From the archive\n`,
      'latin1',
    );
    const parsed = await parseMbox(fileInput(mbox));
    expect(parsed.children.map((child) => child.method)).toEqual(['mbox-message', 'mbox-message']);
    expect(readFileSync(parsed.children[0]?.path ?? '', 'latin1')).toContain('Subject: =?UTF-8?Q?');
    const last = readFileSync(parsed.children[1]?.path ?? '', 'latin1');
    expect(last).toContain('\nFrom the archive\n');
    expect(last).not.toContain('From other@example.com');
    const message = await parseEmail(fileInput(parsed.children[0]?.path ?? ''));
    expect(message.metadata.subject).toBe('Último aviso — final warning');
  });
});
