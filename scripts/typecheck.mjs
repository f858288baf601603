// Type-check each runtime's program on its own (see tsconfig.json for why there are several).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const programs = ['shared', 'main', 'preload', 'renderer', 'test'];
let failed = false;
for (const program of programs) {
  const result = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${program}.json`, '--pretty'], { stdio: 'inherit' });
  console.log(`typecheck ${program}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
