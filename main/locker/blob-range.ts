/**
 * Random access into a stored blob: the bytes of one range, read chunk by chunk and only from the
 * chunks the range covers, so that seeking in a two-hour recording reads a megabyte or two, not the
 * whole file. Used by the content route of both shells (video seeking, images, PDFs) and the hex view.
 */
import { CHUNK_BYTES } from './blobs.js';
import type { ReadDb } from './driver.js';
import { sql } from './sql.js';

/**
 * The bytes [start, end) of a blob, in pieces of at most one chunk. Lazy: each piece is read from
 * the database when the consumer asks for it, so a client that stops reading stops the reads. Throws
 * (on the read that finds it) if a chunk is missing or has the wrong length — a damaged case.
 */
export function* readBlobRange(db: ReadDb, blobId: number, start: number, end: number): Generator<Buffer> {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid blob range ${String(start)}-${String(end)}`);
  }
  if (end === start) return;
  // Every chunk but the last holds exactly CHUNK_BYTES (BlobWriter flushes whole chunks).
  const first = Math.floor(start / CHUNK_BYTES);
  const last = Math.floor((end - 1) / CHUNK_BYTES);
  for (let seq = first; seq <= last; seq += 1) {
    const row = db.get<{ data: Buffer }>(sql`SELECT data FROM blob_chunks WHERE blob_id = ${blobId} AND seq = ${seq}`);
    if (!row) throw new Error(`blob ${String(blobId)} is missing chunk ${String(seq)}`);
    const chunkStart = seq * CHUNK_BYTES;
    if (seq < last && row.data.length !== CHUNK_BYTES) {
      throw new Error(
        `blob ${String(blobId)} chunk ${String(seq)} holds ${String(row.data.length)} bytes, not ${String(CHUNK_BYTES)}`,
      );
    }
    const from = Math.max(start - chunkStart, 0);
    const to = Math.min(end - chunkStart, row.data.length);
    if (to < end - chunkStart && seq === last) {
      throw new Error(`blob ${String(blobId)} ends before byte ${String(end)}`);
    }
    yield from === 0 && to === row.data.length ? row.data : row.data.subarray(from, to);
  }
}

/** A small window of a blob as one buffer (the hex view asks for at most 64 KiB). */
export function readBlobWindow(db: ReadDb, blobId: number, start: number, end: number): Buffer {
  return Buffer.concat([...readBlobRange(db, blobId, start, end)]);
}
