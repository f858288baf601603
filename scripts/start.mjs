// `npm start`: build, then open Locard in Electron — or, where the Electron runtime is missing (its
// binary is downloaded from GitHub on first start, which some machines cannot reach), say so in one
// sentence and open the same UI through the browser shell (`locard serve`) in a Chromium app window.
//
// `require('electron')` is never used here: when the binary is missing it starts a download and, on
// a machine without network, hangs. The binary is looked up from node_modules/electron/path.txt, and a
// download is tried at most once, with a time limit.
//
// Usage: npm start [-- <arguments for the app or for `locard serve`, e.g. a .locard case path>]
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronPackage = join(root, 'node_modules', 'electron');
const DOWNLOAD_TIMEOUT_MS = 120_000;
const SERVE_URL = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/;
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const relative = readFileSync(join(electronPackage, 'path.txt'), 'utf8').trim();
    const binary = join(electronPackage, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function findElectron() {
  const found = electronBinary();
  if (found || process.env.LOCARD_NO_ELECTRON_DOWNLOAD) return found;
  console.log('Fetching the Electron runtime (one try, at most 2 minutes)…');
  const attempt = spawnSync(process.execPath, [join(electronPackage, 'install.js')], {
    cwd: electronPackage,
    stdio: 'ignore',
    timeout: DOWNLOAD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  return attempt.status === 0 ? electronBinary() : undefined;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium() {
  if (process.env.LOCARD_CHROMIUM)
    return isExecutable(process.env.LOCARD_CHROMIUM) ? process.env.LOCARD_CHROMIUM : undefined;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** The same folder main/config/settings.ts uses, so everything Locard keeps for a user is in one place. */
function configDirectory() {
  if (process.env.LOCARD_CONFIG_DIR) return process.env.LOCARD_CONFIG_DIR;
  const xdg = process.env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.config'), 'locard');
}

/** Stop a child on Ctrl+C / SIGTERM and exit with its status once it has closed cleanly. */
function superviseUntilExit(child, { onExit } = {}) {
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    // A terminal's Ctrl+C reaches the child too (same process group) and it closes itself; a signal
    // sent to this script alone is passed on. SIGTERM, because the child's SIGINT handler may have run.
    if (signal === 'SIGTERM') child.kill('SIGTERM');
    else
      setTimeout(() => {
        if (child.exitCode === null) child.kill('SIGTERM');
      }, 3000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  child.on('exit', (code, signal) => {
    onExit?.();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function startElectron(binary) {
  const { ensureElectronNative } = await import('./electron-native.mjs');
  try {
    await ensureElectronNative();
  } catch (error) {
    console.error(
      `Could not build the SQLite driver for Electron: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
  const env = { ...process.env };
  // An inherited ELECTRON_RUN_AS_NODE would start a bare Node instead of the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit', env });
  superviseUntilExit(child);
  return true;
}

function startBrowserShell() {
  const server = spawn(process.execPath, [join(root, 'bin', 'locard.js'), 'serve', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let chromium;
  superviseUntilExit(server, {
    onExit: () => {
      if (chromium && chromium.exitCode === null) chromium.kill('SIGTERM');
    },
  });

  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    console.log(line);
    if (chromium !== undefined || !SERVE_URL.test(line.trim())) return;
    const browser = hasDisplay() ? findChromium() : undefined;
    if (!browser) {
      chromium = null;
      console.log(
        hasDisplay()
          ? 'No Chromium was found (set LOCARD_CHROMIUM to its path); open the address above in a Chromium-based browser. Ctrl+C stops Locard.'
          : 'There is no desktop session here; open the address above in Chromium on this machine. Ctrl+C stops Locard.',
      );
      return;
    }
    const chromiumArgs = [
      `--app=${line.trim()}`,
      `--user-data-dir=${join(configDirectory(), 'chromium-profile')}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      // Chromium refuses to start its sandbox as root; only then is it switched off.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ];
    chromium = spawn(browser, chromiumArgs, { cwd: root, stdio: 'ignore' });
    chromium.on('error', (error) => {
      console.log(`Could not start ${browser} (${error.message}); open the address above in Chromium instead.`);
    });
    console.log('Locard is open in a Chromium window. Ctrl+C here stops Locard.');
  });
}

build();
const electron = findElectron();
if (electron && (await startElectron(electron))) {
  // Electron runs; superviseUntilExit exits with its status.
} else {
  console.log(
    electron
      ? 'The Electron runtime is here but its SQLite driver could not be built, so Locard is opening in the browser shell instead.'
      : 'The Electron runtime is not available on this machine (it could not be downloaded), so Locard is opening in the browser shell instead.',
  );
  startBrowserShell();
}
