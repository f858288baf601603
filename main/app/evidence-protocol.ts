/**
 * The Electron shell's `locard-evidence://exhibit/<n>` scheme: an exhibit's stored bytes for <img>,
 * <video> and the previews, with Range support. Pure (no Electron import) so that unit tests pin it:
 * which URLs are ours, and the web `Response` built from the same reply the browser shell sends
 * (main/core/content.ts). index.ts registers the scheme and hands requests here.
 */
import { exhibitContentReply } from '../core/content.js';
import type { OpenCase } from '../locker/case-file.js';
import { APP_ORIGIN, exhibitNumberFromEvidenceUrl } from './security.js';

export { EVIDENCE_SCHEME } from '../../shared/csp.js';
export { exhibitNumberFromEvidenceUrl, isEvidenceUrl } from './security.js';

/**
 * Registered before `ready`: standard (a real origin, so the CSP can name it), secure, streamed
 * bodies (video seeking), and fetch with CORS (pdf.js and the HTML preview fetch the bytes from the
 * app:// page, a different origin).
 */
export const EVIDENCE_PRIVILEGES = {
  standard: true,
  secure: true,
  stream: true,
  supportFetchAPI: true,
  corsEnabled: true,
} as const;

/** The page (app://locard) reads these bytes cross-origin: allow exactly that origin. */
const CROSS_ORIGIN_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': APP_ORIGIN,
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  Vary: 'Origin',
};

/** A lazily read body: each pull reads the next chunk from the case; cancelling stops the reads. */
function streamOf(body: Iterable<Buffer>): ReadableStream<Uint8Array> {
  let iterator: Iterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      iterator ??= body[Symbol.iterator]();
      try {
        const next = iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      iterator?.return?.();
    },
  });
}

/** The Response for one request on the scheme; `open` is undefined when no case is open. */
export function evidenceResponse(
  open: OpenCase | undefined,
  request: { readonly url: string; readonly method: string; readonly headers: { get(name: string): string | null } },
): Response {
  const number = exhibitNumberFromEvidenceUrl(request.url);
  const reply = exhibitContentReply(
    number === undefined ? undefined : open,
    number ?? 0,
    request.method,
    request.headers.get('range'),
  );
  const headers = { ...reply.headers, ...CROSS_ORIGIN_HEADERS };
  if (reply.body) return new Response(streamOf(reply.body), { status: reply.status, headers });
  return new Response(request.method === 'HEAD' ? null : (reply.message ?? null), { status: reply.status, headers });
}
