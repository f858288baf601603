/**
 * Exhibit bytes over the browser shell's content route (`GET /api/exhibits/<n>/content`) and the
 * Electron scheme's Response (main/app/evidence-protocol.ts), which share main/core/content.ts:
 * authentication, Range (206/416) across chunk boundaries, the Content-Type allow-list, the inert
 * headers, and 404 for unknown numbers and for a locked or closed case.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceResponse } from '../../main/app/evidence-protocol.js';
import { ConfigStore } from '../../main/config/settings.js';
import { CHUNK_BYTES } from '../../main/locker/blobs.js';
import { detectFile } from '../../main/intake/detect.js';
import { importPaths, type IntakeParsers } from '../../main/intake/import.js';
import { startServer, type RunningServer } from '../../main/serve/server.js';
import { tempDir } from '../helpers/cli.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const PDF = join(CORPUS, 'reports', 'flash-report-FR-2020-1022.pdf');
const HTML = join(CORPUS, 'web', 'news-timeline.html');
const PNG = join(CORPUS, 'images', 'social-post-screenshot.png');

/** Real detection (the Content-Type comes from it); parsing is not what this test is about. */
const parsers: IntakeParsers = {
  detect: async (path) => {
    const detection = await detectFile(path);
    return { kind: detection.kind, mime: detection.mime, extensionMismatch: false };
  },
  parse: ({ kind }) => Promise.resolve({ kind, text: '', segments: [], metadata: {}, warnings: [], children: [] }),
};

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(
  server: RunningServer,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { Host: `127.0.0.1:${String(server.port)}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('exhibit content (browser route and Electron scheme)', () => {
  let server: RunningServer;
  let auth: Record<string, string>;
  let big: Buffer;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    server = await startServer({ config: new ConfigStore(tempDir()) });
    auth = { Authorization: `Bearer ${server.token}` };
    const created = await server.service.dispatch('createCase', {
      path: join(tempDir(), 'content.locard'),
      passphrase: 'content passphrase',
      title: 'Content',
    });
    expect(created.ok).toBe(true);
    // 2.5 chunks of random bytes: ranges must cross chunk boundaries correctly.
    const dir = tempDir();
    big = randomBytes(CHUNK_BYTES * 2 + CHUNK_BYTES / 2);
    writeFileSync(join(dir, 'big.bin'), big);
    const report = await importPaths(server.service.session.current().db, [PDF, HTML, PNG, join(dir, 'big.bin')], {
      analyst: 'tester',
      parsers,
    });
    for (const file of report.files) {
      if (file.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(file)}`);
      numbers[file.path.split('/').at(-1) ?? ''] = Number(file.exhibit.slice(2));
    }
  });

  afterAll(async () => {
    await server.close();
  });

  const path = (name: string) => `/api/exhibits/${String(numbers[name])}/content`;

  it('needs the session like the API (no token: 401)', async () => {
    expect((await get(server, path('flash-report-FR-2020-1022.pdf'))).status).toBe(401);
    expect((await get(server, path('flash-report-FR-2020-1022.pdf'), { Authorization: 'Bearer nope' })).status).toBe(
      401,
    );
  });

  it('sends the whole file with its PDF type and inert headers', async () => {
    const reply = await get(server, path('flash-report-FR-2020-1022.pdf'), auth);
    expect(reply.status).toBe(200);
    expect(reply.body.equals(readFileSync(PDF))).toBe(true);
    expect(reply.headers['content-type']).toBe('application/pdf');
    expect(reply.headers['content-length']).toBe(String(readFileSync(PDF).length));
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['accept-ranges']).toBe('bytes');
  });

  it('serves images with their type, and HTML only as opaque bytes', async () => {
    expect((await get(server, path('social-post-screenshot.png'), auth)).headers['content-type']).toBe('image/png');
    const html = await get(server, path('news-timeline.html'), auth);
    expect(html.headers['content-type']).toBe('application/octet-stream');
    expect(html.body.equals(readFileSync(HTML))).toBe(true);
  });

  it('answers a byte range with 206 and Content-Range', async () => {
    const reply = await get(server, path('flash-report-FR-2020-1022.pdf'), { ...auth, Range: 'bytes=0-3' });
    expect(reply.status).toBe(206);
    expect(reply.body.toString('latin1')).toBe('%PDF');
    expect(reply.headers['content-range']).toBe(`bytes 0-3/${String(readFileSync(PDF).length)}`);
    expect(reply.headers['content-length']).toBe('4');
  });

  it.each([
    ['across the first chunk boundary', CHUNK_BYTES - 5, CHUNK_BYTES + 4],
    ['spanning a whole middle chunk', CHUNK_BYTES - 1, CHUNK_BYTES * 2 + 1],
    ['the last byte', CHUNK_BYTES * 2.5 - 1, CHUNK_BYTES * 2.5 - 1],
  ])('reads %s exactly', async (_what, first, last) => {
    const reply = await get(server, path('big.bin'), { ...auth, Range: `bytes=${String(first)}-${String(last)}` });
    expect(reply.status).toBe(206);
    expect(reply.body.equals(big.subarray(first, last + 1))).toBe(true);
    expect(reply.headers['content-range']).toBe(`bytes ${String(first)}-${String(last)}/${String(big.length)}`);
  });

  it('reads open-ended and suffix ranges, clamps a long end, and refuses a start past the end', async () => {
    const open = await get(server, path('big.bin'), { ...auth, Range: `bytes=${String(big.length - 10)}-` });
    expect(open.body.equals(big.subarray(big.length - 10))).toBe(true);
    const suffix = await get(server, path('big.bin'), { ...auth, Range: 'bytes=-7' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(big.subarray(big.length - 7))).toBe(true);
    const clamped = await get(server, path('big.bin'), { ...auth, Range: `bytes=5-${String(big.length * 4)}` });
    expect(clamped.body.length).toBe(big.length - 5);
    const past = await get(server, path('big.bin'), { ...auth, Range: `bytes=${String(big.length)}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${String(big.length)}`);
    // A range it does not understand (several ranges, nonsense) is ignored: the whole file.
    const several = await get(server, path('big.bin'), { ...auth, Range: 'bytes=0-1,5-6' });
    expect(several.status).toBe(200);
    expect(several.body.length).toBe(big.length);
  });

  it('answers HEAD with the headers only', async () => {
    const reply = await get(server, path('big.bin'), auth, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String(big.length));
    expect(reply.body.length).toBe(0);
  });

  it('answers 404 for an unknown or malformed number', async () => {
    expect((await get(server, '/api/exhibits/9999/content', auth)).status).toBe(404);
    expect((await get(server, '/api/exhibits/0/content', auth)).status).not.toBe(200);
    expect((await get(server, '/api/exhibits/1x/content', auth)).status).not.toBe(200);
  });

  it('gives the Electron scheme the same bytes, for the app origin only, and nothing for other URLs', async () => {
    const open = server.service.session.current();
    const number = String(numbers['big.bin']);
    const ranged = evidenceResponse(open, {
      url: `locard-evidence://exhibit/${number}`,
      method: 'GET',
      headers: new Headers({ Range: `bytes=${String(CHUNK_BYTES - 3)}-${String(CHUNK_BYTES + 2)}` }),
    });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(big.subarray(CHUNK_BYTES - 3, CHUNK_BYTES + 3))).toBe(true);
    expect(ranged.headers.get('access-control-allow-origin')).toBe('app://locard');
    expect(ranged.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const whole = evidenceResponse(open, {
      url: `locard-evidence://exhibit/${String(numbers['flash-report-FR-2020-1022.pdf'])}`,
      method: 'GET',
      headers: new Headers(),
    });
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await whole.arrayBuffer()).equals(readFileSync(PDF))).toBe(true);
    for (const url of [
      `locard-evidence://other/${number}`,
      `locard-evidence://exhibit/${number}?x=1`,
      `locard-evidence://exhibit/${number}/x`,
      `locard-evidence://exhibit:8080/${number}`,
      `locard-evidence://user@exhibit/${number}`,
    ]) {
      expect(evidenceResponse(open, { url, method: 'GET', headers: new Headers() }).status).toBe(404);
    }
    expect(
      evidenceResponse(undefined, { url: `locard-evidence://exhibit/${number}`, method: 'GET', headers: new Headers() })
        .status,
    ).toBe(404);
  });

  it('answers 404 once the case is locked, and after it is closed', async () => {
    const number = path('flash-report-FR-2020-1022.pdf');
    expect((await get(server, number, auth)).status).toBe(200);
    expect((await server.service.dispatch('lockCase', {})).ok).toBe(true);
    const locked = await get(server, number, auth);
    expect(locked.status).toBe(404);
    expect(locked.body.toString('utf8')).not.toContain('%PDF');
    expect((await server.service.dispatch('closeCase', {})).ok).toBe(true);
    expect((await get(server, number, auth)).status).toBe(404);
  });
});
