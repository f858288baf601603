// Build better-sqlite3-multiple-ciphers for Electron's ABI in .native-electron/, beside the Node build.
//
// Why a separate copy: the tests (vitest, the CLI, the browser shell) run under Node and load
// node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node, built for Node's ABI.
// Electron embeds a different Node ABI, so it needs its own build of the same module. Rebuilding
// node_modules in place (what `electron-rebuild` does by default) would break every Node test until the
// next `npm rebuild`. Instead this script copies the module's sources to
// .native-electron/node_modules/better-sqlite3-multiple-ciphers/ and runs @electron/rebuild there, with
// the search for node_modules folders fenced to .native-electron/ (projectRootPath) so it can never
// reach the root node_modules. main/app/index.ts then passes that binary to the driver as its
// `nativeBinding` (main/locker/driver.ts useNativeBinding) in unpackaged runs. Packaged apps get their
// own Electron build from electron-builder in its staging folder (scripts/dist.mjs).
//
// Building from source needs a C/C++ toolchain and Electron's headers (from electronjs.org, cached in
// ~/.electron-gyp; set LOCARD_ELECTRON_HEADERS_URL to use a mirror). Prebuilt binaries are not used:
// a source build has exactly the SQLite3 Multiple Ciphers configuration the Node build has.
//
// Usage: node scripts/electron-native.mjs [--force]
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODULE = 'better-sqlite3-multiple-ciphers';
export const NATIVE_DIR = join(root, '.native-electron');
/** Keep in step with ELECTRON_NATIVE_BINDING in main/app/index.ts. */
export const ELECTRON_BINDING = join(NATIVE_DIR, 'node_modules', MODULE, 'build', 'Release', 'better_sqlite3.node');
const STAMP = join(NATIVE_DIR, 'stamp.json');

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** What the build was made for; a different Electron or driver version means a rebuild. */
function wantedStamp() {
  return {
    electron: readJson(join(root, 'node_modules', 'electron', 'package.json')).version,
    module: readJson(join(root, 'node_modules', MODULE, 'package.json')).version,
    platform: process.platform,
    arch: process.arch,
  };
}

export function electronNativeIsCurrent() {
  if (!existsSync(ELECTRON_BINDING) || !existsSync(STAMP)) return false;
  try {
    return JSON.stringify(readJson(STAMP)) === JSON.stringify(wantedStamp());
  } catch {
    return false;
  }
}

/** Build the Electron-ABI copy unless an up-to-date one exists. Resolves to the binary's path. */
export async function ensureElectronNative({ force = false, log = console.log } = {}) {
  if (!force && electronNativeIsCurrent()) return ELECTRON_BINDING;
  const stamp = wantedStamp();
  const source = join(root, 'node_modules', MODULE);
  const target = join(NATIVE_DIR, 'node_modules', MODULE);
  log(
    `Building the SQLite driver for Electron ${stamp.electron} in ${relative(root, NATIVE_DIR)}/ (the Node build in node_modules is left alone)…`,
  );

  rmSync(NATIVE_DIR, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // Sources only: the Node build's objects (build/) and any nested node_modules stay behind.
  cpSync(source, target, {
    recursive: true,
    filter: (path) => {
      const inside = relative(source, path);
      const top = inside.split(sep)[0];
      return top !== 'build' && top !== 'node_modules' && top !== 'bin';
    },
  });
  writeFileSync(
    join(NATIVE_DIR, 'package.json'),
    `${JSON.stringify({ name: 'locard-native-electron', private: true, dependencies: { [MODULE]: stamp.module } }, null, 2)}\n`,
  );

  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: NATIVE_DIR,
    // Fences the module search: without it @electron/rebuild walks up into the root node_modules.
    projectRootPath: NATIVE_DIR,
    electronVersion: stamp.electron,
    arch: stamp.arch,
    onlyModules: [MODULE],
    force: true,
    buildFromSource: true,
    mode: 'sequential',
    ...(process.env.LOCARD_ELECTRON_HEADERS_URL ? { headerURL: process.env.LOCARD_ELECTRON_HEADERS_URL } : {}),
  });

  if (!existsSync(ELECTRON_BINDING)) {
    throw new Error(`@electron/rebuild finished but ${relative(root, ELECTRON_BINDING)} was not produced.`);
  }
  writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
  log(`SQLite driver for Electron ready: ${relative(root, ELECTRON_BINDING)}`);
  return ELECTRON_BINDING;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await ensureElectronNative({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(`electron-native: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Building needs a C/C++ toolchain (make, g++, python3) and Electron headers from electronjs.org.');
    process.exit(1);
  }
}
