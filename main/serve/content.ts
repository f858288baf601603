/**
 * `GET /api/exhibits/<n>/content`: an exhibit's stored bytes for <img>, <video> and the previews, with
 * Range support. The rules (types, ranges, headers) are main/core/content.ts, shared with the Electron
 * scheme; this module only writes the reply to Node's HTTP response, honouring back-pressure and
 * stopping the reads when the client goes away. Authentication happens before, in server.ts.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exhibitContentReply } from '../core/content.js';
import type { LocardService } from '../core/service.js';
import type { OpenCase } from '../locker/case-file.js';

/** The content route; the number is at most nine digits (exhibit numbers stop at 1e9). */
export const EXHIBIT_CONTENT_PATH = /^\/api\/exhibits\/([1-9]\d{0,8})\/content$/;

function openCase(service: LocardService): OpenCase | undefined {
  try {
    return service.session.current();
  } catch {
    return undefined; // locked or closed: the route answers 404
  }
}

/** Wait until the response takes more bytes, or the client has gone (no listener is left behind). */
async function drained(response: ServerResponse): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.race([once(response, 'drain', { signal }), once(response, 'close', { signal })]);
  } finally {
    controller.abort();
  }
}

export async function serveExhibitContent(
  service: LocardService,
  request: IncomingMessage,
  response: ServerResponse,
  number: number,
): Promise<void> {
  const reply = exhibitContentReply(openCase(service), number, request.method ?? 'GET', request.headers.range);
  for (const [name, value] of Object.entries(reply.headers)) response.setHeader(name, value);
  response.writeHead(reply.status);
  if (!reply.body) {
    response.end(request.method === 'HEAD' ? undefined : reply.message);
    return;
  }
  try {
    for (const chunk of reply.body) {
      if (response.destroyed) return;
      if (!response.write(chunk)) await drained(response);
    }
    response.end();
  } catch (error) {
    // The case was locked or closed mid-stream, or a chunk is damaged: cut the reply short.
    console.error('[locard] exhibit content stopped:', error instanceof Error ? error.message : error);
    response.destroy();
  }
}
