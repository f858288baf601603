/** Make real encrypted cases in temp folders for tests. */
import { join } from 'node:path';
import { createCase, closeCase, type OpenCase } from '../../main/locker/case-file.js';
import { tempDir } from './cli.js';

export const PASSPHRASE = 'correct horse battery';

export function newCase(title = 'Operation Test Title', passphrase = PASSPHRASE): { path: string; open: OpenCase } {
  const path = join(tempDir(), 'case.locard');
  const open = createCase({ path, passphrase, title, analyst: 'test-analyst', tlp: 'AMBER' });
  return { path, open };
}

export function newClosedCase(title?: string, passphrase = PASSPHRASE): string {
  const { path, open } = newCase(title, passphrase);
  closeCase(open);
  return path;
}
