/** Run the built `locard` CLI in a child process, as an analyst's shell would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const LOCARD_BIN = join(ROOT, 'bin', 'locard.js');
/** Every CLI run in the tests carries a guard that fails on any non-loopback network access. */
export const NO_NETWORK = join(ROOT, 'test', 'helpers', 'no-network.mjs');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function tempDir(prefix = 'locard-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function locard(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  configDir?: string,
): CliResult {
  const result = spawnSync(process.execPath, ['--import', NO_NETWORK, LOCARD_BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOCARD_CONFIG_DIR: configDir ?? tempDir('locard-config-'),
      LOCARD_ANALYST: 'test-analyst',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
