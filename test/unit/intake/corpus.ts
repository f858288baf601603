// Shared helpers for the parser tests: the copied corpus (test/fixtures/corpus), its expected.json,
// and parser inputs with a fresh temporary folder per call (removed by `cleanUp`).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParserInput } from '../../../main/intake/parsers/common.js';

export const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));

export interface ExpectedCorpus {
  readonly files: Readonly<
    Record<string, { readonly metadata?: Record<string, unknown>; readonly events?: readonly { timestamp: string }[] }>
  >;
  readonly hostile: Readonly<Record<string, Record<string, unknown>>>;
}

export const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as ExpectedCorpus;

const temporaryFolders: string[] = [];

export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'locard-parse-test-'));
  temporaryFolders.push(folder);
  return folder;
}

/** A parser input for a corpus file (path relative to the corpus root). */
export function corpusInput(relative: string, extra: Partial<ParserInput> = {}): ParserInput {
  const path = join(CORPUS, relative);
  return { path, size: statSync(path).size, tempDir: tempFolder(), name: basename(relative), ...extra };
}

export function fileInput(path: string, extra: Partial<ParserInput> = {}): ParserInput {
  return { path, size: statSync(path).size, tempDir: tempFolder(), name: basename(path), ...extra };
}

export function cleanUp(): void {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function metadataOf(relative: string): Record<string, unknown> {
  const entry = expected.files[relative];
  if (entry?.metadata === undefined) throw new Error(`expected.json has no metadata for ${relative}`);
  return entry.metadata;
}
