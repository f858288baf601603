/**
 * The renderer's one way out: the object implementing the API contract. In the Electron shell the
 * preload exposes it on `window.locard`; in the browser shell it is built here over HTTP on the page's
 * own origin (auth is the HttpOnly session cookie). No other module touches `window.locard` or fetch.
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
} from '../../../shared/api.js';
import type { Result } from '../../../shared/result.js';

const LOST_CONTACT =
  'Lost contact with Locard. Check that the Locard process (or `locard serve`) is still running, then try again.';

function lostContact<T>(): Result<T> {
  return { ok: false, error: { code: 'unexpected', message: LOST_CONTACT } };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

async function post(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
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

type Listener = (payload: unknown) => void;

function httpClient(): LocardClient {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | undefined;

  const ensureSource = () => {
    if (source) return;
    source = new EventSource('/api/events', { withCredentials: true });
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
    typeof bridge.on === 'function' && API_METHODS.every((method) => typeof bridge[method] === 'function');
  return complete ? (candidate as LocardClient) : undefined;
}

let client: LocardClient | undefined;

/** The client for this window, created once. */
export function locardClient(): LocardClient {
  client ??= bridgeClient() ?? httpClient();
  return client;
}
