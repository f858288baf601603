/**
 * The import pipeline over a real encrypted case, with stand-in parsers: bytes stored once, hashed in
 * the same pass, read back identical; duplicates add nothing; parse failures keep the evidence.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES, importPaths, type IntakeParsers } from '../../main/intake/import.js';
import { ParseFailure } from '../../main/intake/types.js';
import { readBlob, verifyEvidence } from '../../main/locker/blobs.js';
import { closeCase, openCase } from '../../main/locker/case-file.js';
import { listCustody, verifyCustody } from '../../main/locker/custody.js';
import { listExhibits } from '../../main/locker/exhibits.js';
import { sql } from '../../main/locker/sql.js';
import { PASSPHRASE, newCase } from '../helpers/case.js';
import { tempDir } from '../helpers/cli.js';

const parsers: IntakeParsers = {
  detect: (_path, name) =>
    Promise.resolve(
      name.endsWith('.txt')
        ? { kind: 'text', mime: 'text/plain', extensionMismatch: false }
        : { kind: 'binary', mime: 'application/octet-stream', extensionMismatch: false },
    ),
  parse: (input) => {
    if (input.name.endsWith('.broken')) return Promise.reject(new ParseFailure('not a PDF: content is random bytes'));
    if (input.name.endsWith('.bundle')) {
      // The importer names the folder without creating it (parsers/common.ts childPath), as real parsers do.
      mkdirSync(input.tempDir, { recursive: true });
      const a = join(input.tempDir, 'a');
      const b = join(input.tempDir, 'b');
      writeFileSync(a, 'first member text');
      writeFileSync(b, 'second member text');
      return Promise.resolve({
        kind: 'archive',
        text: '',
        segments: [],
        metadata: { members: 2 },
        warnings: [],
        children: [
          {
            name: 'docs/first.txt',
            path: a,
            size: 17,
            method: 'archive-member',
            metadata: { memberPath: 'docs/first.txt' },
          },
          { name: 'second.txt', path: b, size: 18, method: 'archive-member', metadata: {} },
        ],
      });
    }
    const text = input.kind === 'text' ? readFileSync(input.path, 'utf8') : '';
    return Promise.resolve({ kind: input.kind, text, segments: [], metadata: {}, warnings: [], children: [] });
  },
};

function evidenceFolder(): string {
  const dir = tempDir('locard-evidence-');
  writeFileSync(join(dir, 'notes.txt'), 'The server at 203.0.113.77 went into service on 6 October.');
  writeFileSync(join(dir, 'capture.bin'), randomBytes(3 * 1024 * 1024 + 123));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'report.broken'), randomBytes(4096));
  writeFileSync(join(dir, 'sub', 'evidence.bundle'), 'pretend archive');
  return dir;
}

function digest(algorithm: string, bytes: Buffer): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

describe('import into the locker', () => {
  it('stores every file once with its three hashes, recursing into folders', async () => {
    const { open } = newCase();
    const dir = evidenceFolder();
    const report = await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers });
    expect(report.failed).toBe(0);
    expect(report.imported).toBe(4);
    const exhibits = listExhibits(open.db);
    const capture = exhibits.find((e) => e.original_name === 'capture.bin');
    const bytes = readFileSync(join(dir, 'capture.bin'));
    expect(capture).toMatchObject({
      sha256: digest('sha256', bytes),
      sha1: digest('sha1', bytes),
      md5: digest('md5', bytes),
      size: bytes.length,
      original_path: join(dir, 'capture.bin'),
    });
    expect(Buffer.concat([...readBlob(open.db, capture?.blob_id ?? 0)]).equals(bytes)).toBe(true);
    expect(exhibits.map((e) => e.number)).toEqual(exhibits.map((_, i) => i + 1));
    expect(verifyCustody(open.db).ok).toBe(true);
    closeCase(open);
  });

  it('keeps the evidence when parsing fails, with the reason', async () => {
    const { open } = newCase();
    const report = await importPaths(open.db, [evidenceFolder()], { analyst: 'a', parsers });
    const broken = report.files.find((f) => f.path.endsWith('report.broken'));
    expect(broken).toMatchObject({ status: 'imported', parseError: 'not a PDF: content is random bytes' });
    const row = listExhibits(open.db).find((e) => e.original_name === 'report.broken');
    expect(row).toMatchObject({ parse_status: 'failed', parse_error: 'not a PDF: content is random bytes' });
    closeCase(open);
  });

  it('derives children with their parent and method, logged in custody', async () => {
    const { open } = newCase();
    await importPaths(open.db, [evidenceFolder()], { analyst: 'a', parsers });
    const exhibits = listExhibits(open.db);
    const bundle = exhibits.find((e) => e.original_name === 'evidence.bundle');
    const children = exhibits.filter((e) => e.parent_id === bundle?.id);
    expect(children.map((c) => [c.original_name, c.derivation])).toEqual([
      ['docs/first.txt', 'archive-member'],
      ['second.txt', 'archive-member'],
    ]);
    expect(JSON.parse(children[0]?.metadata ?? '{}')).toMatchObject({ memberPath: 'docs/first.txt' });
    const derived = listCustody(open.db, 0, 100).filter((e) => e.action === 'evidence.derived');
    expect(derived).toHaveLength(2);
    closeCase(open);
  });

  it('re-importing adds no stored bytes and records the new source', async () => {
    const { open, path } = newCase();
    const dir = evidenceFolder();
    await importPaths(open.db, [dir], { analyst: 'a', parsers });
    closeCase(open);
    const sizeBefore = statSync(path).size;

    const again = openCase(path, PASSPHRASE);
    const report = await importPaths(again.db, [dir], { analyst: 'b', parsers });
    expect(report.duplicates).toBe(4);
    expect(report.imported).toBe(0);
    const sources = again.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM exhibit_sources`);
    expect(sources[0]?.n).toBe(8);
    expect(listCustody(again.db, 0, 100).filter((e) => e.action === 'evidence.reimported')).toHaveLength(4);
    closeCase(again);
    expect(statSync(path).size).toBeLessThan(sizeBefore * 1.01);
  });

  it('indexes extracted text for full-text search', async () => {
    const { open } = newCase();
    await importPaths(open.db, [evidenceFolder()], { analyst: 'a', parsers });
    const hits = open.db.all<{ original_name: string }>(
      sql`SELECT exhibits.original_name FROM exhibit_fts JOIN exhibits ON exhibits.id = exhibit_fts.rowid
          WHERE exhibit_fts MATCH ${'"went into service"'}`,
    );
    expect(hits.map((h) => h.original_name)).toEqual(['notes.txt']);
    closeCase(open);
  });

  it('reports unreadable paths and goes on with the rest', async () => {
    const { open } = newCase();
    const dir = evidenceFolder();
    const report = await importPaths(open.db, [join(dir, 'missing.txt'), join(dir, 'notes.txt')], {
      analyst: 'a',
      parsers,
    });
    expect(report.files[0]).toMatchObject({ status: 'failed', error: 'cannot read: ENOENT' });
    expect(report.imported).toBe(1);
    closeCase(open);
  });

  it('verification re-hashes stored bytes and names the exhibit whose bytes changed', async () => {
    const { open } = newCase();
    await importPaths(open.db, [evidenceFolder()], { analyst: 'a', parsers });
    expect(verifyEvidence(open.db)).toMatchObject({ ok: true, checked: 6 });
    const notes = listExhibits(open.db).find((e) => e.original_name === 'notes.txt');
    open.db.run(sql`UPDATE blob_chunks SET data = ${Buffer.from('forged')} WHERE blob_id = ${notes?.blob_id ?? 0}`);
    const result = verifyEvidence(open.db);
    expect(result.ok).toBe(false);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.exhibits).toEqual([notes?.number]);
    expect(result.failures[0]?.reason).toMatch(/not the [0-9a-f]{64} recorded at import/);
    closeCase(open);
  });
});

describe('a large file', () => {
  it('is stored whole under the batch rollback journal, and the case returns to WAL with its cache', async () => {
    const dir = tempDir('locard-bulk-');
    const bytes = randomBytes(LARGE_FILE_BYTES + 4321);
    writeFileSync(join(dir, 'recording.bin'), bytes);
    writeFileSync(join(dir, 'after.txt'), 'a small file after the large one');
    const { open } = newCase('Bulk');
    const cacheBefore = open.db.pragma('cache_size');
    const report = await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers });
    expect(report).toMatchObject({ imported: 2, failed: 0 });
    expect(open.db.pragma('journal_mode')).toBe('wal');
    expect(open.db.pragma('cache_size')).toBe(cacheBefore);
    const stored = open.db.get<{ id: number; sha256: string }>(
      sql`SELECT id, sha256 FROM blobs WHERE size = ${bytes.length}`,
    );
    expect(stored?.sha256).toBe(digest('sha256', bytes));
    expect(Buffer.concat([...readBlob(open.db, stored?.id ?? 0)]).equals(bytes)).toBe(true);
    expect(verifyEvidence(open.db).ok).toBe(true);
    closeCase(open);
  });

  // /proc/self/io counts the bytes this process hands to write(): the import runs in this process.
  const written = (): number => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
  it.skipIf(!existsSync('/proc/self/io'))(
    're-imported, it is hashed first and nothing of it is written again (Linux: counts write() bytes)',
    async () => {
      const dir = tempDir('locard-bulk-');
      const bytes = randomBytes(LARGE_FILE_BYTES + 777);
      writeFileSync(join(dir, 'recording.bin'), bytes);
      // Same size, other bytes, another path: stored at once, as new.
      const other = Buffer.from(bytes);
      other[0] = (other[0] ?? 0) ^ 0xff;
      const otherDir = tempDir('locard-bulk-');
      writeFileSync(join(otherDir, 'recording-other.bin'), other);
      const { open } = newCase('Bulk again');
      expect(await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers })).toMatchObject({ imported: 1 });
      const before = written();
      const again = await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers });
      expect(again).toMatchObject({ imported: 0, duplicates: 1, failed: 0 });
      // The custody entry, the new source and the journal: kilobytes, not the 33 MiB file.
      expect(written() - before).toBeLessThan(4 * 1024 * 1024);
      const sameSize = await importPaths(open.db, [otherDir], { analyst: 'test-analyst', parsers });
      expect(sameSize).toMatchObject({ imported: 1, duplicates: 0 });
      expect(open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM blobs`)?.n).toBe(2);
      expect(verifyEvidence(open.db).ok).toBe(true);
      closeCase(open);
    },
  );
});

describe('files committed in groups', () => {
  it('reports a file imported only once it is committed: another connection already reads it', async () => {
    const dir = tempDir('locard-groups-');
    for (let i = 0; i < 4; i += 1) writeFileSync(join(dir, `note-${String(i)}.txt`), `note ${String(i)}`);
    const { open, path } = newCase('Groups');
    const seen: string[] = [];
    await importPaths(open.db, [dir], {
      analyst: 'test-analyst',
      parsers,
      onProgress: (event) => {
        if (event.outcome?.status !== 'imported') return;
        // A second connection sees only what is committed (the batch runs under a rollback journal).
        const reader = openCase(path, PASSPHRASE);
        try {
          seen.push(...listExhibits(reader.db).map((e) => e.original_name));
        } finally {
          closeCase(reader);
        }
        expect(seen).toContain(event.path.split('/').pop());
      },
    });
    expect(new Set(seen)).toEqual(new Set(['note-0.txt', 'note-1.txt', 'note-2.txt', 'note-3.txt']));
    closeCase(open);
  });

  it('rolls a failing file back alone, and when SQLite abandons the transaction fails its group whole', async () => {
    const dir = tempDir('locard-groups-');
    for (const name of ['a.txt', 'b.broken', 'c.txt', 'd.txt', 'e.txt'])
      writeFileSync(join(dir, name), `evidence ${name}`);
    const { open } = newCase('Groups');
    let calls = 0;
    const report = await importPaths(open.db, [dir], {
      analyst: 'test-analyst',
      parsers,
      beforeCommit: (db) => {
        calls += 1;
        // The fourth stored file (d.txt): as when a disk fills, SQLite rolls the whole transaction back.
        if (calls === 4) {
          db.exec('ROLLBACK');
          throw new Error('database or disk is full');
        }
      },
    });
    expect(report.files.map((f) => [f.path.split('/').pop(), f.status, 'error' in f ? f.error : ''])).toEqual([
      ['a.txt', 'failed', 'the case could not be written: database or disk is full'],
      ['b.broken', 'failed', 'the case could not be written: database or disk is full'],
      ['c.txt', 'failed', 'the case could not be written: database or disk is full'],
      ['d.txt', 'failed', 'database or disk is full'],
      ['e.txt', 'imported', ''],
    ]);
    expect(listExhibits(open.db).map((e) => e.original_name)).toEqual(['e.txt']);
    expect(verifyCustody(open.db).ok).toBe(true);
    expect(verifyEvidence(open.db).ok).toBe(true);
    closeCase(open);
  });
});
