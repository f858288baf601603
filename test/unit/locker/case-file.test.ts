import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocardError } from '../../../main/errors.js';
import {
  closeCase,
  createCase,
  openCase,
  readSummary,
  changePassphrase,
  updateMetadata,
} from '../../../main/locker/case-file.js';
import { openEncrypted } from '../../../main/locker/driver.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../main/locker/migrations/index.js';
import { listCustody } from '../../../main/locker/custody.js';
import { PASSPHRASE, newCase, newClosedCase } from '../../helpers/case.js';
import { tempDir } from '../../helpers/cli.js';

function expectLocardError(work: () => unknown, code: string, message?: RegExp): void {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(LocardError);
    expect((error as LocardError).code).toBe(code);
    if (message) expect((error as LocardError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a LocardError ${code}`);
}

describe('the locker', () => {
  it('creates a case with its metadata, at the newest schema, in WAL mode', () => {
    const { open, path } = newCase('Voter e-mails');
    const summary = readSummary(open);
    expect(summary).toMatchObject({ title: 'Voter e-mails', analyst: 'test-analyst', tlp: 'AMBER', custodyEntries: 1 });
    expect(summary.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(open.db.pragma('journal_mode')).toBe('wal');
    // Every table is STRICT.
    const tables = open.db.all<{ name: string; strict: number }>([
      'SELECT name, strict FROM pragma_table_list WHERE schema = ? AND type = ? AND name NOT LIKE ?',
      ['main', 'table', 'sqlite_%'],
    ]);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table.strict, table.name).toBe(1);
    closeCase(open);
    expect(readSummary(openCase(path, PASSPHRASE)).title).toBe('Voter e-mails');
  });

  it('refuses to overwrite an existing file and a short passphrase', () => {
    const path = newClosedCase();
    expectLocardError(
      () => createCase({ path, passphrase: PASSPHRASE, title: 't', analyst: 'a', tlp: 'RED' }),
      'file-exists',
    );
    expectLocardError(
      () =>
        createCase({ path: join(tempDir(), 'x.locard'), passphrase: 'short', title: 't', analyst: 'a', tlp: 'RED' }),
      'weak-passphrase',
    );
  });

  it('rejects a wrong passphrase with the analyst message and leaves the file as it was', () => {
    const path = newClosedCase();
    const before = readFileSync(path);
    expectLocardError(
      () => openCase(path, 'not the passphrase'),
      'wrong-passphrase',
      /Wrong passphrase, or this file is not a Locard case/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a case written by a newer Locard without changing it', () => {
    const path = newClosedCase();
    const db = openEncrypted(path, PASSPHRASE, { create: false });
    db.exec(`PRAGMA user_version = ${String(LATEST_SCHEMA_VERSION + 10)}`);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(path);
    expectLocardError(() => openCase(path, PASSPHRASE), 'newer-version', /newer version of Locard/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses an encrypted database that is not a Locard case, and a plain SQLite file', () => {
    const other = join(tempDir(), 'other.db');
    const db = openEncrypted(other, PASSPHRASE, { create: true });
    db.exec('CREATE TABLE t (x TEXT) STRICT');
    db.close();
    expectLocardError(() => openCase(other, PASSPHRASE), 'not-a-case', /not a Locard case/);

    const plain = join(tempDir(), 'plain.db');
    writeFileSync(plain, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080)]));
    expectLocardError(() => openCase(plain, PASSPHRASE), 'not-a-case', /unencrypted SQLite/);
  });

  it('keeps migrations numbered and ascending', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('changes the passphrase without losing content, and logs metadata changes', () => {
    const { open, path } = newCase('Before rekey');
    updateMetadata(open, 'test-analyst', { title: 'After edit', tlp: 'RED' });
    changePassphrase(open, 'test-analyst', 'a brand new passphrase');
    closeCase(open);
    expectLocardError(() => openCase(path, PASSPHRASE), 'wrong-passphrase');
    const reopened = openCase(path, 'a brand new passphrase');
    expect(readSummary(reopened)).toMatchObject({ title: 'After edit', tlp: 'RED' });
    expect(listCustody(reopened.db, 0, 10).map((e) => e.action)).toEqual([
      'case.rekeyed',
      'case.metadata-changed',
      'case.created',
    ]);
    expect(reopened.db.pragma('journal_mode')).toBe('wal');
    closeCase(reopened);
  });
});
