/**
 * `locard import` on the reference corpus: every file is stored, hostile files fail alone with their
 * reason (issue 3, acceptance 2: each file of bad/ by name), the case verifies afterwards, re-importing
 * stores nothing new, no temporary file remains, nothing escapes the case.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../main/intake/import.js';
import { closeCase, openCase } from '../../main/locker/case-file.js';
import { listExhibits } from '../../main/locker/exhibits.js';
import { ROOT, locard, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
// A private temporary folder for these CLI runs, so other tests running in parallel do not interfere.
const TMP = tempDir('locard-import-cli-tmp-');
const env = { LOCARD_PASSPHRASE: 'correct horse battery', TMPDIR: TMP };

/**
 * What each file of bad/ must be told: the reason it was not parsed (`error`), or the warnings that
 * name its hazard while it was parsed (`warnings`, each pattern matched by one warning).
 */
const LONG_NAME =
  'evidence-export-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-very-long-file-name-segment-xxxxxxx.txt';
const HOSTILE: Readonly<Record<string, { error: string } | { warnings: readonly RegExp[] }>> = {
  'active-content.html': {
    warnings: [
      /^Active content found and not run: meta refresh, event handler \(onload\), javascript: URL, event handler \(onerror\), embedded frame, iframe srcdoc, form, plug-in object\.$/,
    ],
  },
  'empty.eml': { error: 'the e-mail is empty (0 bytes)' },
  [LONG_NAME]: { warnings: [/^The name is 251 bytes long, close to the 255-byte limit of most file systems/] },
  'malformed-headers.eml': {
    warnings: [
      /^A header line is 9012 characters long, past the RFC 5322 limit of 998\.$/,
      /^A header line has no "name: value" form/,
      /^The from header appears 2 times/,
      /^The Date header "Tue, 32 Oct 2020 25:61:99 \+9999" is not a valid date\.$/,
      /unknown charset "x-bogus-8859-99"/,
      /unknown transfer encoding "base64x"/,
      /^The message contains NUL bytes\.$/,
      /^A Received header names "999\.999\.999\.999", which is not a valid IP address; it was ignored\.$/,
    ],
  },
  'nested-multipart-50.eml': {
    warnings: [/^The MIME structure is nested 50 levels deep, past the limit of 20; only the headers were read\.$/],
  },
  'path-traversal.zip': {
    warnings: [
      /^Skipped member "\.\.\/\.\.\/escape\.txt": its path climbs out of the archive/,
      /^Skipped member "\/tmp\/absolute-escape\.txt": it has an absolute path\.$/,
      /^Skipped member "\.\.\\\.\.\\windows-escape\.txt": its path climbs out of the archive/,
      /^Skipped member "link-to-etc-passwd": it is a symbolic link\.$/,
      /^Skipped member "link-to-etc-passwd\/shadow-write\.txt": its path goes through a symbolic link\.$/,
    ],
  },
  'random-bytes.pdf': { error: 'not a PDF: content is random bytes' },
  'screenshot-not-really.png': {
    warnings: [/^Not a PNG image despite its name \(\.png\): the content is plain text, and it was read as such\.$/],
  },
  'single-line-5MB.txt': {
    warnings: [/^The text is one line of 5,242,880 characters \(no line break\)/],
  },
  'truncated-report.pdf': { error: 'the PDF is damaged: it is cut short (no %%EOF marker at the end)' },
  'voter-roll-\u202efdp.exe': {
    warnings: [
      /^Not a Windows program despite its name \(\.exe\): the content is plain text/,
      /^The name contains a right-to-left override \(U\+202E\): it displays as "voter-roll-exe\.pdf", but its real extension is \.exe\. It is shown escaped: "voter-roll-\\u\{202E\}fdp\.exe"\.$/,
    ],
  },
  'zip-bomb-2GiB.zip': { error: 'archive would expand past the 1 GiB limit (its directory declares 2 GiB)' },
};

interface StoredOutcome {
  readonly parseError: string;
  readonly warnings: readonly string[];
  readonly children: readonly string[];
}

function importTemps(): string[] {
  return readdirSync(TMP);
}

describe('locard import on the corpus', () => {
  const casePath = join(tempDir(), 'corpus.locard');
  let first: ImportReport;
  /** The top-level exhibits as stored, by name: what the analyst sees in the app. */
  const stored = new Map<string, StoredOutcome>();

  beforeAll(() => {
    expect(locard(['new', casePath, '--title', 'Corpus'], env).status).toBe(0);
    // OCR of the corpus's pictures takes over a minute; test/integration/ocr-import.test.ts covers it.
    const result = locard(['import', casePath, CORPUS, '--json', '--no-ocr', '--source', 'test corpus'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    first = JSON.parse(result.stdout) as ImportReport;
    const open = openCase(casePath, env.LOCARD_PASSPHRASE);
    try {
      const rows = listExhibits(open.db);
      for (const row of rows) {
        if (row.parent_id !== null) continue;
        const metadata = JSON.parse(row.metadata) as { warnings?: string[] };
        stored.set(row.original_name, {
          parseError: row.parse_error,
          warnings: metadata.warnings ?? [],
          children: rows.filter((child) => child.parent_id === row.id).map((child) => child.original_name),
        });
      }
    } finally {
      closeCase(open);
    }
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

  it('covers every file of bad/ and every hostile entry of expected.json', () => {
    expect(readdirSync(join(CORPUS, 'bad')).sort()).toEqual(Object.keys(HOSTILE).sort());
    const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { hostile: object };
    expect(Object.keys(expected.hostile).sort()).toEqual(
      Object.keys(HOSTILE)
        .map((name) => `bad/${name}`)
        .sort(),
    );
  });

  for (const [name, expected] of Object.entries(HOSTILE)) {
    it(`bad/${name.length > 60 ? `${name.slice(0, 40)}…` : name}: ${'error' in expected ? 'not parsed, with its reason' : 'parsed, its hazard named'}`, () => {
      const outcome = first.files.find((file) => file.path === join(CORPUS, 'bad', name));
      // Stored whatever happened: the bytes are evidence, the reason travels with them.
      expect(outcome).toMatchObject({ status: 'imported' });
      const exhibit = stored.get(name);
      expect(exhibit).toBeDefined();
      if ('error' in expected) {
        expect(outcome).toMatchObject({ parseError: expected.error });
        expect(exhibit?.parseError).toBe(expected.error);
      } else {
        expect(outcome).not.toHaveProperty('parseError');
        expect(exhibit?.parseError).toBe('');
        for (const pattern of expected.warnings) {
          expect(
            exhibit?.warnings.filter((warning) => pattern.test(warning)),
            String(pattern),
          ).toHaveLength(1);
        }
      }
    });
  }

  it('keeps only the safe member of the path-traversal archive, and the zip bomb expands nothing', () => {
    expect(stored.get('path-traversal.zip')?.children).toEqual(['readme.txt']);
    expect(stored.get('zip-bomb-2GiB.zip')?.children).toEqual([]);
  });

  it('leaves no temporary files and writes nothing outside the case', () => {
    expect(importTemps()).toEqual([]);
    expect(existsSync('/tmp/absolute-escape.txt')).toBe(false);
    expect(existsSync('/etc/shadow-write.txt')).toBe(false);
    // The member paths climb two levels from wherever extraction would start: the private temporary
    // folder (TMP/locard-import-…), the working folder, or the corpus.
    for (const start of [join(TMP, 'locard-import-x'), ROOT, join(CORPUS, 'bad')]) {
      for (const up of [['..'], ['..', '..']]) {
        expect(existsSync(join(start, ...up, 'escape.txt'))).toBe(false);
        expect(existsSync(join(start, ...up, 'windows-escape.txt'))).toBe(false);
      }
      expect(existsSync(join(start, '..\\..\\windows-escape.txt'))).toBe(false);
    }
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
