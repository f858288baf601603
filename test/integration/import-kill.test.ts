/**
 * Crash safety: SIGKILL the importer at 20 moments of a multi-file import. Each time the case must
 * open, verify (custody chain and every stored item), and hold only whole exhibits.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES } from '../../main/intake/import.js';
import { verifyEvidence } from '../../main/locker/blobs.js';
import { closeCase, openCase } from '../../main/locker/case-file.js';
import { verifyCustody } from '../../main/locker/custody.js';
import { sql } from '../../main/locker/sql.js';
import { LOCARD_BIN, NO_NETWORK, ROOT, locard, tempDir } from '../helpers/cli.js';

const PASS = 'correct horse battery';
const KILLS = 20;

/** A small deterministic generator, so a failing moment can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function evidence(): string {
  const dir = tempDir('locard-kill-evidence-');
  mkdirSync(join(dir, 'big'));
  // One recording past LARGE_FILE_BYTES (its own transaction, flushed in the background), three that
  // share group commits with the notes.
  writeFileSync(join(dir, 'big', 'recording-0.bin'), randomBytes(LARGE_FILE_BYTES + 1024 * 1024));
  for (let i = 1; i < 4; i += 1)
    writeFileSync(join(dir, 'big', `recording-${String(i)}.bin`), randomBytes(12 * 1024 * 1024));
  for (let i = 0; i < 30; i += 1)
    writeFileSync(
      join(dir, `note-${String(i)}.txt`),
      `note ${String(i)} mentions 198.51.100.${String(i)}\n`.repeat(50),
    );
  return dir;
}

const TMP = tempDir('locard-kill-tmp-');

function killImportAfter(casePath: string, source: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', NO_NETWORK, LOCARD_BIN, 'import', casePath, source, '--json'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        LOCARD_PASSPHRASE: PASS,
        LOCARD_CONFIG_DIR: tempDir(),
        LOCARD_ANALYST: 'kill-test',
      },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('an import killed at any moment', () => {
  it(`leaves a case that opens, verifies and holds only whole exhibits (${String(KILLS)} kills)`, async () => {
    const casePath = join(tempDir(), 'kill.locard');
    expect(locard(['new', casePath, '--title', 'Kill test'], { LOCARD_PASSPHRASE: PASS }).status).toBe(0);
    const source = evidence();
    const random = seeded(20201020);
    let previousExhibits = 0;
    for (let round = 0; round < KILLS; round += 1) {
      const delay = Math.round(150 + random() * 1800);
      await killImportAfter(casePath, source, delay);
      const open = openCase(casePath, PASS);
      try {
        const custody = verifyCustody(open.db);
        expect(
          custody.ok,
          `round ${String(round)} after ${String(delay)} ms: ${custody.firstBroken?.message ?? ''}`,
        ).toBe(true);
        const stored = verifyEvidence(open.db);
        expect(stored.ok, `round ${String(round)}: ${JSON.stringify(stored.failures)}`).toBe(true);
        const incomplete = open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM blobs WHERE sha256 IS NULL`);
        expect(incomplete?.n).toBe(0);
        const orphans = open.db.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM blobs WHERE id NOT IN (SELECT blob_id FROM exhibits)`,
        );
        expect(orphans?.n).toBe(0);
        const exhibits = open.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM exhibits`)?.n ?? 0;
        expect(exhibits).toBeGreaterThanOrEqual(previousExhibits);
        previousExhibits = exhibits;
      } finally {
        closeCase(open);
      }
    }
    // A finished import afterwards completes the set and removes the killed runs' temporary folders.
    const final = locard(['import', casePath, source, '--json'], { LOCARD_PASSPHRASE: PASS, TMPDIR: TMP });
    expect(final.status).toBe(0);
    expect(readdirSync(TMP)).toEqual([]);
  }, 300_000);
});
