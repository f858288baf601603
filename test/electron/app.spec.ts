/**
 * The Electron shell itself: the window opens on the app's own origin with the start screen, and the
 * page has no Node. Runs only where the Electron runtime is installed; elsewhere it skips, saying why,
 * without touching `require('electron')` (which would start a download that hangs offline).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import { API_METHODS, BRIDGE_KEY } from '../../shared/api.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary if it was downloaded (node_modules/electron/path.txt names it), else undefined. */
function electronBinary(): string | undefined {
  try {
    const relative = readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim();
    const binary = join(root, 'node_modules', 'electron', 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const SKIP_REASON =
  'Electron runtime not installed on this machine: its binary is downloaded from GitHub on first start, which is unreachable here; the browser-shell e2e specs cover the UI.';
test.skip(binary === undefined, SKIP_REASON);

let app: ElectronApplication | undefined;
let home: string | undefined;

test.beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'locard-electron-'));
  app = await _electron.launch({
    executablePath: binary,
    // Chromium will not start its sandbox as root (CI containers); only then is it switched off.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(root, 'out', 'main', 'app.js')],
    cwd: root,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      LOCARD_CONFIG_DIR: join(home, 'locard-config'),
    },
  });
});

test.afterEach(async () => {
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('opens the start screen in a locked-down window', async () => {
  if (!app) throw new Error('Electron did not launch');
  const page = await app.firstWindow();
  await expect(page).toHaveTitle('Locard');
  expect(page.url()).toMatch(/^app:\/\/locard\//);

  await expect(page.getByRole('heading', { name: 'Investigations workbench' })).toBeVisible();
  const newCase = page.getByRole('button', { name: /New case/ });
  await expect(newCase).toBeVisible();
  await newCase.click();
  await expect(
    page.getByRole('dialog', { name: 'New case' }).getByRole('button', { name: 'Create case' }),
  ).toBeVisible();

  // No Node in the page: only the contract, through the bridge.
  const globals = await page.evaluate((key) => {
    const scope = window as unknown as Record<string, unknown>;
    const bridge = scope[key] as Record<string, unknown> | undefined;
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
      bridge: bridge ? Object.keys(bridge).sort() : [],
    };
  }, BRIDGE_KEY);
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    bridge: [...API_METHODS, 'on'].sort(),
  });

  // The contract answers over IPC, from the right shell.
  const info = await page.evaluate(async (key) => {
    const bridge = (window as unknown as Record<string, { getAppInfo(input: object): Promise<unknown> }>)[key];
    return bridge?.getAppInfo({});
  }, BRIDGE_KEY);
  expect(info).toMatchObject({ ok: true, value: { shell: 'electron', nativeDialogs: true } });

  // Anything off the app's origin is refused at the session.
  const offline = await page.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'reached',
      () => 'blocked',
    ),
  );
  expect(offline).toBe('blocked');
});
