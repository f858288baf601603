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

/**
 * A file or folder under resources/ (resources/README.md). Packaged, electron-builder copies it to
 * <process.resourcesPath>/resources; from the sources or a build it is at the project root (the first
 * folder above this module with a package.json). Undefined when it is not there.
 */
export function resourcePath(...segments: string[]): string | undefined {
  // Electron's main process has resourcesPath; plain Node (CLI, browser shell) does not.
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged !== undefined) {
    const candidate = join(packaged, 'resources', ...segments);
    if (existsSync(candidate)) return candidate;
  }
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', ...segments);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return undefined;
  }
}
