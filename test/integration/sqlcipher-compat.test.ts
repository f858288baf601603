/**
 * The escape hatch: a case opens in Zetetic's own SQLCipher 4 (npm @journeyapps/sqlcipher) with only
 * `PRAGMA key`, and is unreadable without it. This pins the "SQLCipher 4 compatible" promise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlcipher from '@journeyapps/sqlcipher';
import { describe, expect, it } from 'vitest';
import { locard, tempDir } from '../helpers/cli.js';

const PASS = "it's a long passphrase";
const TITLE = 'Operation Unmistakable Title 7f3a';

interface Db {
  run(sql: string, callback: (error: Error | null) => void): void;
  all(sql: string, callback: (error: Error | null, rows: { name: string }[]) => void): void;
  close(callback?: (error: Error | null) => void): void;
}

function open(path: string): Db {
  const Database = (sqlcipher as unknown as { Database: new (path: string, mode: number) => Db }).Database;
  return new Database(path, (sqlcipher as unknown as { OPEN_READONLY: number }).OPEN_READONLY);
}

function run(db: Db, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    db.run(sql, (error) => (error ? reject(error) : resolve()));
  });
}

function all(db: Db, sql: string): Promise<{ name: string }[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows)));
  });
}

function close(db: Db): Promise<void> {
  return new Promise((resolve) => {
    db.close(() => resolve());
  });
}

async function tablesWith(path: string, key?: string): Promise<string[]> {
  const db = open(path);
  try {
    if (key !== undefined) await run(db, `PRAGMA key = '${key.replaceAll("'", "''")}'`);
    return (await all(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((r) => r.name);
  } finally {
    await close(db);
  }
}

describe('SQLCipher 4 compatibility', () => {
  const path = join(tempDir(), 'compat.locard');

  it('a case made by `locard new` opens in SQLCipher 4 with its passphrase', async () => {
    const made = locard(['new', path, '--title', TITLE], { LOCARD_PASSPHRASE: PASS });
    expect(made.status).toBe(0);
    const tables = await tablesWith(path, PASS);
    expect(tables).toContain('case_info');
    expect(tables).toContain('custody_log');
  });

  it('is unreadable without the key or with a wrong one', async () => {
    await expect(tablesWith(path)).rejects.toThrow(/not a database|encrypted/);
    await expect(tablesWith(path, 'wrong passphrase')).rejects.toThrow(/not a database/);
  });

  it("does not contain the case title in the file's bytes", () => {
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from(TITLE, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('Unmistakable', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('custody_log', 'utf8'))).toBe(false);
  });
});
