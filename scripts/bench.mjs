// `npm run bench`: builds, bundles the benchmarks under test/bench with esbuild, and runs them in turn.
// Data is generated under .bench/ (git-ignored) and reused between runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// `npm run bench -- import` runs only the benchmarks whose file name contains "import".
const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'test', 'bench'))
  .filter((name) => name.endsWith('-bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)));
for (const bench of benches) {
  const outfile = join(root, '.bench', 'bundles', bench.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(root, 'test', 'bench', bench)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { __LOCARD_VERSION__: '"bench"' },
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
