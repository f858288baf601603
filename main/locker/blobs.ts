/**
 * Content-addressed, chunked storage of original bytes inside the encrypted case. Bytes are hashed
 * (SHA-256, SHA-1, MD5) in the same pass that writes them, under a savepoint: when the SHA-256 turns
 * out to be stored already, the savepoint is rolled back, so a duplicate adds nothing to the file.
 */
import { createHash } from 'node:crypto';
import type { ReadDb, WriteDb } from './driver.js';
import { ThreadedHashes, type Digests } from './hash-thread.js';
import { sql } from './sql.js';

/**
 * 1 MiB: large enough that per-row overhead is negligible, small enough that memory stays flat and
 * a read of one region of a video touches little more than it needs.
 */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Blobs up to this size are hashed on this thread when they finish (a thread hop costs more than it
 * saves on an e-mail); past it, hashing moves to a second thread (hash-thread.ts) and runs beside
 * the encryption and writing.
 */
const HASH_ON_THREAD_AFTER = 4 * CHUNK_BYTES;

function hashHere(chunks: readonly Buffer[]): Digests {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  for (const chunk of chunks) {
    sha256.update(chunk);
    sha1.update(chunk);
    md5.update(chunk);
  }
  return { sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), md5: md5.digest('hex') };
}

export interface StoredBlob {
  readonly blobId: number;
  readonly sha256: string;
  readonly sha1: string;
  readonly md5: string;
  readonly size: number;
  /** True when these bytes were already in the case and nothing new was stored. */
  readonly duplicate: boolean;
}

/** Writes one blob. Call begin(), write() chunks in order, then finish(); or abort(). Needs an open transaction. */
export class BlobWriter {
  private readonly savepoint: string;
  /** Stored pieces kept until the blob is known to be small (hashed here) or large (handed to the thread). */
  private early: Buffer[] = [];
  private earlyBytes = 0;
  private threaded: ThreadedHashes | undefined;
  private blobId = 0;
  private seq = 0;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The pending chunks were handed over (write's `handOver`): once stored they may be moved, not copied. */
  private pendingOwned = true;

  constructor(
    private readonly db: WriteDb,
    name: string,
  ) {
    this.savepoint = `blob_${name.replace(/\W/g, '_')}`;
  }

  begin(now = Date.now()): void {
    this.db.exec(`SAVEPOINT ${this.savepoint}`);
    this.blobId = Number(this.db.run(sql`INSERT INTO blobs (stored_at) VALUES (${now})`).lastInsertRowid);
  }

  /**
   * Append bytes. With `handOver`, the caller gives the buffer away: once stored, it may be moved to the
   * hashing thread instead of copied (it is unusable afterwards). Read its length before the call.
   */
  write(chunk: Buffer, handOver = false): void {
    this.size += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.pendingOwned &&= handOver;
    while (this.pendingBytes >= CHUNK_BYTES) this.flush(CHUNK_BYTES);
  }

  /**
   * Store the first `bytes` pending bytes as the next chunk, then hash them: the hashes are of exactly
   * the bytes stored. A stored piece that owns its memory is moved to the hashing thread, not copied
   * (a copy per MiB was ~5% of the importer thread's time on a large file).
   */
  private flush(bytes: number): void {
    const single = this.pending.length === 1;
    const all = single ? (this.pending[0] ?? Buffer.alloc(0)) : Buffer.concat(this.pending);
    const piece = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.db.run(sql`INSERT INTO blob_chunks (blob_id, seq, data) VALUES (${this.blobId}, ${this.seq}, ${piece})`);
    this.seq += 1;
    this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    // Buffer.concat made a buffer nobody else holds; a single pending chunk is the caller's, unless handed over.
    const movable = !single || this.pendingOwned;
    if (rest.length === 0) this.pendingOwned = true;
    this.hash(piece, movable);
  }

  private hash(piece: Buffer, movable: boolean): void {
    if (this.threaded) {
      this.threaded.update(piece, movable);
      return;
    }
    this.early.push(movable ? piece : Buffer.from(piece));
    this.earlyBytes += piece.length;
    if (this.earlyBytes > HASH_ON_THREAD_AFTER) {
      this.threaded = new ThreadedHashes();
      for (const early of this.early) this.threaded.update(early, true);
      this.early = [];
    }
  }

  finish(): StoredBlob {
    if (this.pendingBytes > 0) this.flush(this.pendingBytes);
    const { sha256, sha1, md5 } = this.threaded ? this.threaded.digest() : hashHere(this.early);
    this.early = [];
    const existing = this.db.get<{ id: number }>(sql`SELECT id FROM blobs WHERE sha256 = ${sha256}`);
    if (existing) {
      this.db.exec(`ROLLBACK TO ${this.savepoint}`);
      this.db.exec(`RELEASE ${this.savepoint}`);
      return { blobId: existing.id, sha256, sha1, md5, size: this.size, duplicate: true };
    }
    this.db.run(sql`UPDATE blobs SET sha256 = ${sha256}, sha1 = ${sha1}, md5 = ${md5}, size = ${this.size},
                      chunk_count = ${this.seq} WHERE id = ${this.blobId}`);
    this.db.exec(`RELEASE ${this.savepoint}`);
    return { blobId: this.blobId, sha256, sha1, md5, size: this.size, duplicate: false };
  }

  abort(): void {
    this.threaded?.abort();
    this.early = [];
    this.db.exec(`ROLLBACK TO ${this.savepoint}`);
    this.db.exec(`RELEASE ${this.savepoint}`);
  }
}

/** The stored bytes of a blob, chunk by chunk, in order. */
export function* readBlob(db: ReadDb, blobId: number): Generator<Buffer> {
  const count =
    db.get<{ chunk_count: number }>(sql`SELECT chunk_count FROM blobs WHERE id = ${blobId}`)?.chunk_count ?? 0;
  for (let seq = 0; seq < count; seq += 1) {
    const row = db.get<{ data: Buffer }>(sql`SELECT data FROM blob_chunks WHERE blob_id = ${blobId} AND seq = ${seq}`);
    if (!row) throw new Error(`blob ${String(blobId)} is missing chunk ${String(seq)}`);
    yield row.data;
  }
}

export interface EvidenceVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly bytes: number;
  readonly failures: readonly {
    readonly sha256: string;
    readonly exhibits: readonly number[];
    readonly reason: string;
  }[];
}

/** Re-hash every stored blob and compare with the SHA-256 recorded at import. */
export function verifyEvidence(db: ReadDb): EvidenceVerification {
  const blobs = db.all<{ id: number; sha256: string | null; size: number }>(
    sql`SELECT id, sha256, size FROM blobs ORDER BY id`,
  );
  const failures: { sha256: string; exhibits: number[]; reason: string }[] = [];
  let bytes = 0;
  for (const blob of blobs) {
    const exhibits = db
      .all<{ number: number }>(sql`SELECT number FROM exhibits WHERE blob_id = ${blob.id} ORDER BY number`)
      .map((row) => row.number);
    if (blob.sha256 === null) {
      failures.push({ sha256: '', exhibits, reason: 'stored bytes were never completed (an interrupted write)' });
      continue;
    }
    let actual: string;
    let size = 0;
    try {
      const hash = createHash('sha256');
      for (const chunk of readBlob(db, blob.id)) {
        hash.update(chunk);
        size += chunk.length;
      }
      actual = hash.digest('hex');
    } catch (error) {
      failures.push({ sha256: blob.sha256, exhibits, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    bytes += size;
    if (actual !== blob.sha256 || size !== blob.size) {
      failures.push({
        sha256: blob.sha256,
        exhibits,
        reason: `stored bytes hash to ${actual} (${String(size)} bytes), not the ${blob.sha256} recorded at import`,
      });
    }
  }
  return { ok: failures.length === 0, checked: blobs.length, bytes, failures };
}
