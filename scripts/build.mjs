// Build every bundle: main (Electron main process and the CLI, ESM for Node), the sandboxed preload
// (CommonJS, as Electron requires for sandboxed preloads) with esbuild, and the renderer with Vite.
// Run by `npm install` (prepare), `npm test` and `npm start`, so out/ always matches the sources.
// Everything is built into a staging folder and swapped in at the end, so a CLI or server started
// while a build runs never finds out/ half-written or missing.
import { build as esbuild } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const define = { __LOCARD_VERSION__: JSON.stringify(pkg.version) };
const quiet = process.argv.includes('--quiet');
const started = Date.now();

const out = join(root, 'out');
const staging = join(root, `.out-next-${String(process.pid)}`);
rmSync(staging, { recursive: true, force: true });

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Dependencies stay in node_modules (native modules cannot be bundled); only our code is bundled.
  packages: 'external',
  define,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  esbuild({
    ...nodeBundle,
    entryPoints: {
      app: 'main/app/index.ts',
      cli: 'main/cli/index.ts',
      'parse-worker': 'main/intake/worker.ts',
      'ocr-worker': 'main/ocr/worker.ts',
    },
    outdir: join(staging, 'main'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['electron'],
  }),
  esbuild({
    ...nodeBundle,
    entryPoints: { preload: 'main/app/preload.ts' },
    outdir: join(staging, 'preload'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  }),
]);

const { build: viteBuild } = await import('vite');
await viteBuild({
  configFile: join(root, 'vite.config.ts'),
  logLevel: quiet ? 'warn' : 'info',
  build: { outDir: join(staging, 'renderer') },
});

const previous = join(root, `.out-old-${String(process.pid)}`);
if (existsSync(out)) renameSync(out, previous);
renameSync(staging, out);
rmSync(previous, { recursive: true, force: true });

console.log(`build: out/ ready in ${String(Date.now() - started)} ms`);
