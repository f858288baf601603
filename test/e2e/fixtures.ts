/**
 * Fixtures for the end-to-end tests: a browser shell (`locard serve`) per test with its own config
 * folder and home, so recent cases and defaults never touch the real home; and a record of every
 * request the page makes, so a test can assert that nothing left 127.0.0.1.
 */
import { test as base, type Page, type Request } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/;
const START_TIMEOUT_MS = 20_000;

export interface LocardServer {
  /** The address `locard serve` printed, with its one-time token. */
  readonly url: string;
  /** A temporary folder standing in for the analyst's home; case files go here. */
  readonly home: string;
}

function startServe(home: string, configDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, 'test', 'helpers', 'no-network.mjs'), join(ROOT, 'bin', 'locard.js'), 'serve'],
    {
      cwd: ROOT,
      env: { ...process.env, HOME: home, LOCARD_CONFIG_DIR: configDir, XDG_CONFIG_HOME: join(home, '.config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`locard serve printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[0] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`locard serve exited with code ${String(code)} before printing its URL:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ locard: LocardServer; requests: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; this one has none.
  locard: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'locard-e2e-home-'));
    const configDir = mkdtempSync(join(tmpdir(), 'locard-e2e-config-'));
    const { child, url } = await startServe(home, configDir);
    try {
      await use({ url, home });
    } finally {
      await stop(child);
      rmSync(home, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    }
  },
  requests: async ({ context, page }, use) => {
    const urls: string[] = [];
    const record = (request: Request) => {
      urls.push(request.url());
    };
    context.on('request', record);
    page.on('request', record);
    await use(urls);
  },
});

export { expect } from '@playwright/test';

/** Requests that left the loopback shell: anything whose host is not 127.0.0.1 (data: and blob: are local). */
export function offHostRequests(urls: readonly string[]): string[] {
  return urls.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return parsed.hostname !== '127.0.0.1';
  });
}

/** Create a case through the start screen's "New case" dialog, as an analyst would (TLP left at its default unless given). */
export async function createCaseInUi(
  page: Page,
  options: { readonly title: string; readonly file: string; readonly passphrase: string; readonly tlp?: string },
): Promise<void> {
  await page.getByRole('button', { name: /New case/ }).click();
  const create = page.getByRole('dialog', { name: 'New case' });
  await create.getByLabel('Case title').fill(options.title);
  if (options.tlp !== undefined) await create.getByLabel('TLP marking').selectOption(options.tlp);
  await create.getByLabel('Case file').fill(options.file);
  await create.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
  await create.getByLabel('Confirm passphrase').fill(options.passphrase);
  await create.getByRole('button', { name: 'Create case' }).click();
}
