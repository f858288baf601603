/**
 * The browser shell: the renderer and the API contract over HTTP on 127.0.0.1 only. A random token
 * per launch authenticates the browser (exchanged once for an HttpOnly, SameSite=Strict cookie); the
 * Host and Origin headers are checked so that no other site, and no DNS-rebinding name, can drive it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { EventName, LocardEvents } from '../../shared/api.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import type { ConfigStore } from '../config/settings.js';
import { LocardService } from '../core/service.js';
import { rendererDirectory } from '../paths.js';
import { handleUploadRequest, UploadStaging, UPLOADS_PATH } from './upload.js';
import { EXHIBIT_CONTENT_PATH, serveExhibitContent } from './content.js';

/** Loopback only: the browser shell is never reachable from another machine. */
export const SERVE_HOST = '127.0.0.1';
const COOKIE = 'locard_session';
/** API requests carry small JSON arguments; anything larger is a mistake or an attack. */
const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker is an ES module (.mjs); a module worker needs a JavaScript type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface ServeOptions {
  readonly port?: number;
  readonly token?: string;
  readonly casePath?: string;
  readonly config?: ConfigStore;
  readonly rendererDir?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly service: LocardService;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
  'Cache-Control': 'no-store',
};

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const rendererDir = options.rendererDir ?? rendererDirectory();
  const streams = new Set<ServerResponse>();

  // Dropped files staged for import (upload.ts); only while a case is open.
  const uploads = new UploadStaging(() => {
    service.session.current();
  });
  const emit = <E extends EventName>(event: E, payload: LocardEvents[E]) => {
    if (event === 'caseStateChanged' && (payload as LocardEvents['caseStateChanged']).state !== 'open') {
      uploads.discardAll();
    }
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const service = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit, takeUpload: (id) => uploads.take(id) },
    options.config,
  );
  if (options.casePath) service.session.select(options.casePath);

  let port = 0;
  const allowedHosts = () => [`${SERVE_HOST}:${String(port)}`, `localhost:${String(port)}`];
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`);

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const host = request.headers.host ?? '';
    if (!allowedHosts().includes(host)) return plain(response, 403, 'Forbidden: unexpected Host header.');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      return plain(response, 403, 'Forbidden: requests from other origins are refused.');
    }
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      return plain(response, 403, 'Forbidden: cross-site requests are refused.');
    }
    const url = new URL(request.url ?? '/', `http://${host}`);

    // First load: trade the token in the URL for a cookie, and drop it from the address bar.
    const queryToken = url.searchParams.get('token');
    if (request.method === 'GET' && queryToken !== null) {
      if (!tokenMatches(queryToken)) return plain(response, 401, 'Unauthorized: this Locard link is not valid.');
      response.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(303, { Location: url.pathname });
      response.end();
      return;
    }

    if (!tokenMatches(bearer(request) ?? cookie(request, COOKIE))) {
      return plain(response, 401, 'Unauthorized: open Locard with the link that `locard serve` printed.');
    }

    // An exhibit's bytes for <img>, <video> and the previews (GET/HEAD with Range; see content.ts).
    const content = EXHIBIT_CONTENT_PATH.exec(url.pathname);
    if (content && (request.method === 'GET' || request.method === 'HEAD')) {
      return serveExhibitContent(service, request, response, Number(content[1]));
    }
    if (url.pathname === UPLOADS_PATH || url.pathname.startsWith(`${UPLOADS_PATH}/`)) {
      return handleUploadRequest(uploads, request, response, url);
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return plain(response, 405, 'Use POST for API calls.');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return plain(response, 415, 'API calls must be JSON.');
      }
      const body = await readBody(request);
      if (body === undefined) return plain(response, 413, 'The request is too large.');
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return json(response, 400, {
          ok: false,
          error: { code: 'invalid-argument', message: 'The request is not valid JSON.' },
        });
      }
      const result = await service.dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), input);
      return json(response, 200, result);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Method not allowed.');
    return serveStatic(rendererDir, url.pathname, response);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[locard] browser shell error:', error);
      if (!response.headersSent) plain(response, 500, 'Internal error.');
      else response.end();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, SERVE_HOST, () => {
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${SERVE_HOST}:${String(port)}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    service,
    close: async () => {
      for (const stream of streams) stream.end();
      // Closing the case below still announces its state; ended streams must not be written to.
      streams.clear();
      await service.dispose();
      uploads.discardAll();
      await new Promise<void>((resolvePromise) => {
        server.close(() => {
          resolvePromise();
        });
        server.closeAllConnections();
      });
    },
  };
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolvePromise(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolvePromise(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function plain(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(message);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}

function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return plain(response, 404, 'Not found.');
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return plain(response, 404, 'Not found.');
    size = stats.size;
  } catch {
    return plain(response, 404, 'Not found.');
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(size),
  });
  createReadStream(file).pipe(response);
}
