/**
 * The Electron shell's security rules as plain data and pure functions, so that unit tests can pin
 * every one of them without an Electron runtime (none can be downloaded on the development and CI
 * machines). Imports no Electron value: only its types, which vanish at compile time.
 *
 * The posture mirrors the browser shell (main/serve/server.ts): the renderer is an untrusted web page
 * that may load only its own bundle from its own origin, talk only to the API contract, and reach
 * nothing else — no navigation, no new windows, no permissions, no network.
 */
import { extname, join, normalize, sep } from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY, EVIDENCE_HOST, EVIDENCE_SCHEME } from '../../shared/csp.js';

/** The renderer's origin. A standard, secure custom scheme: same-origin rules and the CSP's 'self' apply. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'locard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * An in-memory session (no "persist:" prefix): nothing the renderer caches (HTTP cache, storage,
 * GPU shader cache of case content) is written to disk outside the encrypted case.
 */
export const APP_PARTITION = 'locard';

/**
 * Every flag that keeps the page a page. Several restate Electron's defaults on purpose: a default
 * that changes between Electron versions must not silently weaken the shell.
 */
export function appWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    partition: APP_PARTITION,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    safeDialogs: true,
  };
}

export function appWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Locard',
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    // Shown once the first paint is ready, so the analyst never sees a blank white frame.
    show: false,
    backgroundColor: '#1b1d22',
    webPreferences: appWebPreferences(preloadPath),
  };
}

/** Parse a URL without throwing; a URL that does not parse is never trusted. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * True only for the app's own origin, exactly: `app://locard/…`. Not `app://evil/`, not
 * `app://locard@evil/` (a user-info trick), not `app://locard:1234/`.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed?.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The exhibit number of `locard-evidence://exhibit/<n>` (the scheme that streams exhibit bytes, see
 * ./evidence-protocol.ts), exactly: no other host, port, user info, query or fragment; `undefined`
 * for anything else.
 */
export function exhibitNumberFromEvidenceUrl(url: string): number | undefined {
  const parsed = parse(url);
  if (
    parsed?.protocol !== `${EVIDENCE_SCHEME}:` ||
    parsed.hostname !== EVIDENCE_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    return undefined;
  }
  const match = /^\/([1-9]\d{0,8})$/.exec(parsed.pathname);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function isEvidenceUrl(url: string): boolean {
  return exhibitNumberFromEvidenceUrl(url) !== undefined;
}

export interface RequestPolicy {
  /** Chromium's developer tools load from devtools://; allowed only in an unpackaged (development) run. */
  readonly allowDevTools: boolean;
}

/**
 * The session's network rule: every request that is not the app's own is cancelled. The app's own
 * are its origin and `locard-evidence://exhibit/<n>` (exhibit bytes, served in-process). `data:` and
 * `blob:` URLs of our own origin never leave the process (the CSP allows them for images, media and
 * workers), so they pass too; everything else — https:, http: (loopback included), ws:, file:, other
 * custom schemes — is refused.
 */
export function isAllowedRequest(url: string, policy: RequestPolicy): boolean {
  if (isAppUrl(url)) return true;
  if (isEvidenceUrl(url)) return true;
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length));
  if (policy.allowDevTools) {
    const parsed = parse(url);
    return parsed?.protocol === 'devtools:';
  }
  return false;
}

/** Where the renderer may navigate: its own origin only (a reload, or a hash/path inside the app). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Where a frame may navigate: the main frame as above; a subframe also to `about:srcdoc` and
 * `about:blank` — the sandboxed HTML preview (renderer/src/views/evidence/previews/sandbox.ts) is a
 * srcdoc frame, which fetches nothing. Any other subframe navigation (a link clicked inside a
 * previewed page, a meta refresh) is refused.
 */
export function isAllowedFrameNavigation(url: string, isMainFrame: boolean): boolean {
  if (isAllowedNavigation(url)) return true;
  return !isMainFrame && (url === 'about:srcdoc' || url === 'about:blank');
}

/** Only the main frame of our own page may call the API (see the IPC handlers in index.ts). */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

/** The same headers the browser shell sends, minus the ones that only make sense over HTTP. */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map an `app://locard/…` URL to a file inside the renderer folder, or `undefined` when it would
 * escape that folder (`..`, encoded `%2e%2e`, absolute paths, NUL bytes) or is not our origin.
 * `root` must be an absolute, normalised path.
 */
export function rendererFileFor(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  const parsed = parse(url);
  if (!parsed) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (relative.includes('\0')) return undefined;
  relative = relative.replace(/^[/\\]+/, '');
  if (relative === '') relative = 'index.html';
  const file = normalize(join(root, relative));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** A `.locard` path given on the command line (file association, second launch), if any. */
export function casePathFromArgv(argv: readonly string[], caseExtension: string): string | undefined {
  return argv.find((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(caseExtension));
}
