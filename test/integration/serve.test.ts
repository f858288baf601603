/** The browser shell's gate: token, Host and Origin checks, CSP, and the contract over HTTP. */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { ConfigStore } from '../../main/config/settings.js';
import { startServer, type RunningServer } from '../../main/serve/server.js';
import { tempDir } from '../helpers/cli.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  server: RunningServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${String(server.port)}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(
  server: RunningServer,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return send(server, `/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

describe('locard serve (browser shell)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ config: new ConfigStore(tempDir()) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 with a URL carrying a random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    expect((await send(server, '/')).status).toBe(401);
    expect((await send(server, '/?token=nope')).status).toBe(401);
    expect(
      (
        await send(server, '/api/getAppInfo', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await api(server, 'getAppInfo', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('answers 403 for a foreign Host or Origin, even with the token', async () => {
    expect((await send(server, `/?token=${server.token}`, { headers: { Host: 'evil.example' } })).status).toBe(403);
    expect(
      (
        await send(server, '/', {
          headers: { Host: `attacker.test:${String(server.port)}`, Authorization: `Bearer ${server.token}` },
        })
      ).status,
    ).toBe(403);
    expect((await api(server, 'getAppInfo', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect(
      (await api(server, 'getAppInfo', {}, { Origin: `http://127.0.0.1:${String(server.port + 1)}` })).status,
    ).toBe(403);
  });

  it('trades the token for an HttpOnly SameSite cookie, then serves the app with the CSP', async () => {
    const first = await send(server, `/?token=${server.token}`);
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(server, '/', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.body).toContain('<div id="root">');
  });

  it('carries the contract: results as data, arguments validated', async () => {
    const info = JSON.parse((await api(server, 'getAppInfo', {})).body) as { ok: boolean; value: { shell: string } };
    expect(info).toMatchObject({ ok: true, value: { shell: 'browser', nativeDialogs: false } });
    const unknown = JSON.parse((await api(server, 'dropAllTables', {})).body) as unknown;
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const bad = JSON.parse((await api(server, 'openCase', { path: 42 })).body) as unknown;
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const extra = JSON.parse((await api(server, 'lockCase', { sneaky: true })).body) as unknown;
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(
      (
        await send(server, '/api/getAppInfo', {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });

  it('creates, locks and unlocks a case over HTTP', async () => {
    const path = join(tempDir(), 'web.locard');
    const created = JSON.parse(
      (await api(server, 'createCase', { path, passphrase: 'served passphrase', title: 'Over HTTP' })).body,
    ) as unknown;
    expect(created).toMatchObject({ ok: true, value: { title: 'Over HTTP' } });
    expect(JSON.parse((await api(server, 'lockCase', {})).body)).toMatchObject({
      ok: true,
      value: { state: 'locked', path },
    });
    const wrong = JSON.parse((await api(server, 'unlockCase', { passphrase: 'nope nope nope' })).body) as unknown;
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'wrong-passphrase', message: 'Wrong passphrase, or this file is not a Locard case.' },
    });
    expect(JSON.parse((await api(server, 'unlockCase', { passphrase: 'served passphrase' })).body)).toMatchObject({
      ok: true,
    });
    const custody = JSON.parse((await api(server, 'listCustody', {})).body) as {
      value: { entries: { action: string }[] };
    };
    expect(custody.value.entries.map((e) => e.action)).toEqual(['case.unlocked', 'case.locked', 'case.created']);
  });

  it('refuses paths outside the renderer folder', async () => {
    const reply = await send(server, '/..%2f..%2fpackage.json', {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(reply.status).toBe(404);
  });
});
