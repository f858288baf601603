/**
 * Dropped files in the browser shell (main/serve/upload.ts): the upload routes sit behind the same
 * token, Host and Origin checks as the API and refuse without an open case; the relative path a page
 * sends is checked and only recorded (traversal names are refused, nothing is written outside the
 * staging folder); staged files import under their original names; the staging folder is removed when
 * the import ends, when a batch is discarded, when the case locks or closes, and when the server stops.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExhibitDetail, ExhibitSummary, ImportProgress } from '../../shared/evidence.js';
import { ConfigStore } from '../../main/config/settings.js';
import { startServer, type RunningServer } from '../../main/serve/server.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const EMAIL = readFileSync(join(CORPUS, 'emails', '02-threat-quoted-printable-utf8.eml'));
const NOTES = readFileSync(join(CORPUS, 'reports', 'analyst-notes.txt'));
const MODIFIED = Date.UTC(2020, 9, 20, 13, 5, 0);

interface Reply {
  status: number;
  body: string;
}

function send(
  server: RunningServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; auth?: boolean } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: {
          Host: `127.0.0.1:${String(server.port)}`,
          ...(options.auth === false ? {} : { Authorization: `Bearer ${server.token}` }),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function api<T>(server: RunningServer, method: string, input: unknown): Promise<T> {
  const reply = await send(server, `/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return JSON.parse(reply.body) as T;
}

async function createUpload(server: RunningServer): Promise<string> {
  const reply = await send(server, '/api/uploads', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as { value: { uploadId: string } }).value.uploadId;
}

function putFile(server: RunningServer, id: string, name: string, body: Buffer, lastModified?: number) {
  const query = new URLSearchParams({
    name,
    ...(lastModified === undefined ? {} : { lastModified: String(lastModified) }),
  });
  return send(server, `/api/uploads/${id}/files?${query.toString()}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
  });
}

/** This process's staging folders (other test files run in other processes, with other pids). */
function stagingFolders(): string[] {
  const prefix = `locard-import-${String(process.pid)}-upload-`;
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(tmpdir(), name));
}

/** The server's event stream, to wait for an import to end (an app event, not a time). */
function events(server: RunningServer) {
  const seen: ImportProgress[] = [];
  const waiters: { predicate: (event: ImportProgress) => boolean; resolve: (event: ImportProgress) => void }[] = [];
  let response: IncomingMessage | undefined;
  const req = request(
    {
      host: '127.0.0.1',
      port: server.port,
      path: '/api/events',
      headers: { Host: `127.0.0.1:${String(server.port)}`, Authorization: `Bearer ${server.token}` },
    },
    (res) => {
      response = res;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('event: importProgress')) continue;
          const event = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as ImportProgress;
          seen.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      });
    },
  );
  req.end();
  return {
    finished(jobId: string): Promise<ImportProgress> {
      const done = seen.find((event) => event.jobId === jobId && event.done);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => {
        waiters.push({ predicate: (event) => event.jobId === jobId && event.done !== undefined, resolve });
      });
    },
    close() {
      response?.destroy();
      req.destroy();
    },
  };
}

describe('uploads in the browser shell', () => {
  let server: RunningServer;
  let stream: ReturnType<typeof events>;

  beforeAll(async () => {
    server = await startServer({ config: new ConfigStore(tempDir()) });
    stream = events(server);
  });
  afterAll(async () => {
    stream.close();
    await server.close();
  });

  it('needs the token and our Host and Origin, like the API', async () => {
    const noToken = await send(server, '/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      auth: false,
    });
    expect(noToken.status).toBe(401);
    const put = await send(server, `/api/uploads/${crypto.randomUUID()}/files?name=a.txt`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'x',
      auth: false,
    });
    expect(put.status).toBe(401);
    const foreignOrigin = await send(server, '/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreignOrigin.status).toBe(403);
    const foreignHost = await send(server, '/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Host: `attacker.test:${String(server.port)}` },
      body: '{}',
    });
    expect(foreignHost.status).toBe(403);
    expect(stagingFolders()).toEqual([]);
  });

  it('refuses while no case is open', async () => {
    const reply = await send(server, '/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(409);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'no-case-open' } });
    expect(stagingFolders()).toEqual([]);
  });

  it('imports staged files under their original names, then removes the staging folder', async () => {
    const path = join(tempDir(), 'uploads.locard');
    expect(await api(server, 'createCase', { path, passphrase: 'upload passphrase', title: 'Drops' })).toMatchObject({
      ok: true,
    });
    // A simple cross-site form cannot create a batch: JSON only.
    const form = await send(server, '/api/uploads', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);

    const id = await createUpload(server);
    const [staging] = stagingFolders();
    if (staging === undefined) throw new Error('no staging folder');
    expect((await putFile(server, id, 'mail/Threat (copy).eml', EMAIL, MODIFIED)).status).toBe(200);
    expect((await putFile(server, id, 'mail/./notes\\analyst-notes.txt', NOTES)).status).toBe(200);
    // Staged under sequence numbers, never under the names the page sent.
    expect(readdirSync(staging).sort()).toEqual(['000001', '000002']);

    const started = await api<{ ok: true; value: { jobId: string } }>(server, 'importEvidence', {
      uploadId: id,
      collection: { source: 'dropped in the browser' },
    });
    expect(started.ok).toBe(true);
    const done = await stream.finished(started.value.jobId);
    expect(done.done).toMatchObject({ imported: 2, failed: 0 });
    expect(existsSync(staging)).toBe(false);

    const list = await api<{ value: ExhibitSummary[] }>(server, 'listExhibits', {});
    const email = list.value.find((exhibit) => exhibit.name === 'Threat (copy).eml');
    expect(list.value.map((exhibit) => exhibit.name)).toContain('analyst-notes.txt');
    if (!email) throw new Error('the e-mail was not imported under its name');
    const detail = await api<{ value: ExhibitDetail }>(server, 'getExhibit', { number: email.number });
    expect(detail.value).toMatchObject({
      originalPath: 'browser upload: mail/Threat (copy).eml',
      kind: 'email',
      fileTimes: { modified: MODIFIED, changed: null, accessed: null, created: null },
      collection: { source: 'dropped in the browser' },
    });
    const notes = list.value.find((exhibit) => exhibit.name === 'analyst-notes.txt');
    if (!notes) throw new Error('no notes');
    const notesDetail = await api<{ value: ExhibitDetail }>(server, 'getExhibit', { number: notes.number });
    expect(notesDetail.value.originalPath).toBe('browser upload: mail/notes/analyst-notes.txt');

    // Claimed once: the same upload cannot be imported twice.
    expect(await api(server, 'importEvidence', { uploadId: id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  }, 60_000);

  it('refuses traversal and malformed names, writing nothing anywhere', async () => {
    const id = await createUpload(server);
    // importEvidence takes paths or an upload, not both and not neither.
    for (const input of [{}, { paths: ['/tmp/x'], uploadId: id }]) {
      expect(await api(server, 'importEvidence', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    const [staging] = stagingFolders();
    if (staging === undefined) throw new Error('no staging folder');
    const outside = join(tmpdir(), 'escape.txt');
    for (const name of ['../escape.txt', 'mail/../../escape.txt', '..\\..\\escape.txt', 'a\0b.txt', '', '/', './.']) {
      const reply = await putFile(server, id, name, Buffer.from('escape'));
      expect(reply.status, name).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    const badTime = await putFile(server, id, 'ok.txt', Buffer.from('x'), Number.NaN);
    expect(badTime.status).toBe(400);
    const text = await send(server, `/api/uploads/${id}/files?name=ok.txt`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    const unknown = await putFile(server, crypto.randomUUID(), 'ok.txt', Buffer.from('x'));
    expect(unknown.status).toBe(404);
    expect(readdirSync(staging)).toEqual([]);
    expect(existsSync(outside)).toBe(false);

    // An absolute name is only a label: it is stored in the staging folder like any other.
    expect((await putFile(server, id, '/etc/passwd', Buffer.from('not really'))).status).toBe(200);
    expect(readdirSync(staging)).toEqual(['000001']);

    const discarded = await send(server, `/api/uploads/${id}`, { method: 'DELETE' });
    expect(JSON.parse(discarded.body)).toMatchObject({ ok: true, value: { discarded: true } });
    expect(existsSync(staging)).toBe(false);
    expect(await api(server, 'importEvidence', { uploadId: id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('removes the staging folder when the import is stopped by locking the case', async () => {
    const id = await createUpload(server);
    const [staging] = stagingFolders();
    expect((await putFile(server, id, 'again.eml', Buffer.concat([EMAIL, Buffer.from('\n')]))).status).toBe(200);
    const started = await api<{ ok: boolean }>(server, 'importEvidence', { uploadId: id });
    expect(started.ok).toBe(true);
    // Lock waits for the running import to stop (or finish); either way the job has ended.
    expect(await api(server, 'lockCase', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(staging !== undefined && existsSync(staging)).toBe(false);
    expect(stagingFolders()).toEqual([]);
    expect(await api(server, 'unlockCase', { passphrase: 'upload passphrase' })).toMatchObject({ ok: true });
  });

  it('discards batches not yet imported when the case closes', async () => {
    const id = await createUpload(server);
    expect((await putFile(server, id, 'pending.txt', Buffer.from('pending'))).status).toBe(200);
    expect(stagingFolders()).toHaveLength(1);
    expect(await api(server, 'closeCase', {})).toMatchObject({ ok: true, value: { state: 'none' } });
    expect(stagingFolders()).toEqual([]);
    const late = await putFile(server, id, 'late.txt', Buffer.from('late'));
    expect(late.status).toBe(409);
  });
});

describe('staging folders outside a running server', () => {
  it('are removed when the server stops, and a dead process’s are removed by the next batch', async () => {
    // A folder left by a process that no longer exists (killed mid-upload).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const leftover = join(tmpdir(), `locard-import-${dead.stdout}-upload-test`);
    mkdirSync(leftover);

    const server = await startServer({ config: new ConfigStore(tempDir()) });
    try {
      expect(
        await api(server, 'createCase', {
          path: join(tempDir(), 'stop.locard'),
          passphrase: 'upload passphrase',
          title: 'Stop',
        }),
      ).toMatchObject({ ok: true });
      const id = await createUpload(server);
      expect(existsSync(leftover)).toBe(false);
      expect((await putFile(server, id, 'pending.txt', Buffer.from('pending'))).status).toBe(200);
      expect(stagingFolders()).toHaveLength(1);
    } finally {
      await server.close();
    }
    expect(stagingFolders()).toEqual([]);
  });
});
