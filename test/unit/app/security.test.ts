import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_START_URL,
  RESPONSE_HEADERS,
  appWebPreferences,
  appWindowOptions,
  casePathFromArgv,
  exhibitNumberFromEvidenceUrl,
  isAllowedFrameNavigation,
  isAllowedNavigation,
  isAllowedRequest,
  isAppUrl,
  isTrustedSender,
  rendererFileFor,
} from '../../../main/app/security.js';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp.js';

const production = { allowDevTools: false };
const development = { allowDevTools: true };

describe('the window is a sandboxed page', () => {
  const prefs = appWebPreferences('/app/out/preload/preload.cjs');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['experimentalFeatures', false],
    ['enableWebSQL', false],
  ] as const)('sets %s to %s explicitly', (flag, value) => {
    expect(prefs[flag]).toBe(value);
  });

  it('loads the built CommonJS preload and uses an in-memory session', () => {
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    // No "persist:" prefix: nothing the page stores reaches the disk.
    expect(prefs.partition).toBe('locard');
  });

  it('uses the same preferences for the main window', () => {
    const options = appWindowOptions('/p.cjs');
    expect(options.title).toBe('Locard');
    expect(options.webPreferences).toEqual(appWebPreferences('/p.cjs'));
  });

  it('starts at the app origin', () => {
    expect(APP_START_URL).toBe('app://locard/index.html');
  });
});

describe('the session lets only the app’s own requests through', () => {
  it.each(['app://locard/', 'app://locard/index.html', 'app://locard/assets/index-abc.js?x=1#y', 'app://locard/x'])(
    'allows %s',
    (url) => {
      expect(isAllowedRequest(url, production)).toBe(true);
    },
  );

  it.each([
    'https://example.com/',
    'http://example.com/',
    'http://127.0.0.1/',
    'http://127.0.0.1:8080/api/getAppInfo',
    'http://localhost/',
    'ws://127.0.0.1/',
    'file:///etc/passwd',
    'app://evil/',
    'app://evil/index.html',
    'app://locard.evil/',
    'app://locard@evil/',
    'app://user:pass@locard/',
    'app://locard:8080/',
    'appx://locard/',
    'devtools://devtools/bundled/devtools_app.html',
    'chrome://settings/',
    'blob:https://example.com/0a1b',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedRequest(url, production)).toBe(false);
  });

  it('lets our own data: and blob: URLs through (they never leave the process)', () => {
    expect(isAllowedRequest('data:image/png;base64,AAAA', production)).toBe(true);
    expect(isAllowedRequest('blob:app://locard/4e1c7a2e-5b1b-4c1e-9d7e-1f2a3b4c5d6e', production)).toBe(true);
    expect(isAllowedRequest('blob:app://evil/4e1c', production)).toBe(false);
  });

  it('allows the developer tools only in an unpackaged run', () => {
    const devtools = 'devtools://devtools/bundled/devtools_app.html';
    expect(isAllowedRequest(devtools, development)).toBe(true);
    expect(isAllowedRequest(devtools, production)).toBe(false);
    expect(isAllowedRequest('https://example.com/', development)).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1/', development)).toBe(false);
  });
});

describe('the locard-evidence scheme', () => {
  it('lets exactly locard-evidence://exhibit/<n> through the session', () => {
    expect(isAllowedRequest('locard-evidence://exhibit/1', production)).toBe(true);
    expect(isAllowedRequest('locard-evidence://exhibit/123456789', production)).toBe(true);
    for (const url of [
      'locard-evidence://exhibit/',
      'locard-evidence://exhibit/0',
      'locard-evidence://exhibit/01',
      'locard-evidence://exhibit/1234567890',
      'locard-evidence://exhibit/1?x=1',
      'locard-evidence://exhibit/1#x',
      'locard-evidence://exhibit/1/2',
      'locard-evidence://exhibit:99/1',
      'locard-evidence://a@exhibit/1',
      'locard-evidence://evil/1',
      'locard-evidence:exhibit/1',
      'https://exhibit/1',
    ]) {
      expect(exhibitNumberFromEvidenceUrl(url), url).toBeUndefined();
      expect(isAllowedRequest(url, production), url).toBe(false);
    }
    expect(exhibitNumberFromEvidenceUrl('locard-evidence://exhibit/42')).toBe(42);
  });

  it('is allowed by the CSP for images, media and fetch — and nothing else is added', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)] as const),
    );
    for (const name of ['img-src', 'media-src', 'connect-src'])
      expect(directives.get(name)).toContain('locard-evidence:');
    for (const name of ['script-src', 'style-src', 'worker-src', 'frame-src', 'default-src'])
      expect(directives.get(name)).not.toContain('locard-evidence:');
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('is not a place the window may navigate to', () => {
    expect(isAllowedNavigation('locard-evidence://exhibit/1')).toBe(false);
  });
});

describe('frames', () => {
  it('lets a subframe load only the sandboxed preview (srcdoc) or stay blank', () => {
    expect(isAllowedFrameNavigation('about:srcdoc', false)).toBe(true);
    expect(isAllowedFrameNavigation('about:blank', false)).toBe(true);
    expect(isAllowedFrameNavigation('app://locard/index.html', false)).toBe(true);
    expect(isAllowedFrameNavigation('https://tracker.example/', false)).toBe(false);
    expect(isAllowedFrameNavigation('locard-evidence://exhibit/1', false)).toBe(false);
    expect(isAllowedFrameNavigation('data:text/html,<p>x', false)).toBe(false);
  });

  it('never lets the main frame leave the app, not even for about:srcdoc', () => {
    expect(isAllowedFrameNavigation('about:srcdoc', true)).toBe(false);
    expect(isAllowedFrameNavigation('about:blank', true)).toBe(false);
    expect(isAllowedFrameNavigation('app://locard/index.html', true)).toBe(true);
  });
});

describe('navigation and IPC senders', () => {
  it('allows navigation inside the app only', () => {
    expect(isAllowedNavigation('app://locard/index.html#/evidence')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///home/analyst/case.html')).toBe(false);
    expect(isAllowedNavigation('data:text/html,<script>1</script>')).toBe(false);
    expect(isAllowedNavigation('app://evil/')).toBe(false);
  });

  it('accepts API calls only from the main frame of our own page', () => {
    expect(isTrustedSender('app://locard/index.html', true)).toBe(true);
    expect(isTrustedSender('app://locard/index.html', false)).toBe(false);
    expect(isTrustedSender('https://example.com/', true)).toBe(false);
    expect(isTrustedSender('app://evil/index.html', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isAppUrl('about:blank')).toBe(false);
  });
});

describe('the app:// protocol serves the renderer folder only', () => {
  const root = `${sep}srv${sep}out${sep}renderer`;

  it('maps paths inside the folder, with index.html for the root', () => {
    expect(rendererFileFor(root, 'app://locard/')).toBe(`${root}${sep}index.html`);
    expect(rendererFileFor(root, 'app://locard/assets/app.js?v=1')).toBe(`${root}${sep}assets${sep}app.js`);
    expect(rendererFileFor(root, 'app://locard/assets/a%20b.css')).toBe(`${root}${sep}assets${sep}a b.css`);
  });

  it.each([
    'app://locard/../secret.txt',
    'app://locard/%2e%2e/secret.txt',
    'app://locard/assets/%2e%2e/%2e%2e/main/app.js',
  ])('keeps %s inside the folder (the URL parser clamps dot segments at the root)', (url) => {
    expect(rendererFileFor(root, url)?.startsWith(`${root}${sep}`)).toBe(true);
  });

  it.each([
    'app://locard/..%2f..%2fetc%2fpasswd',
    'app://locard/assets%2f..%2f..%2f..%2fpackage.json',
    'app://locard/%2F%2E%2E%2Fpackage.json',
    'app://locard/%E0%A4%A',
    'app://locard/a%00.js',
    'app://evil/index.html',
    'https://locard/index.html',
  ])('refuses %s', (url) => {
    expect(rendererFileFor(root, url)).toBeUndefined();
  });

  it('sends the shared CSP and nosniff', () => {
    expect(RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('a case given on the command line', () => {
  it('is the first argument ending in .locard that is not a flag', () => {
    expect(casePathFromArgv(['.', '--inspect=0', '/cases/vote.locard'], '.locard')).toBe('/cases/vote.locard');
    expect(casePathFromArgv(['--x=.locard', 'C:\\Cases\\A.LOCARD'], '.locard')).toBe('C:\\Cases\\A.LOCARD');
    expect(casePathFromArgv(['.', 'out/main/app.js'], '.locard')).toBeUndefined();
  });
});
