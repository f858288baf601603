// `npm run dist`: package the Electron shell (electron-builder.yml) for this platform.
//
// Why a staging copy: electron-builder rebuilds native dependencies for Electron's ABI (npmRebuild) in
// the project it packages. Run in the checkout, it would overwrite
// node_modules/better-sqlite3-multiple-ciphers' Node build, and every test, the CLI and the browser
// shell (all on Node) would fail to load the driver until the next `npm rebuild`. So this script:
//   1. builds out/ (scripts/build.mjs);
//   2. copies what the app needs — package.json, package-lock.json, out/, bin/, resources/,
//      electron-builder.yml — to build/electron-app/;
//   3. installs the production dependencies there from the lock file (`npm ci --omit=dev
//      --ignore-scripts`: exact versions; no install scripts, so no wasted Node build of the driver and
//      no `prepare` build);
//   4. runs electron-builder (from the root node_modules, where it is a dev dependency) on the staging
//      folder; its npmRebuild builds the driver from source for Electron there, inside the staging copy.
// The root node_modules is only read. Installers land in dist/.
//
// Needs network the first time (Electron's zip and headers, and the npm registry for step 3), so it
// cannot run on the air-gapped development machines; a release machine runs it.
//
// Usage: node scripts/dist.mjs [electron-builder arguments, e.g. --linux AppImage deb | --win | --mac]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const staging = join(root, 'build', 'electron-app');
const output = join(root, 'dist');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, cwd) {
  console.log(`dist: ${[command, ...args].join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`dist: "${command}" failed (${result.error?.message ?? `exit ${String(result.status)}`}).`);
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], root);

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
for (const entry of ['package.json', 'package-lock.json', 'electron-builder.yml', 'out', 'bin', 'resources']) {
  const from = join(root, entry);
  if (!existsSync(from)) {
    if (entry === 'resources') continue;
    console.error(`dist: ${entry} is missing; nothing was packaged.`);
    process.exit(1);
  }
  cpSync(from, join(staging, entry), { recursive: true });
}

run(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], staging);

// electron is a dev dependency (not installed in the staging copy): tell electron-builder its version.
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
run(
  process.execPath,
  [
    builder,
    '--projectDir',
    staging,
    '--config',
    join(staging, 'electron-builder.yml'),
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${output}`,
    '--publish',
    'never',
    ...process.argv.slice(2),
  ],
  staging,
);
console.log(`dist: installers are in ${output}`);
