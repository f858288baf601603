/**
 * Where the built renderer and workers live. Bundled code runs from out/main/; tests that import the
 * sources run from main/…, and find the build under out/ at the project root.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function outDirectory(): string {
  const candidates = [resolve(here, '..'), resolve(here, '..', '..', 'out'), resolve(here, '..', 'out')];
  const found = candidates.find((dir) => existsSync(join(dir, 'renderer', 'index.html')));
  if (!found) {
    throw new Error(
      `The Locard user interface is not built (looked in ${candidates.join(', ')}). Run "npm run build".`,
    );
  }
  return found;
}

export function rendererDirectory(): string {
  return join(outDirectory(), 'renderer');
}
