/**
 * A case is one encrypted SQLite file (`*.locard`). This module creates, opens, rekeys and closes
 * them and owns the rules about which files it will touch: it never writes to a file it could not
 * identify as a Locard case, so a wrong passphrase or a stray file leaves the bytes as they were.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { CaseId, CaseSummary, TlpMarking } from '../../shared/domain.js';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/domain.js';
import { LocardError, WRONG_PASSPHRASE_MESSAGE } from '../errors.js';
import { LOCARD_VERSION } from '../version.js';
import { appendCustody, custodyCount } from './custody.js';
import { isNotADatabase, openEncrypted, rekey, type CaseDb } from './driver.js';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations/index.js';
import { sql } from './sql.js';

/** 'LCRD' — marks the database as a Locard case (SQLite `PRAGMA application_id`). */
export const LOCARD_APPLICATION_ID = 0x4c435244;
export const CASE_EXTENSION = '.locard';

/** The path with the case extension added, unless it has it (any case). */
export function withCaseExtension(path: string): string {
  return extname(path).toLowerCase() === CASE_EXTENSION ? path : `${path}${CASE_EXTENSION}`;
}

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenCase {
  readonly db: CaseDb;
  readonly path: string;
}

interface CaseInfoRow {
  case_id: string;
  title: string;
  description: string;
  analyst: string;
  tlp: string;
  created_at: number;
}

export function assertPassphraseStrength(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new LocardError(
      'weak-passphrase',
      `A case passphrase needs at least ${String(MIN_PASSPHRASE_LENGTH)} characters; a long phrase of several words is best.`,
    );
  }
}

function tune(db: CaseDb): void {
  // WAL: the analyst's small transactions (a tag, a verdict, custody, OCR of one exhibit) commit with
  // one log write and one fsync. An import batch switches to a rollback journal while it runs
  // (intake/import.ts: useRollbackJournal): it appends nearly everything it writes, and WAL would write
  // and encrypt every appended page twice (log, then checkpoint).
  db.raw.pragma('journal_mode = WAL');
  // FULL: a committed change survives power loss too, not only a crash of Locard; evidence is worth
  // the extra fsync per transaction. (An import commits files in groups: intake/import.ts CommitGroup.)
  db.raw.pragma('synchronous = FULL');
  db.raw.pragma('foreign_keys = ON');
  // SQLCipher decrypts every page it reads; a cache that holds the working set avoids most of that.
  db.raw.pragma('cache_size = -65536');
  db.raw.pragma('busy_timeout = 5000');
}

export interface CreateCaseOptions {
  readonly path: string;
  readonly passphrase: string;
  readonly title: string;
  readonly analyst: string;
  readonly tlp: TlpMarking;
  readonly description?: string;
  readonly now?: number;
}

export function createCase(options: CreateCaseOptions): OpenCase {
  assertPassphraseStrength(options.passphrase);
  if (existsSync(options.path)) {
    throw new LocardError('file-exists', `${options.path} already exists. Choose another name, or open it instead.`);
  }
  let db: CaseDb;
  try {
    mkdirSync(dirname(options.path), { recursive: true });
    db = openEncrypted(options.path, options.passphrase, { create: true });
  } catch (error) {
    throw ioError(error, `Could not create ${options.path}`);
  }
  try {
    tune(db);
    db.exec(`PRAGMA application_id = ${String(LOCARD_APPLICATION_ID)}`);
    migrate(db);
    const caseId = randomUUID();
    const now = options.now ?? Date.now();
    db.transaction(() => {
      db.run(sql`INSERT INTO case_info (id, case_id, title, description, analyst, tlp, created_at, created_by_version)
                 VALUES (1, ${caseId}, ${options.title}, ${options.description ?? ''}, ${options.analyst},
                         ${options.tlp}, ${now}, ${LOCARD_VERSION})`);
      appendCustody(db, {
        analyst: options.analyst,
        action: 'case.created',
        objectIds: [caseId],
        details: { tlp: options.tlp, locardVersion: LOCARD_VERSION },
        at: now,
      });
    });
    return { db, path: options.path };
  } catch (error) {
    db.close();
    removeQuietly(options.path);
    throw error;
  }
}

/** Identify files that cannot be a case before handing them to SQLite, with a specific reason. */
function precheck(path: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new LocardError('not-a-case', `${path} is a folder, not a Locard case.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof LocardError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LocardError('not-found', `There is no case at ${path}. It may have been moved or renamed.`);
    }
    throw ioError(error, `Could not read ${path}`);
  }
  if (size === 0) throw new LocardError('not-a-case', `${path} is empty, so it is not a Locard case.`);
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(SQLITE_PLAIN_HEADER)) {
    throw new LocardError(
      'not-a-case',
      `${path} is an unencrypted SQLite database, not a Locard case (a case is always encrypted).`,
    );
  }
}

export function openCase(path: string, passphrase: string): OpenCase {
  precheck(path);
  let db: CaseDb;
  try {
    db = openEncrypted(path, passphrase, { create: false });
  } catch (error) {
    if (isNotADatabase(error)) throw new LocardError('wrong-passphrase', WRONG_PASSPHRASE_MESSAGE);
    throw ioError(error, `Could not open ${path}`);
  }
  try {
    // Identify the case before anything is written to it.
    const applicationId = Number(db.pragma('application_id'));
    if (applicationId !== LOCARD_APPLICATION_ID) {
      throw new LocardError('not-a-case', `${path} is an encrypted database, but not a Locard case.`);
    }
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new LocardError(
        'newer-version',
        `This case was written by a newer version of Locard (case schema ${String(version)}; this version reads up to ${String(LATEST_SCHEMA_VERSION)}). Update Locard to open it; the case was not changed.`,
      );
    }
    tune(db);
    migrate(db);
    return { db, path };
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) {
      throw new LocardError('wrong-passphrase', `${WRONG_PASSPHRASE_MESSAGE} The file may be damaged or truncated.`);
    }
    throw error;
  }
}

export function readSummary(open: OpenCase): CaseSummary {
  const row = open.db.get<CaseInfoRow>(sql`SELECT * FROM case_info WHERE id = 1`);
  if (!row) throw new LocardError('not-a-case', `${open.path} has no case record; it is not a complete Locard case.`);
  let fileBytes = 0;
  try {
    fileBytes = statSync(open.path).size;
  } catch {
    // The size is informative only.
  }
  return {
    caseId: row.case_id as CaseId,
    path: open.path,
    title: row.title,
    description: row.description,
    analyst: row.analyst,
    tlp: row.tlp as TlpMarking,
    createdAt: row.created_at,
    schemaVersion: schemaVersion(open.db),
    fileBytes,
    custodyEntries: custodyCount(open.db),
  };
}

export function updateMetadata(
  open: OpenCase,
  analyst: string,
  change: { readonly title?: string; readonly description?: string; readonly tlp?: TlpMarking },
): void {
  const before = readSummary(open);
  const changed: Record<string, { from: string; to: string }> = {};
  if (change.title !== undefined && change.title !== before.title)
    changed.title = { from: before.title, to: change.title };
  if (change.description !== undefined && change.description !== before.description)
    changed.description = { from: before.description, to: change.description };
  if (change.tlp !== undefined && change.tlp !== before.tlp) changed.tlp = { from: before.tlp, to: change.tlp };
  if (Object.keys(changed).length === 0) return;
  open.db.transaction(() => {
    open.db.run(sql`UPDATE case_info SET
        title = ${change.title ?? before.title},
        description = ${change.description ?? before.description},
        tlp = ${change.tlp ?? before.tlp}
      WHERE id = 1`);
    appendCustody(open.db, { analyst, action: 'case.metadata-changed', objectIds: [before.caseId], details: changed });
  });
}

/** Change the passphrase: every page is re-encrypted in one transaction, then the change is logged. */
export function changePassphrase(open: OpenCase, analyst: string, next: string): void {
  assertPassphraseStrength(next);
  const { caseId } = readSummary(open);
  rekey(open.db, next);
  appendCustody(open.db, { analyst, action: 'case.rekeyed', objectIds: [caseId] });
}

export function closeCase(open: OpenCase): void {
  try {
    open.db.raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    open.db.close();
  }
}

function ioError(error: unknown, what: string): LocardError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LocardError('io', `${what}: ${reason}.`);
}

function removeQuietly(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try {
      unlinkSync(path + suffix);
    } catch {
      // Already gone.
    }
  }
}
