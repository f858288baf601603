/**
 * The only module that imports the SQLite driver (better-sqlite3-multiple-ciphers). It opens a case
 * file in SQLCipher 4 compatible mode so that Zetetic's SQLCipher 4 (and tools built on it) can open
 * a case with `PRAGMA key`, and turns the driver's errors into Locard's.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import type { SqlQuery } from './sql.js';

export type RawDatabase = Database.Database;

/** Read-only view of a case database: queries that only read take this, so they cannot write. */
export interface ReadDb {
  // The row type is the caller's claim about its own SELECT; the driver returns untyped rows.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  get<T>(query: SqlQuery): T | undefined;
  all<T>(query: SqlQuery): T[];
  pragma(name: string): unknown;
}

export interface WriteDb extends ReadDb {
  run(query: SqlQuery): { changes: number; lastInsertRowid: number | bigint };
  exec(statements: string): void;
  transaction<T>(work: () => T): T;
  inTransaction(): boolean;
}

export interface CaseDb extends WriteDb {
  readonly raw: RawDatabase;
  close(): void;
}

/** Where a build for another runtime (Electron's ABI) keeps its own copy of the native module. */
let nativeBinding: string | undefined = process.env.LOCARD_SQLITE_BINDING ?? undefined;
export function useNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export interface OpenOptions {
  readonly create: boolean;
}

/**
 * Open (or create) an encrypted database and key it. Keying must come before the first statement
 * that reads a page; a wrong key then fails on that first read with "file is not a database".
 */
export function openEncrypted(path: string, passphrase: string, options: OpenOptions): CaseDb {
  const raw = new Database(path, {
    fileMustExist: !options.create,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    raw.pragma(`cipher = 'sqlcipher'`);
    raw.pragma('legacy = 4');
    raw.pragma(`key = ${quoteLiteral(passphrase)}`);
    // The first read: throws SQLITE_NOTADB for a wrong key or a file that is not SQLCipher.
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    raw.close();
    throw error;
  }
  return wrap(raw);
}

/** Re-encrypt every page under a new passphrase, in one transaction. */
export function rekey(db: CaseDb, passphrase: string): void {
  // SQLite3 Multiple Ciphers cannot rekey a database in WAL mode; a rollback journal keeps the
  // rewrite atomic, and WAL is restored afterwards.
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
  db.raw.pragma('journal_mode = DELETE');
  try {
    db.raw.pragma(`rekey = ${quoteLiteral(passphrase)}`);
  } finally {
    db.raw.pragma('journal_mode = WAL');
  }
}

/**
 * Prepared statements kept per connection, keyed by their SQL text: every query is a `sql` template
 * with fixed text, so the set is small, and re-preparing was ~7% of importing small files. Bounded
 * anyway, in case some caller builds SQL text dynamically.
 */
const STATEMENT_CACHE_SIZE = 500;

function wrap(raw: RawDatabase): CaseDb {
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = raw.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    raw,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see ReadDb
    get: <T>([text, params]: SqlQuery) => prepare(text).get(...params) as T | undefined,
    all: <T>([text, params]: SqlQuery) => prepare(text).all(...params) as T[],
    run: ([text, params]: SqlQuery) => prepare(text).run(...params),
    exec: (statements: string) => {
      raw.exec(statements);
    },
    pragma: (name: string) => raw.pragma(name, { simple: true }),
    transaction: <T>(work: () => T): T => raw.transaction(work)(),
    inTransaction: () => raw.inTransaction,
    close: () => {
      raw.close();
    },
  };
}

export function isNotADatabase(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT';
}
