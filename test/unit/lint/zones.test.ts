/** The import zones hold: each crossing the architecture forbids is a lint error. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

// With CI=true typescript-eslint infers a "single run" and parses files from its own program on disk,
// ignoring the text handed to lintText; these snippets must be parsed as given.
process.env.TSESTREE_SINGLE_RUN = 'false';
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import zones', () => {
  it('shared/ imports nothing from main, renderer, Node, Electron or React', async () => {
    const file = 'shared/result.ts';
    expect(await restrictedImports(file, "export { LocardError } from '../main/errors.js';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { readFileSync } from 'node:fs';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { app } from 'electron';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { useState } from 'react';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { ok } from './result.js';\n")).toHaveLength(0);
  });

  it('the renderer reaches main only through the contract', async () => {
    const file = 'renderer/src/format.ts';
    expect(await restrictedImports(file, "export { LocardError } from '../../main/errors.js';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { join } from 'node:path';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { ipcRenderer } from 'electron';\n")).toHaveLength(1);
    expect(await restrictedImports(file, "export { API_METHODS } from '../../shared/api.js';\n")).toHaveLength(0);
  });

  it('only main/app imports electron; the preload imports shared/ only', async () => {
    expect(await restrictedImports('main/errors.ts', "export { app } from 'electron';\n")).toHaveLength(1);
    expect(await restrictedImports('main/app/menu.ts', "export { app } from 'electron';\n")).toHaveLength(0);
    expect(
      await restrictedImports('main/app/preload.ts', "export { LocardService } from '../core/service.js';\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports('main/app/preload.ts', "export { API_METHODS } from '../../shared/api.js';\n"),
    ).toHaveLength(0);
  });
});
