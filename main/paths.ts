/**
 * Where the built renderer and workers live. Bundled code runs from out/main/; tests that import the
 * sources run from main/…, and find the build under out/ at the project root.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function outDirectory(): string {
  // Walk up from this module: bundled code sits somewhere under out/ (out/main, out/main/chunks),
  // sources sit under main/ beside out/.
  for (let dir = here; ; dir = dirname(dir)) {
    for (const candidate of [dir, join(dir, 'out')]) {
      // The preload bundle marks a build output folder (the source tree has a renderer/index.html too).
      if (
        existsSync(join(candidate, 'preload', 'preload.cjs')) &&
        existsSync(join(candidate, 'renderer', 'index.html'))
      ) {
        return candidate;
      }
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`The Locard user interface is not built (no renderer/index.html near ${here}). Run "npm run build".`);
}

export function rendererDirectory(): string {
  return join(outDirectory(), 'renderer');
}
