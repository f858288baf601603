/**
 * The pure rules behind exhibit content (main/core/content.ts) and the two windows the viewers read
 * through the API: readExhibitBytes (hex view) and getExhibitText (text view with line numbers).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../../shared/api.js';
import type { ExhibitBytes, ExhibitText, ImportProgress } from '../../../shared/evidence.js';
import type { Result } from '../../../shared/result.js';
import { ConfigStore } from '../../../main/config/settings.js';
import { parseRange, servedContentType } from '../../../main/core/content.js';
import { LocardService } from '../../../main/core/service.js';
import type { IntakeParsers } from '../../../main/intake/import.js';
import { tempDir } from '../../helpers/cli.js';

describe('Range headers', () => {
  it.each([
    ['bytes=0-3', 10, { start: 0, end: 4 }],
    ['bytes=5-', 10, { start: 5, end: 10 }],
    ['bytes=-3', 10, { start: 7, end: 10 }],
    ['bytes=-30', 10, { start: 0, end: 10 }],
    ['bytes=8-100', 10, { start: 8, end: 10 }],
    [' bytes=9-9 ', 10, { start: 9, end: 10 }],
  ] as const)('%s of %i bytes is %o', (header, size, range) => {
    expect(parseRange(header, size)).toEqual(range);
  });

  it.each([
    ['bytes=10-', 10],
    ['bytes=10-12', 10],
    ['bytes=-0', 10],
    ['bytes=0-', 0],
    ['bytes=-5', 0],
  ] as const)('%s of %i bytes is unsatisfiable (416)', (header, size) => {
    expect(parseRange(header, size)).toBe('unsatisfiable');
  });

  it.each([
    null,
    undefined,
    '',
    'bytes=',
    'bytes=-',
    'bytes=3-1',
    'bytes=0-1,4-5',
    'items=0-1',
    'bytes=a-b',
    'bytes=1e3-',
  ])('ignores %s (the whole resource is sent)', (header) => {
    expect(parseRange(header, 10)).toBeUndefined();
  });

  it('ignores absurdly long numbers instead of losing precision', () => {
    expect(parseRange('bytes=9999999999999999999-', 10)).toBeUndefined();
  });
});

describe('the served Content-Type', () => {
  it.each([
    ['image/png', 'image/png'],
    ['image/jpeg', 'image/jpeg'],
    ['video/mp4', 'video/mp4'],
    ['audio/mpeg', 'audio/mpeg'],
    ['application/pdf', 'application/pdf'],
    ['Application/PDF; x=1', 'application/pdf'],
  ])('passes %s through as %s', (mime, served) => {
    expect(servedContentType(mime)).toBe(served);
  });

  it.each([
    'text/html',
    'image/svg+xml',
    'application/xhtml+xml',
    'text/xml',
    'message/rfc822',
    'multipart/related',
    'text/plain',
    'application/javascript',
    'application/zip',
    'application/octet-stream',
    '',
    'image/png\r\nX-Evil: 1',
    'image/',
  ])('serves %s as opaque bytes', (mime) => {
    expect(servedContentType(mime)).toBe('application/octet-stream');
  });
});

const TEXT = 'line one\nline two 😀 emoji\n\nline four\n';

const parsers: IntakeParsers = {
  detect: () => Promise.resolve({ kind: 'text', mime: 'text/plain', extensionMismatch: false }),
  parse: () => Promise.resolve({ kind: 'text', text: TEXT, segments: [], metadata: {}, warnings: [], children: [] }),
};

function unwrap<T>(result: Result<unknown>, _shape?: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function caseWithOneFile(bytes: Buffer) {
  const waiters: (() => void)[] = [];
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        if (event === 'importProgress' && (payload as ImportProgress).done) waiters.forEach((w) => w());
      },
    },
    new ConfigStore(tempDir()),
    parsers,
  );
  unwrap(await svc.dispatch('createCase', { path: join(tempDir(), 'w'), passphrase: 'window passphrase', title: 'W' }));
  const file = join(tempDir(), 'notes.txt');
  writeFileSync(file, bytes);
  const done = new Promise<void>((resolve) => waiters.push(resolve));
  unwrap(await svc.dispatch('importEvidence', { paths: [file] }));
  await done;
  return svc;
}

describe('readExhibitBytes', () => {
  it('returns a window of the stored bytes, the total size, and nothing past the end', async () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const svc = await caseWithOneFile(bytes);
    const first = unwrap<ExhibitBytes>(await svc.dispatch('readExhibitBytes', { number: 1, offset: 0, length: 16 }));
    expect(first.size).toBe(300);
    expect(Buffer.from(first.base64, 'base64').equals(bytes.subarray(0, 16))).toBe(true);
    const tail = unwrap<ExhibitBytes>(await svc.dispatch('readExhibitBytes', { number: 1, offset: 290, length: 64 }));
    expect(tail.offset).toBe(290);
    expect(Buffer.from(tail.base64, 'base64').equals(bytes.subarray(290))).toBe(true);
    const past = unwrap<ExhibitBytes>(await svc.dispatch('readExhibitBytes', { number: 1, offset: 5000, length: 16 }));
    expect(past).toEqual({ offset: 300, size: 300, base64: '' });
    await svc.dispose();
  });

  it('refuses more than 64 KiB, negative offsets and unknown exhibits', async () => {
    const svc = await caseWithOneFile(Buffer.from('abc'));
    for (const input of [
      { number: 1, offset: 0, length: 64 * 1024 + 1 },
      { number: 1, offset: -1, length: 1 },
      { number: 1, offset: 0, length: 0 },
      { number: 1, offset: 0.5, length: 1 },
    ]) {
      expect(await svc.dispatch('readExhibitBytes', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    expect(await svc.dispatch('readExhibitBytes', { number: 2, offset: 0, length: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    await svc.dispose();
  });
});

describe('getExhibitText', () => {
  it('returns the whole short text from line 1 by default', async () => {
    const svc = await caseWithOneFile(Buffer.from('x'));
    const text = unwrap<ExhibitText>(await svc.dispatch('getExhibitText', { number: 1 }));
    expect(text).toEqual({ offset: 0, text: TEXT, textLength: TEXT.length, line: 1 });
    await svc.dispose();
  });

  it('cuts windows in UTF-16 units with the line they start on', async () => {
    const svc = await caseWithOneFile(Buffer.from('x'));
    const start = TEXT.indexOf('line four');
    const window = unwrap<ExhibitText>(await svc.dispatch('getExhibitText', { number: 1, offset: start, length: 4 }));
    expect(window).toMatchObject({ offset: start, text: 'line', line: 4 });
    await svc.dispose();
  });

  it('never splits a surrogate pair at either end of a window', async () => {
    const svc = await caseWithOneFile(Buffer.from('x'));
    const emoji = TEXT.indexOf('😀');
    const endSplit = unwrap<ExhibitText>(
      await svc.dispatch('getExhibitText', { number: 1, offset: emoji - 2, length: 3 }),
    );
    expect(endSplit.text).toBe('o 😀');
    const startSplit = unwrap<ExhibitText>(
      await svc.dispatch('getExhibitText', { number: 1, offset: emoji + 1, length: 2 }),
    );
    expect(startSplit.offset).toBe(emoji);
    expect(startSplit.text.startsWith('😀')).toBe(true);
    await svc.dispose();
  });

  it('refuses windows past 1 Mi characters', async () => {
    const svc = await caseWithOneFile(Buffer.from('x'));
    expect(await svc.dispatch('getExhibitText', { number: 1, length: 1024 * 1024 + 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    await svc.dispose();
  });
});
