/** The `locard` CLI as a script or an analyst at a terminal uses it: exit codes, messages, files untouched. */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, truncateSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEncrypted } from '../../main/locker/driver.js';
import { spawnSync } from 'node:child_process';
import { locard, NO_NETWORK, tempDir } from '../helpers/cli.js';

const PASS = 'correct horse battery';
const env = { LOCARD_PASSPHRASE: PASS };

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function makeCase(title = 'Operation Ghost Ballot'): string {
  const path = join(tempDir(), 'op.locard');
  const result = locard(['new', path, '--title', title], env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return path;
}

describe('locard new / info', () => {
  let path: string;
  beforeAll(() => {
    path = makeCase();
  });

  it('creates a case that info reads back as JSON', () => {
    const info = locard(['info', path, '--json'], env);
    expect(info.status).toBe(0);
    const summary = JSON.parse(info.stdout) as { title: string; analyst: string; tlp: string; custodyEntries: number };
    expect(summary).toMatchObject({ title: 'Operation Ghost Ballot', analyst: 'test-analyst', tlp: 'AMBER' });
    expect(summary.custodyEntries).toBeGreaterThanOrEqual(1);
  });

  it('adds the .locard extension and reads the passphrase from a file', () => {
    const dir = tempDir();
    const secret = join(dir, 'pass.txt');
    writeFileSync(secret, `${PASS}\n`);
    expect(locard(['new', join(dir, 'second'), '--passphrase-file', secret, '--tlp', 'red']).status).toBe(0);
    const info = locard(['info', join(dir, 'second.locard'), '--json', '--passphrase-file', secret]);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ tlp: 'RED' });
  });

  it('exits 3 with the analyst message on a wrong passphrase', () => {
    const result = locard(['info', path], { LOCARD_PASSPHRASE: 'not the passphrase' });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('Wrong passphrase, or this file is not a Locard case');
  });

  it('exits 2 on usage errors', () => {
    expect(locard([]).status).toBe(2);
    expect(locard(['frobnicate']).status).toBe(2);
    expect(locard(['info']).status).toBe(2);
    expect(locard(['info', path, '--bogus-flag'], env).status).toBe(2);
    const weak = locard(['new', join(tempDir(), 'weak'), '--title', 'x'], { LOCARD_PASSPHRASE: 'short' });
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/at least 8 characters/);
    const noSecret = locard(['info', path]);
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toMatch(/No passphrase given/);
  });
});

describe('files that are not cases', () => {
  function expectUntouched(path: string, expectedMessage: RegExp): void {
    const before = sha256(path);
    const siblings = readdirSync(dirname(path)).sort();
    const result = locard(['info', path], env);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(expectedMessage);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dirname(path)).sort()).toEqual(siblings);
  }

  it('an empty file', () => {
    const path = join(tempDir(), 'empty.locard');
    writeFileSync(path, '');
    expectUntouched(path, /is empty, so it is not a Locard case/);
  });

  it('random bytes', () => {
    const path = join(tempDir(), 'random.locard');
    writeFileSync(path, randomBytes(64 * 1024));
    expectUntouched(path, /Wrong passphrase, or this file is not a Locard case/);
  });

  it('a truncated case', () => {
    const original = makeCase();
    const path = join(tempDir(), 'truncated.locard');
    copyFileSync(original, path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectUntouched(path, /Wrong passphrase, or this file is not a Locard case|damaged|malformed/);
  });

  it('a missing file', () => {
    const result = locard(['info', join(tempDir(), 'nowhere.locard')], env);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/There is no case at/);
  });
});

describe('locard verify', () => {
  it('passes on an untouched case and reports JSON', () => {
    const path = makeCase();
    const result = locard(['verify', path, '--json'], env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  });

  it('exits 4 and names the entry changed directly in the database', () => {
    const path = makeCase();
    for (let i = 0; i < 3; i += 1) expect(locard(['info', path], env).status).toBe(0);
    // Outside Locard, with the key: drop the guard triggers and rewrite entry #2.
    const db = openEncrypted(path, PASS, { create: false });
    db.exec('DROP TRIGGER custody_log_no_update');
    db.exec(`UPDATE custody_log SET analyst = 'someone else' WHERE seq = 2`);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    db.close();

    const text = locard(['verify', path], env);
    expect(text.status).toBe(4);
    expect(text.stdout).toMatch(/entry #2/);
    const json = locard(['verify', path, '--json'], env);
    expect(json.status).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 2, kind: 'altered' } });
  });
});

describe('locard passwd', () => {
  it('the new passphrase opens the case, the old one does not, the content is intact', () => {
    const path = makeCase('Rekey me');
    const before = JSON.parse(locard(['info', path, '--json'], env).stdout) as {
      caseId: string;
      custodyEntries: number;
    };
    const changed = locard(['passwd', path], {
      LOCARD_PASSPHRASE: PASS,
      LOCARD_NEW_PASSPHRASE: 'an entirely new phrase',
    });
    expect(changed.status).toBe(0);
    expect(locard(['info', path], env).status).toBe(3);
    const after = locard(['info', path, '--json'], { LOCARD_PASSPHRASE: 'an entirely new phrase' });
    expect(after.status).toBe(0);
    const summary = JSON.parse(after.stdout) as { caseId: string; title: string; custodyEntries: number };
    expect(summary.title).toBe('Rekey me');
    expect(summary.caseId).toBe(before.caseId);
    expect(summary.custodyEntries).toBeGreaterThan(before.custodyEntries);
    const verify = locard(['verify', path, '--json'], { LOCARD_PASSPHRASE: 'an entirely new phrase' });
    expect(verify.status).toBe(0);
  });

  it('refuses a wrong current passphrase with exit 3 and changes nothing', () => {
    const path = makeCase();
    const before = sha256(path);
    const result = locard(['passwd', path], {
      LOCARD_PASSPHRASE: 'wrong wrong wrong',
      LOCARD_NEW_PASSPHRASE: 'whatever else',
    });
    expect(result.status).toBe(3);
    expect(sha256(path)).toBe(before);
  });
});

describe('the no-network guard', () => {
  it('is active in every CLI run of this suite', () => {
    const probe = spawnSync(
      process.execPath,
      ['--import', NO_NETWORK, '-e', "require('node:net').connect(443, 'example.com').on('error', () => {})"],
      { encoding: 'utf8' },
    );
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('network access to example.com attempted');
  });
});
