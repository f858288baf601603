/**
 * The renderer's one way out: the object implementing the API contract. In the Electron shell the
 * preload exposes it on `window.locard`; in the browser shell it is built here over HTTP on the page's
 * own origin (auth is the HttpOnly session cookie). No other module touches `window.locard` or fetch
 * (exhibit bytes for the previews are fetched here too: fetchExhibitContent).
 */
import {
  API_METHODS,
  BRIDGE_KEY,
  EVENT_NAMES,
  type ApiMethod,
  type EventName,
  type LocardApi,
  type LocardClient,
  type LocardEvents,
  type UploadItem,
  type UploadProgress,
} from '../../../shared/api.js';
import { evidenceHttpPath } from '../../../shared/csp.js';
import type { Result } from '../../../shared/result.js';

const LOST_CONTACT =
  'Lost contact with Locard. Check that the Locard process (or `locard serve`) is still running, then try again.';

function lostContact<T>(): Result<T> {
  return { ok: false, error: { code: 'unexpected', message: LOST_CONTACT } };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

function post(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
  return send(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
}

/** One request to the browser shell, whose answer is a Result as JSON (or a plain-text refusal). */
async function send(url: string, init: RequestInit): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    return lostContact();
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/json')) {
    // The server refuses with plain text (expired session, wrong host): say what it said.
    const text = (await response.text().catch(() => '')).trim();
    return {
      ok: false,
      error: { code: 'unexpected', message: text === '' ? `Locard answered with status ${response.status}.` : text },
    };
  }
  try {
    const body: unknown = await response.json();
    return isResult(body) ? body : lostContact();
  } catch {
    return lostContact();
  }
}

/**
 * Dropped files have no path a page can learn: stage their bytes in main (main/serve/upload.ts), one
 * streamed PUT per file, then import the batch with importEvidence({ uploadId }).
 */
async function uploadEvidence(
  items: readonly UploadItem[],
  onProgress: (progress: UploadProgress) => void,
): Promise<Result<{ readonly uploadId: string }>> {
  const created = await send('/api/uploads', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!created.ok) return created;
  const { uploadId } = created.value as { readonly uploadId: string };
  const fileCount = items.length;
  const bytesTotal = items.reduce((sum, item) => sum + item.file.size, 0);
  let bytesDone = 0;
  for (const [filesDone, item] of items.entries()) {
    onProgress({ filesDone, fileCount, bytesDone, bytesTotal, current: item.relativePath });
    const query = new URLSearchParams({ name: item.relativePath, lastModified: String(item.file.lastModified) });
    const sent = await send(`/api/uploads/${encodeURIComponent(uploadId)}/files?${query.toString()}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      // The renderer hands DOM Files here (shared/api.ts describes them by shape only).
      body: item.file as File,
    });
    if (!sent.ok) {
      void send(`/api/uploads/${encodeURIComponent(uploadId)}`, { method: 'DELETE' });
      return { ok: false, error: { ...sent.error, message: `${item.relativePath}: ${sent.error.message}` } };
    }
    bytesDone += item.file.size;
  }
  onProgress({ filesDone: fileCount, fileCount, bytesDone, bytesTotal, current: '' });
  return { ok: true, value: { uploadId } };
}

/** Why an exhibit's bytes could not be read for a preview: says what to do instead. */
export class ContentError extends Error {}

/**
 * An exhibit's stored bytes from `client.contentUrl(n)` (the browser shell's content route, or the
 * Electron locard-evidence: scheme), for the previews that parse them in the page (pdf.js, e-mail and
 * HTML). Refuses more than `maxBytes` before reading them all; the caller's signal cancels.
 */
export async function fetchExhibitContent(url: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ContentError(LOST_CONTACT);
  }
  if (response.status === 404) {
    throw new ContentError('The exhibit’s bytes are not available (is the case still open and unlocked?).');
  }
  if (!response.ok) throw new ContentError(`Locard answered with status ${String(response.status)}.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () =>
    new ContentError(
      `This file is larger than the ${String(Math.round(maxBytes / (1024 * 1024)))} MiB the preview reads; use the Hex or Text tab.`,
    );
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

type Listener = (payload: unknown) => void;

function httpClient(): LocardClient {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | undefined;

  const ensureSource = () => {
    if (source) return;
    source = new EventSource('/api/events', { withCredentials: true });
    // Events sent before the stream was open (a page just loaded, a reconnect) are lost: on each open,
    // ask for the case state and hand it to the listeners, as if the event had arrived.
    source.addEventListener('open', () => {
      void post('getCaseState', {}).then((result) => {
        if (!result.ok) return;
        for (const listener of listeners.get('caseStateChanged') ?? []) listener(result.value);
      });
    });
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event: MessageEvent<string>) => {
        let payload: unknown;
        try {
          payload = JSON.parse(event.data);
        } catch {
          return;
        }
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  const api = Object.fromEntries(
    API_METHODS.map((method) => [method, (input: unknown) => post(method, input)]),
  ) as unknown as LocardApi;

  return {
    ...api,
    uploadEvidence,
    // Same origin: the session cookie authenticates <img>, <video> and fetch alike.
    contentUrl: (number: number) => evidenceHttpPath(number),
    on<E extends EventName>(event: E, listener: (payload: LocardEvents[E]) => void) {
      ensureSource();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

function bridgeClient(): LocardClient | undefined {
  const candidate: unknown = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Record<string, unknown>;
  const complete =
    typeof bridge.on === 'function' &&
    typeof bridge.contentUrl === 'function' &&
    API_METHODS.every((method) => typeof bridge[method] === 'function');
  return complete ? (candidate as LocardClient) : undefined;
}

let client: LocardClient | undefined;

/** The client for this window, created once. */
export function locardClient(): LocardClient {
  client ??= bridgeClient() ?? httpClient();
  return client;
}
