/**
 * The import pipeline. Per file: stream the bytes into the case (hashing as they go), parse them in a
 * worker, store text and metadata, derive children (attachments, archive members) the same way, and
 * log it all in custody — atomically: a savepoint of its own inside a group of files committed
 * together (CommitGroup), or a transaction of its own for a large file. A crash at any instant leaves
 * the case as it was before the uncommitted files, whose outcomes were never reported; the files
 * reported before stay. Parse failures do not lose evidence: the bytes are kept and the exhibit
 * carries the reason.
 */
import {
  closeSync,
  createReadStream,
  fdatasync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { WriteDb } from '../locker/driver.js';
import { appendCustody } from '../locker/custody.js';
import { BlobWriter, CHUNK_BYTES, type StoredBlob } from '../locker/blobs.js';
import { ThreadedHashes } from '../locker/hash-thread.js';
import { insertPreviews } from '../locker/previews.js';
import { sql } from '../locker/sql.js';
import { readPreviewFiles } from '../media/evidence-previews.js';
import {
  addSource,
  exhibitLabel,
  insertCollection,
  insertExhibit,
  insertText,
  topLevelExhibitForBlob,
} from '../locker/exhibits.js';
import type { CollectionRecord, ImportFileOutcome } from '../../shared/evidence.js';
import type { DetectedKind, ParseResult } from './types.js';
import { recordExhibitIndicators } from './indicators.js';

/** Children of children of…: an e-mail in a zip in an mbox is plausible, deeper is an attack. */
export const MAX_DERIVATION_DEPTH = 4;

export interface Detection {
  readonly kind: DetectedKind;
  readonly mime: string;
  readonly extensionMismatch: boolean;
}

/** How the importer reaches detection and parsing (workers in the product, plain functions in tests). */
export interface IntakeParsers {
  detect(path: string, name: string): Promise<Detection>;
  /** Called when a batch ends: release what parsing held between files (e.g. a worker). */
  finish?(): Promise<void>;
  /** Start what parsing needs (a worker) ahead of the first file, while the caller does something else. */
  warm?(): void;
  parse(input: {
    path: string;
    size: number;
    name: string;
    /** Where derived files go; named but not created — the parser creates it for its first child. */
    tempDir: string;
    kind: DetectedKind;
    depth: number;
  }): Promise<ParseResult>;
}

export type { CollectionRecord } from '../../shared/evidence.js';
export type FileOutcome = ImportFileOutcome;

export interface ImportProgressEvent {
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly path: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly outcome?: FileOutcome;
}

/**
 * A file staged by the caller under a name of its own (a browser upload, main/serve/upload.ts): the bytes
 * are read from `path`, the exhibit is recorded with `name` and `originalPath`. The staging copy's own
 * file times are not evidence; `modifiedAt` is what the source said (the browser's lastModified), if anything.
 */
export interface StagedFile {
  readonly path: string;
  readonly name: string;
  readonly originalPath: string;
  readonly modifiedAt: number | null;
}

export interface ImportOptions {
  readonly analyst: string;
  /** Staged files to import after `paths` (see StagedFile). */
  readonly staged?: readonly StagedFile[];
  readonly parsers: IntakeParsers;
  readonly collection?: CollectionRecord;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ImportProgressEvent) => void;
  readonly now?: () => number;
  /**
   * Runs inside a top-level file's transaction (its savepoint) once the file is stored, with the
   * exhibit that holds the file (new, or the one that already had these bytes): an exchange import
   * adds the file's entities atomically with it (main/core/exchange.ts). Throwing rolls the file
   * back; its outcome is then 'failed' with the error's message.
   */
  readonly beforeCommit?: (db: WriteDb, exhibit: { readonly number: number; readonly duplicate: boolean }) => void;
}

export interface ImportReport {
  readonly files: readonly FileOutcome[];
  readonly imported: number;
  readonly duplicates: number;
  readonly failed: number;
}

const TEMP_PREFIX = 'locard-import-';
/** The smallest read buffer of a streamed file. */
const READ_BUFFER_MIN = 64 * 1024;
/** Files up to this size are read in one synchronous call (storeFile); larger ones are streamed. */
const SYNC_READ_BYTES = 1024 * 1024;

/**
 * Remove the temporary folders of imports whose process is gone (killed mid-import: a SIGKILL leaves
 * no chance to clean up). Each folder's name carries the importing process's pid.
 */
export function removeStaleImportFolders(directory = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const match = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(join(directory, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Expand folders (recursively, sorted, skipping links) into the files to import. */
export function expandPaths(paths: readonly string[]): { files: string[]; errors: FileOutcome[] } {
  const files: string[] = [];
  const errors: FileOutcome[] = [];
  const visit = (path: string) => {
    let stats: Stats;
    try {
      stats = statSync(path, { throwIfNoEntry: true });
    } catch (error) {
      errors.push({
        path,
        status: 'failed',
        error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      });
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (stats.isFile()) {
      files.push(path);
    } else {
      errors.push({ path, status: 'failed', error: 'not a regular file (device, socket or pipe)' });
    }
  };
  for (const path of paths) visit(resolve(path));
  return { files, errors };
}

export async function importPaths(
  db: WriteDb,
  paths: readonly string[],
  options: ImportOptions,
): Promise<ImportReport> {
  const now = options.now ?? Date.now;
  const expanded = expandPaths(paths);
  const { errors } = expanded;
  const files: (string | StagedFile)[] = [...expanded.files, ...(options.staged ?? [])];
  const outcomes: FileOutcome[] = [...errors];
  for (const outcome of errors) {
    options.onProgress?.({
      fileIndex: -1,
      fileCount: files.length,
      path: outcome.path,
      bytesDone: 0,
      bytesTotal: 0,
      outcome,
    });
  }
  let collectionId: number | null = null;
  const collection = options.collection;
  if (collection && Object.values(collection).some((v) => typeof v === 'string' && v.trim() !== '')) {
    collectionId = insertCollection(db, {
      source: collection.source ?? '',
      method: collection.method ?? '',
      collector: collection.collector ?? '',
      notes: collection.notes ?? '',
      at: now(),
      by: options.analyst,
    });
  }
  const batchDir = makeImportTempDir();
  const flusher = new CaseFlusher(db);
  const contextFor = (index: number): FileContext => ({
    ...options,
    now,
    flusher,
    batchDir,
    collectionId,
    index,
    count: files.length,
  });
  let ahead: Promise<StartedFile | FileOutcome | undefined> | undefined;
  const group = new CommitGroup(db, (index, outcome) => {
    outcomes.push(outcome);
    options.onProgress?.({
      fileIndex: index,
      fileCount: files.length,
      path: outcome.path,
      bytesDone: 0,
      bytesTotal: 0,
      outcome,
    });
  });
  const restoreJournal = useRollbackJournal(db);
  try {
    for (const [index, file] of files.entries()) {
      const path = typeof file === 'string' ? file : file.originalPath;
      const current = ahead ? await ahead : startFile(file, contextFor(index));
      ahead = undefined;
      if (options.signal?.aborted) {
        if (current && !('status' in current)) await discardStarted(current);
        group.add(index, { path, status: 'cancelled' });
        continue;
      }
      if (current === undefined || 'status' in current) {
        group.add(index, current ?? { path, status: 'cancelled' });
        continue;
      }
      const next = files[index + 1];
      if (next !== undefined) {
        ahead = current.preparing.then(() =>
          options.signal?.aborted ? undefined : startFile(next, contextFor(index + 1)),
        );
      }
      if (current.stats.size >= LARGE_FILE_BYTES) {
        await group.commit();
        group.add(index, await withSmallCache(db, () => importLargeFile(db, current, contextFor(index))));
      } else {
        group.add(index, await importGroupedFile(db, group, current, contextFor(index)));
        if (group.due() || index === files.length - 1) await group.commit();
      }
    }
  } finally {
    const left = ahead ? await ahead : undefined;
    if (left && !('status' in left)) await discardStarted(left);
    // Files finished before a cancellation or an unexpected error are kept.
    await group.commit();
    // Closed while no transaction holds a lock on the case (see CaseFlusher).
    await flusher.close();
    restoreJournal();
    rmSync(batchDir, { recursive: true, force: true });
    await options.parsers.finish?.();
  }
  return {
    files: outcomes,
    imported: outcomes.filter((o) => o.status === 'imported').length,
    duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}

interface FileContext extends ImportOptions {
  readonly now: () => number;
  readonly flusher: CaseFlusher;
  /** The batch's temporary folder (makeImportTempDir); each file's folder is named inside it. */
  readonly batchDir: string;
  readonly collectionId: number | null;
  readonly index: number;
  readonly count: number;
}

/** A file whose parse is under way: its stats, its temporary folder and the parse. */
interface StartedFile {
  readonly staged: StagedFile | undefined;
  readonly readPath: string;
  readonly path: string;
  readonly name: string;
  readonly stats: Stats;
  readonly tempDir: string;
  readonly preparing: Promise<Prepared>;
}

/**
 * Stat a file and start its detection and parse in the worker. Parsing reads the source file while
 * this thread hashes, encrypts and stores the same bytes — and the next file's parse starts as soon
 * as this one's ends — so on two cores a file costs the longer of the two, not their sum. (A
 * duplicate's parse is wasted; re-imports are rare and store nothing.)
 */
function startFile(file: string | StagedFile, context: FileContext): StartedFile | FileOutcome {
  const staged = typeof file === 'string' ? undefined : file;
  const readPath = typeof file === 'string' ? file : file.path;
  const path = staged?.originalPath ?? readPath;
  let stats: Stats;
  try {
    stats = statSync(readPath);
  } catch (error) {
    return { path, status: 'failed', error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  // Named, not created: the parse creates it only if it writes a derived file (parsers/common.ts childPath).
  const tempDir = join(context.batchDir, `f${String(context.index)}`);
  const name = staged?.name ?? basename(path);
  const preparing = prepareParse({ path: readPath, name, size: stats.size, depth: 0, tempDir, context });
  return { staged, readPath, path, name, stats, tempDir, preparing };
}

/** A started file that will not be imported (the batch was cancelled): let its parse end, then clean up. */
async function discardStarted(started: StartedFile): Promise<void> {
  await started.preparing;
  rmSync(started.tempDir, { recursive: true, force: true });
}

/**
 * An import batch runs under a rollback journal instead of the case's WAL. Under WAL every page is
 * written and encrypted twice — into the log, then by the checkpoint, which also decrypts it — while
 * a page appended past the end of the case file is written once under a rollback journal; an import
 * appends almost everything it writes. Measured: large files ~3x faster, small files (committed in
 * groups) ~8% faster and 40% fewer bytes written. The case returns to WAL when the batch ends.
 */
function useRollbackJournal(db: WriteDb): () => void {
  if (String(db.pragma('journal_mode')).toLowerCase() !== 'wal') return () => undefined;
  db.pragma('journal_mode = DELETE');
  return () => {
    db.pragma('journal_mode = WAL');
  };
}

/** Bytes stored between two background flushes of the case file (CaseFlusher). */
const FLUSH_EVERY_BYTES = 16 * 1024 * 1024;

/**
 * Flushes the case file to disk in the background while a large file is stored, so that its commit's
 * fsync has only the tail left to write instead of the whole file (~0.15 s of waiting per 200 MB,
 * measured). A thread of libuv's pool waits on the disk; this one goes on encrypting. Flushing early
 * cannot break SQLite's ordering: it requires some writes to be durable before others are made,
 * never that a write is not. The descriptor is read-only and closed only at the end of the batch,
 * when no transaction is open: closing any descriptor of a file drops the process's POSIX locks on
 * it, SQLite's included. Where flushing a read-only descriptor is refused (Windows), it stops trying.
 */
class CaseFlusher {
  /** undefined: not opened yet; null: unavailable. */
  private fd: number | null | undefined;
  private inFlight: Promise<void> | undefined;
  private sinceFlush = 0;

  constructor(private readonly db: WriteDb) {}

  wrote(bytes: number): void {
    this.sinceFlush += bytes;
    if (this.sinceFlush < FLUSH_EVERY_BYTES || this.inFlight) return;
    const fd = this.descriptor();
    if (fd === null) return;
    this.sinceFlush = 0;
    this.inFlight = new Promise<void>((resolve) => {
      fdatasync(fd, (error) => {
        if (error) this.fd = null;
        this.inFlight = undefined;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    await this.inFlight;
    const fd = this.fd;
    this.fd = undefined;
    if (typeof fd === 'number') closeSync(fd);
  }

  private descriptor(): number | null {
    if (this.fd === undefined) {
      const file =
        this.db.get<{ file: string }>(sql`SELECT file FROM pragma_database_list WHERE name = 'main'`)?.file ?? '';
      try {
        this.fd = file === '' ? null : openSync(file, 'r');
      } catch {
        this.fd = null;
      }
    }
    return this.fd;
  }
}

/** From this size a file is its own transaction, stored beside its parse, with a small page cache. */
export const LARGE_FILE_BYTES = 32 * 1024 * 1024;
/** Page cache while a large file is stored (negative: KiB, as PRAGMA cache_size takes it). */
const LARGE_FILE_CACHE_KIB = -8192;

/**
 * Appended chunks are never read back in a large file's transaction: a small page cache keeps memory
 * flat (the case's usual 64 MiB would fill with dirty pages and stay resident).
 */
async function withSmallCache<T>(db: WriteDb, work: () => Promise<T>): Promise<T> {
  const cacheSize = Number(db.pragma('cache_size'));
  db.pragma(`cache_size = ${String(LARGE_FILE_CACHE_KIB)}`);
  try {
    return await work();
  } finally {
    db.pragma(`cache_size = ${String(cacheSize)}`);
  }
}

/**
 * How long a group of files may stay uncommitted. Each commit writes and encrypts every page the
 * transaction touched, and the same index and table pages are touched by every small file: one
 * commit per file was a third of a small file's import (measured: ~1.3 ms of ~3.5 ms on 2,000 small
 * files, 41 pages written per file). Four commits a second keep that cost small and the progress
 * panel current.
 */
export const GROUP_COMMIT_MS = 250;
/** A group commits once its files hold this many bytes, so the transaction's pages stay in the cache. */
export const GROUP_COMMIT_BYTES = 16 * 1024 * 1024;

/**
 * Files committed together: one transaction, each file inside its own savepoint, so a file that fails
 * is rolled back alone while the others stay. A file's outcome is reported only once its group is
 * committed (synchronous FULL: durable then), so what the analyst sees as imported is in the case even
 * after a power cut; a crash or SIGKILL before that loses the group's files whole, never part of one,
 * and they were never reported. Between groups the thread yields, so other writers of the case (OCR,
 * a briefing's autosave) that wait for no open transaction get their turn during a long import.
 */
class CommitGroup {
  private readonly pending: { index: number; outcome: FileOutcome }[] = [];
  private startedAt = 0;
  private bytes = 0;

  constructor(
    private readonly db: WriteDb,
    private readonly report: (index: number, outcome: FileOutcome) => void,
  ) {}

  get open(): boolean {
    return this.startedAt !== 0;
  }

  /** Start the group's transaction, unless it is open. */
  begin(): void {
    if (this.open) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.startedAt = performance.now();
    this.bytes = 0;
  }

  /** How long until the group is due (ms; 0 or less: due now). */
  remainingMs(): number {
    return this.open ? GROUP_COMMIT_MS - (performance.now() - this.startedAt) : Number.POSITIVE_INFINITY;
  }

  due(): boolean {
    return this.open && (this.remainingMs() <= 0 || this.bytes >= GROUP_COMMIT_BYTES);
  }

  addBytes(bytes: number): void {
    this.bytes += bytes;
  }

  /** SQLite rolled the whole transaction back mid-file (an I/O error, a full disk): none of the group is kept. */
  abandon(reason: string): void {
    this.startedAt = 0;
    this.flush(reason);
  }

  /** An outcome, reported now when nothing waits for a commit, else when the group commits. */
  add(index: number, outcome: FileOutcome): void {
    if (!this.open && this.pending.length === 0) this.report(index, outcome);
    else this.pending.push({ index, outcome });
  }

  /** Commit the group (if open) and report its outcomes, in order. */
  async commit(): Promise<void> {
    let failure: string | undefined;
    if (this.open) {
      try {
        this.db.exec('COMMIT');
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        if (this.db.inTransaction()) this.db.exec('ROLLBACK');
      }
      this.startedAt = 0;
    }
    if (this.flush(failure) > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }

  /** Report the waiting outcomes; with `failure`, those the group would have kept are failed instead. */
  private flush(failure: string | undefined): number {
    const done = this.pending.splice(0);
    for (const { index, outcome } of done) {
      const kept = outcome.status === 'imported' || outcome.status === 'duplicate';
      this.report(
        index,
        failure !== undefined && kept
          ? { path: outcome.path, status: 'failed', error: `the case could not be written: ${failure}` }
          : outcome,
      );
    }
    return done.length;
  }
}

/** Resolves true when `promise` settles within `ms`, false when the time runs out first. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms === Number.POSITIVE_INFINITY) return promise.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A file below LARGE_FILE_BYTES, in the group's transaction under a savepoint of its own. */
async function importGroupedFile(
  db: WriteDb,
  group: CommitGroup,
  started: StartedFile,
  context: FileContext,
): Promise<FileOutcome> {
  // Waiting for a slow parse (a large PDF) must not hold back the files already done: the group is
  // committed when its time is up first.
  if (group.open && !(await settlesWithin(started.preparing, group.remainingMs()))) await group.commit();
  const prepared = await started.preparing;
  // The next file's detection started when this parse ended (importPaths); its steps are promise
  // callbacks that only run when this thread yields. One turn of the event loop lets it finish and
  // hand the next parse to the worker before the synchronous storing below, so the parse runs beside
  // it instead of after it (measured: ~2 ms less waiting per small file).
  await new Promise<void>((resolve) => setImmediate(resolve));
  group.begin();
  group.addBytes(started.stats.size);
  db.exec('SAVEPOINT import_file');
  try {
    const outcome = await storeAndRecord(db, started, prepared, context);
    db.exec('RELEASE import_file');
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (db.inTransaction()) {
      db.exec('ROLLBACK TO import_file');
      db.exec('RELEASE import_file');
    } else {
      group.abandon(reason);
    }
    if (context.signal?.aborted) return { path: started.path, status: 'cancelled' };
    return { path: started.path, status: 'failed', error: reason };
  } finally {
    // The parse may have written children into the temporary folder (a duplicate, a failure).
    rmSync(started.tempDir, { recursive: true, force: true });
  }
}

/** A large file: its own transaction, its bytes stored while the worker parses them. */
async function importLargeFile(db: WriteDb, started: StartedFile, context: FileContext): Promise<FileOutcome> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const outcome = await storeAndRecord(db, started, started.preparing, context);
    db.exec('COMMIT');
    return outcome;
  } catch (error) {
    if (db.inTransaction()) db.exec('ROLLBACK');
    if (context.signal?.aborted) return { path: started.path, status: 'cancelled' };
    return { path: started.path, status: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    // The parse may still be writing children into the temporary folder (a duplicate, a failure).
    await started.preparing;
    rmSync(started.tempDir, { recursive: true, force: true });
  }
}

/** Store a top-level file's bytes and, unless they are already in the case, create its exhibit. Needs an open transaction. */
async function storeAndRecord(
  db: WriteDb,
  started: StartedFile,
  preparing: Prepared | Promise<Prepared>,
  context: FileContext,
): Promise<FileOutcome> {
  const { staged, readPath, path, name, stats, tempDir } = started;
  const stored = await storeFile(db, readPath, stats.size, context, 'file', path);
  if (stored.duplicate) {
    const existing = topLevelExhibitForBlob(db, stored.blobId);
    if (existing) {
      addSource(db, {
        exhibitId: existing.id,
        path,
        at: context.now(),
        by: context.analyst,
        collectionId: context.collectionId,
      });
      appendCustody(db, {
        analyst: context.analyst,
        action: 'evidence.reimported',
        objectIds: [exhibitLabel(existing.number)],
        details: { path, sha256: stored.sha256, note: 'identical bytes already in the case; no second copy stored' },
        at: context.now(),
      });
      context.beforeCommit?.(db, { number: existing.number, duplicate: true });
      return { path, status: 'duplicate', exhibit: exhibitLabel(existing.number), sha256: stored.sha256 };
    }
  }
  const created = await createExhibit(db, {
    path: readPath,
    name,
    prepared: await preparing,
    ...(staged ? { stats: null, originalPath: path, modifiedAt: staged.modifiedAt } : { stats }),
    blob: stored,
    parentId: null,
    derivation: '',
    depth: 0,
    tempDir,
    context,
  });
  context.beforeCommit?.(db, { number: created.number, duplicate: false });
  return {
    path,
    status: 'imported',
    exhibit: created.label,
    sha256: stored.sha256,
    children: created.children,
    ...(created.parseError ? { parseError: created.parseError } : {}),
    ...(created.warnings.length > 0 ? { warnings: created.warnings } : {}),
  };
}

async function storeFile(
  db: WriteDb,
  path: string,
  size: number,
  context: FileContext,
  tag: string,
  shownPath = path,
): Promise<StoredBlob> {
  const known = await storedAlready(db, path, size, context, shownPath);
  if (known) return known;
  const writer = new BlobWriter(db, tag);
  writer.begin(context.now());
  try {
    if (size <= SYNC_READ_BYTES) {
      // One synchronous read: a stream takes four turns of the event loop (open, read, end, close)
      // that this busy thread only gives between files — ~0.9 ms per small file, measured.
      const bytes = readFileSync(path);
      const length = bytes.length;
      if (context.signal?.aborted) throw new Error('cancelled');
      // Handed over: the writer may move the buffer to the hashing thread.
      if (length > 0) writer.write(bytes, true);
      context.onProgress?.({
        fileIndex: context.index,
        fileCount: context.count,
        path: shownPath,
        bytesDone: length,
        bytesTotal: size,
      });
      return writer.finish();
    }
    let done = 0;
    // A 1 MiB buffer for a 3 KiB e-mail is garbage the collector then has to sweep, per file.
    const highWaterMark = Math.min(CHUNK_BYTES, Math.max(READ_BUFFER_MIN, size));
    for await (const chunk of createReadStream(path, { highWaterMark })) {
      if (context.signal?.aborted) throw new Error('cancelled');
      const length = (chunk as Buffer).length;
      done += length;
      // Each chunk is a new buffer the stream gives away: handed over, so it can be moved, not copied.
      writer.write(chunk as Buffer, true);
      context.flusher.wrote(length);
      context.onProgress?.({
        fileIndex: context.index,
        fileCount: context.count,
        path: shownPath,
        bytesDone: done,
        bytesTotal: size,
      });
    }
    return writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * A large file imported before from the same path, with the same size, is most likely a re-import: it
 * is hashed first, and when its SHA-256 names a stored blob nothing is written. Finding out by storing
 * it (BlobWriter rolls a duplicate back) encrypted and wrote the whole file for nothing — ~1 s per
 * 200 MB. Any other large file is stored at once: asking "is a blob this size stored?" instead would
 * read twice every recording of a fixed size (measured: +37% on the bench's four 200 MiB files), and
 * a copy of stored bytes from another path still ends as a duplicate, only slower.
 */
async function storedAlready(
  db: WriteDb,
  path: string,
  size: number,
  context: FileContext,
  shownPath: string,
): Promise<StoredBlob | undefined> {
  if (size < LARGE_FILE_BYTES) return undefined;
  const seenHere = db.get<{ x: number }>(sql`SELECT 1 AS x FROM exhibit_sources AS s
      JOIN exhibits AS e ON e.id = s.exhibit_id WHERE s.original_path = ${shownPath} AND e.size = ${size} LIMIT 1`);
  if (!seenHere) return undefined;
  const hashes = new ThreadedHashes();
  let done = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      if (context.signal?.aborted) throw new Error('cancelled');
      const length = (chunk as Buffer).length;
      done += length;
      // Nobody else holds the stream's buffer: moved to the hashing thread, not copied.
      hashes.update(chunk as Buffer, true);
      context.onProgress?.({
        fileIndex: context.index,
        fileCount: context.count,
        path: shownPath,
        bytesDone: done,
        bytesTotal: size,
      });
    }
  } catch (error) {
    hashes.abort();
    throw error;
  }
  const digests = hashes.digest();
  const existing = db.get<{ id: number }>(sql`SELECT id FROM blobs WHERE sha256 = ${digests.sha256}`);
  return existing ? { blobId: existing.id, ...digests, size: done, duplicate: true } : undefined;
}

interface CreateInput {
  /** Where the bytes are read from. */
  readonly path: string;
  readonly name: string;
  /** What is recorded as the source, when not `path` (a staged upload). */
  readonly originalPath?: string;
  readonly stats: Stats | null;
  /** The modification time the source gave, when there are no file-system stats (a staged upload). */
  readonly modifiedAt?: number | null;
  readonly blob: ReturnType<BlobWriter['finish']>;
  readonly parentId: number | null;
  readonly derivation: string;
  readonly depth: number;
  readonly tempDir: string;
  readonly context: FileContext;
  readonly extraMetadata?: Readonly<Record<string, unknown>>;
  /** Added to the custody entry's details (a saved frame names its video and time). */
  readonly custodyDetails?: Readonly<Record<string, unknown>>;
  /** Detection and parse already under way (started beside the storing); else done here. */
  readonly prepared?: Prepared;
}

interface Prepared {
  readonly detection: Detection;
  readonly parsed?: ParseResult;
  readonly parseError?: string;
  /** The folder the parser wrote children and previews into. */
  readonly childDir: string;
}

let parseFolders = 0;

/** Detect and parse one file into its own folder under `tempDir`. Never rejects: a failure is a parse error. */
async function prepareParse(input: {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly depth: number;
  readonly tempDir: string;
  readonly context: FileContext;
}): Promise<Prepared> {
  // Named, not created (see startFile); unique within the file's folder.
  parseFolders += 1;
  const childDir = join(input.tempDir, `p-${String(parseFolders)}`);
  let detection: Detection = { kind: 'binary', mime: 'application/octet-stream', extensionMismatch: false };
  try {
    detection = await input.context.parsers.detect(input.path, input.name);
    const parsed = await input.context.parsers.parse({
      path: input.path,
      size: input.size,
      name: input.name,
      tempDir: childDir,
      kind: detection.kind,
      depth: input.depth,
    });
    return { detection, parsed, childDir };
  } catch (error) {
    return { detection, parseError: error instanceof Error ? error.message : String(error), childDir };
  }
}

async function createExhibit(
  db: WriteDb,
  input: CreateInput,
): Promise<{
  id: number;
  number: number;
  label: string;
  children: number;
  parseError?: string;
  warnings: readonly string[];
}> {
  const { context } = input;
  const { detection, parsed, parseError, childDir } =
    input.prepared ??
    (await prepareParse({
      path: input.path,
      name: input.name,
      size: input.blob.size,
      depth: input.depth,
      tempDir: input.tempDir,
      context,
    }));
  const at = context.now();
  // Thumbnail and key-frame strip: stored with the exhibit, in this transaction (main/media).
  const previews = readPreviewFiles(parsed?.previews, childDir);
  const warnings = [...(parsed?.warnings ?? []), ...previews.warnings];
  const metadata = {
    ...(input.extraMetadata ?? {}),
    ...(parsed?.metadata ?? {}),
    ...(warnings.length ? { warnings } : {}),
  };
  const { id, number } = insertExhibit(db, {
    blob_id: input.blob.blobId,
    original_name: input.name,
    original_path: input.parentId === null ? (input.originalPath ?? input.path) : '',
    size: input.blob.size,
    kind: parsed?.kind ?? detection.kind,
    mime: detection.mime,
    extension_mismatch: detection.extensionMismatch ? 1 : 0,
    fs_modified_at: input.stats ? Math.round(input.stats.mtimeMs) : (input.modifiedAt ?? null),
    fs_changed_at: input.stats ? Math.round(input.stats.ctimeMs) : null,
    fs_accessed_at: input.stats ? Math.round(input.stats.atimeMs) : null,
    fs_created_at: input.stats && input.stats.birthtimeMs > 0 ? Math.round(input.stats.birthtimeMs) : null,
    imported_at: at,
    imported_by: context.analyst,
    collection_id: context.collectionId,
    parent_id: input.parentId,
    derivation: input.derivation,
    parse_status: parseError ? 'failed' : 'parsed',
    parse_error: parseError ?? '',
    metadata: JSON.stringify(metadata),
  });
  const label = exhibitLabel(number);
  if (input.parentId === null) {
    addSource(db, {
      exhibitId: id,
      path: input.originalPath ?? input.path,
      at,
      by: context.analyst,
      collectionId: context.collectionId,
    });
  }
  if (parsed && parsed.text !== '') insertText(db, id, parsed.text, parsed.segments);
  // Indicators found in the stored text, recorded in this same transaction (main/intake/indicators.ts).
  const indicators = parsed && parsed.text !== '' ? recordExhibitIndicators(db, id, parsed, at) : undefined;
  insertPreviews(db, id, previews.items);
  appendCustody(db, {
    analyst: context.analyst,
    action: input.parentId === null ? 'evidence.imported' : 'evidence.derived',
    objectIds: [label],
    details: {
      name: input.name,
      ...(input.parentId === null ? { path: input.originalPath ?? input.path } : { derivation: input.derivation }),
      sha256: input.blob.sha256,
      size: input.blob.size,
      kind: parsed?.kind ?? detection.kind,
      ...(parseError ? { parseError } : {}),
      ...(indicators
        ? { indicators: indicators.occurrences, ...(indicators.truncated ? { indicatorsTruncated: true } : {}) }
        : {}),
      ...(input.custodyDetails ?? {}),
    },
    at,
  });
  let children = 0;
  for (const child of parsed?.children ?? []) {
    if (input.depth + 1 > MAX_DERIVATION_DEPTH) break;
    const blob = await storeFile(db, child.path, child.size, context, `child${String(children)}`);
    const created = await createExhibit(db, {
      path: child.path,
      name: child.name,
      stats: null,
      blob,
      parentId: id,
      derivation: child.method,
      depth: input.depth + 1,
      tempDir: input.tempDir,
      context,
      extraMetadata: child.metadata,
    });
    children += 1 + created.children;
  }
  return { id, number, label, children, ...(parseError ? { parseError } : {}), warnings };
}

/** A temporary folder named with this process's pid, so removeStaleImportFolders cleans it up after a crash. */
export function makeImportTempDir(): string {
  removeStaleImportFolders();
  return mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${String(process.pid)}-`));
}

/** How often a derived file waits for an import's transaction to close. */
const WRITER_WAIT_MS = 20;

export interface DerivedFile {
  /** The exhibit it was derived from (row id) and how many derivations deep the new one sits. */
  readonly parentId: number;
  readonly depth: number;
  readonly path: string;
  readonly name: string;
  readonly derivation: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly custodyDetails?: Readonly<Record<string, unknown>>;
}

/**
 * Add a file derived from an exhibit after its import (a saved video frame) exactly as the importer adds
 * an attachment — hashed, stored, parsed, previews, custody 'evidence.derived' — in one transaction.
 */
export async function importDerivedFile(
  db: WriteDb,
  file: DerivedFile,
  options: ImportOptions,
): Promise<{ id: number; number: number; label: string }> {
  // An import batch keeps its group's transaction open across awaits and yields between groups.
  while (db.inTransaction()) {
    if (options.signal?.aborted) throw new Error('cancelled');
    await new Promise((resolve) => setTimeout(resolve, WRITER_WAIT_MS));
  }
  const size = statSync(file.path).size;
  const tempDir = makeImportTempDir();
  const context: FileContext = {
    ...options,
    now: options.now ?? Date.now,
    flusher: new CaseFlusher(db),
    batchDir: tempDir,
    collectionId: null,
    index: 0,
    count: 1,
  };
  db.exec('BEGIN IMMEDIATE');
  try {
    const blob = await storeFile(db, file.path, size, context, 'derived');
    const created = await createExhibit(db, {
      path: file.path,
      name: file.name,
      stats: null,
      blob,
      parentId: file.parentId,
      derivation: file.derivation,
      depth: file.depth,
      tempDir,
      context,
      extraMetadata: file.metadata,
      ...(file.custodyDetails ? { custodyDetails: file.custodyDetails } : {}),
    });
    db.exec('COMMIT');
    return { id: created.id, number: created.number, label: created.label };
  } catch (error) {
    if (db.inTransaction()) db.exec('ROLLBACK');
    throw error;
  } finally {
    await context.flusher.close();
    rmSync(tempDir, { recursive: true, force: true });
  }
}
