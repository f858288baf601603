import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobWriter, CHUNK_BYTES, readBlob } from '../../../main/locker/blobs.js';
import { closeCase } from '../../../main/locker/case-file.js';
import { newCase } from '../../helpers/case.js';

const opened: Parameters<typeof closeCase>[0][] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function store(bytes: Buffer, pieces: number) {
  const { open } = newCase('blobs');
  opened.push(open);
  const db = open.db;
  db.exec('BEGIN IMMEDIATE');
  const writer = new BlobWriter(db, 'test');
  writer.begin();
  const step = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length; at += step) writer.write(bytes.subarray(at, at + step));
  const stored = writer.finish();
  db.exec('COMMIT');
  return { db, stored };
}

function expected(bytes: Buffer) {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha1: createHash('sha1').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
  };
}

describe('BlobWriter', () => {
  it('hashes a small blob on this thread and stores it whole', () => {
    const bytes = randomBytes(300_000);
    const { db, stored } = store(bytes, 7);
    expect(stored).toMatchObject({ ...expected(bytes), size: bytes.length, duplicate: false });
    expect(Buffer.concat([...readBlob(db, stored.blobId)]).equals(bytes)).toBe(true);
  });

  it('hashes a large blob on the hashing thread with the same result, in 1 MiB chunks', () => {
    // Past the 4 MiB threshold, odd-sized pieces: the thread sees the early chunks, then the rest.
    const bytes = randomBytes(9 * CHUNK_BYTES + 12_345);
    const { db, stored } = store(bytes, 13);
    expect(stored).toMatchObject({ ...expected(bytes), size: bytes.length, duplicate: false });
    const chunks = [...readBlob(db, stored.blobId)];
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === CHUNK_BYTES)).toBe(true);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('moves handed-over chunks to the hashing thread, and never touches buffers it was only lent', () => {
    const bytes = randomBytes(7 * CHUNK_BYTES + 999);
    const { open } = newCase('blobs');
    opened.push(open);
    open.db.exec('BEGIN IMMEDIATE');
    const writer = new BlobWriter(open.db, 'handed');
    writer.begin();
    // Whole 1 MiB copies (moved once stored), odd-sized copies (joined, then moved), and a lent view.
    const handed: Buffer[] = [];
    let at = 0;
    for (const size of [CHUNK_BYTES, CHUNK_BYTES, 333_333, CHUNK_BYTES, 777_777, CHUNK_BYTES, CHUNK_BYTES]) {
      const copy = Buffer.from(bytes.subarray(at, at + size));
      handed.push(copy);
      writer.write(copy, true);
      at += size;
    }
    const lent = bytes.subarray(at);
    writer.write(lent);
    const stored = writer.finish();
    open.db.exec('COMMIT');
    expect(stored).toMatchObject({ ...expected(bytes), size: bytes.length, duplicate: false });
    expect(Buffer.concat([...readBlob(open.db, stored.blobId)]).equals(bytes)).toBe(true);
    // The whole-chunk copies were transferred (detached); the lent view is as it was.
    expect(handed[0]?.length).toBe(0);
    expect(lent.length).toBe(bytes.length - at);
    expect(lent.equals(bytes.subarray(at))).toBe(true);
  });

  it('stores identical bytes once: the second write rolls back to its savepoint', () => {
    const bytes = randomBytes(5 * CHUNK_BYTES);
    const { db, stored } = store(bytes, 3);
    db.exec('BEGIN IMMEDIATE');
    const again = new BlobWriter(db, 'again');
    again.begin();
    again.write(bytes);
    const second = again.finish();
    db.exec('COMMIT');
    expect(second).toMatchObject({ blobId: stored.blobId, duplicate: true, sha256: stored.sha256 });
    expect(db.get<{ n: number }>(['SELECT count(*) AS n FROM blobs', []])?.n).toBe(1);
  });
});
