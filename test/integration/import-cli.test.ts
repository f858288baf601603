/**
 * `locard import` on the reference corpus: every file is stored, hostile files fail alone with their
 * reason, the case verifies afterwards, re-importing stores nothing new, nothing escapes the case.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../main/intake/import.js';
import { ROOT, locard, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
// A private temporary folder for these CLI runs, so other tests running in parallel do not interfere.
const TMP = tempDir('locard-import-cli-tmp-');
const env = { LOCARD_PASSPHRASE: 'correct horse battery', TMPDIR: TMP };

function importTemps(): string[] {
  return readdirSync(TMP);
}

describe('locard import on the corpus', () => {
  const casePath = join(tempDir(), 'corpus.locard');
  let first: ImportReport;

  beforeAll(() => {
    expect(locard(['new', casePath, '--title', 'Corpus'], env).status).toBe(0);
    // OCR of the corpus's pictures takes over a minute; test/integration/ocr-import.test.ts covers it.
    const result = locard(['import', casePath, CORPUS, '--json', '--no-ocr', '--source', 'test corpus'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    first = JSON.parse(result.stdout) as ImportReport;
  }, 120_000);

  it('stores every file, with per-file reasons for the hostile ones', () => {
    const files = readdirSync(CORPUS, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(first.files).toHaveLength(files.length);
    expect(first.failed).toBe(0);
    const byName = (name: string) => first.files.find((f) => f.path.endsWith(name));
    expect(byName('zip-bomb-2GiB.zip')).toMatchObject({
      status: 'imported',
      parseError: expect.stringMatching(/1 GiB limit/) as unknown,
    });
    expect(byName('truncated-report.pdf')).toMatchObject({
      status: 'imported',
      parseError: expect.stringMatching(/damaged/) as unknown,
    });
    expect(byName('01-threat-with-video-attachment.eml')).toMatchObject({ status: 'imported', children: 1 });
  });

  it('leaves no temporary files and writes nothing outside the case', () => {
    expect(importTemps()).toEqual([]);
    expect(existsSync('/tmp/absolute-escape.txt')).toBe(false);
    expect(existsSync(join(CORPUS, '..', 'escape.txt'))).toBe(false);
    expect(existsSync(join(CORPUS, '..', '..', 'escape.txt'))).toBe(false);
  });

  it('verifies afterwards: custody chain and every stored item re-hashed', () => {
    const result = locard(['verify', casePath, '--json'], env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, evidence: { ok: true } });
  });

  it('re-importing adds no stored bytes and records the new sources', () => {
    const before = statSync(casePath).size;
    const again = locard(['import', casePath, CORPUS, '--json'], env);
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout) as ImportReport;
    expect(report.imported).toBe(0);
    expect(report.duplicates).toBe(first.imported);
    expect(statSync(casePath).size).toBeLessThan(before * 1.01);
  }, 120_000);

  it('exits 1 and names the path when a file cannot be read, importing the rest', () => {
    const result = locard(
      ['import', casePath, join(CORPUS, 'missing-file.eml'), join(CORPUS, 'reports', 'analyst-notes.txt')],
      env,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAILED .*missing-file\.eml: cannot read: ENOENT/);
    expect(result.stdout).toMatch(/already in the case/);
  });
});
