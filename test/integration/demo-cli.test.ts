/**
 * `locard demo DIR`: the sample case is built from resources/sample-evidence with the product parsers,
 * opens with the documented passphrase, holds every sample file byte for byte with its collection
 * record, verifies, and is never overwritten without --force.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listExhibitSummaries, exhibitDetail } from '../../main/core/evidence.js';
import { closeCase, openCase, readSummary } from '../../main/locker/case-file.js';
import { readTimeline } from '../../main/locker/timeline.js';
import { ROOT, locard, tempDir } from '../helpers/cli.js';

const SAMPLES = join(ROOT, 'resources', 'sample-evidence');
const CASE_NAME = 'Sample case — Election 2020.locard';
// A private temporary folder for the importer's temp files, and a passphrase in the environment that
// the demo must NOT use (it would print a real case's passphrase on a sample case).
const env = { TMPDIR: tempDir('locard-demo-tmp-'), LOCARD_PASSPHRASE: 'a real case passphrase' };

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function sampleFiles(): string[] {
  return readdirSync(SAMPLES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

interface DemoJson {
  path: string;
  title: string;
  passphrase: string | null;
  imported: number;
  derived: number;
  duplicates: number;
  failed: number;
}

describe('locard demo', () => {
  const dir = tempDir('locard-demo-');
  const casePath = join(dir, CASE_NAME);
  let report: DemoJson;

  beforeAll(() => {
    const result = locard(['demo', dir, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    report = JSON.parse(result.stdout) as DemoJson;
  }, 120_000);

  it('ships only the good corpus files as sample evidence', () => {
    const names = sampleFiles().map((file) => relative(SAMPLES, file));
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.some((name) => name.startsWith('bad/'))).toBe(false);
    expect(names).not.toContain('expected.json');
    expect(names.some((name) => name.endsWith('README.md'))).toBe(false);
  });

  it('reports the case, the default passphrase and every file imported', () => {
    expect(report).toMatchObject({
      path: casePath,
      title: 'Sample case — voter-intimidation e-mails (Oct 2020)',
      passphrase: 'locard-sample',
      imported: sampleFiles().length,
      duplicates: 0,
      failed: 0,
    });
    // The e-mail's video attachment and the zip's members are derived exhibits.
    expect(report.derived).toBeGreaterThan(0);
  });

  it('opens with locard-sample and holds every sample file, byte for byte, with its collection record', () => {
    expect(() => openCase(casePath, env.LOCARD_PASSPHRASE)).toThrow(/Wrong passphrase/);
    const open = openCase(casePath, 'locard-sample');
    try {
      expect(readSummary(open)).toMatchObject({
        title: 'Sample case — voter-intimidation e-mails (Oct 2020)',
        tlp: 'CLEAR',
      });
      const topLevel = listExhibitSummaries(open).filter((exhibit) => exhibit.parentNumber === null);
      const stored = new Map(topLevel.map((exhibit) => [exhibit.name, exhibit.sha256]));
      const files = sampleFiles();
      expect(topLevel).toHaveLength(files.length);
      for (const file of files) expect(stored.get(file.slice(file.lastIndexOf('/') + 1))).toBe(sha256(file));
      const first = topLevel[0];
      if (!first) throw new Error('no exhibits');
      const detail = exhibitDetail(open, first.number);
      expect(detail.collection?.source).toMatch(/Locard sample evidence/);
      expect(detail.parseStatus).toBe('parsed');
    } finally {
      closeCase(open);
    }
  });

  it('has the timeline proposals read from the evidence already, none accepted', () => {
    const open = openCase(casePath, 'locard-sample');
    try {
      const timeline = readTimeline(open.db);
      expect(timeline.events).toHaveLength(0);
      const dates = timeline.proposals.filter((p) => p.status === 'open').map((p) => p.start);
      // The threat e-mails' Date header (expected.json: 2020-10-20T13:05:00Z is one of them).
      expect(dates.length).toBeGreaterThan(5);
      expect(dates.some((start) => start.startsWith('2020-10-20'))).toBe(true);
    } finally {
      closeCase(open);
    }
  });

  it('verifies: custody chain intact and every stored item re-hashed', () => {
    const passphraseFile = join(tempDir(), 'passphrase');
    writeFileSync(passphraseFile, 'locard-sample\n');
    const result = locard(['verify', casePath, '--json', '--passphrase-file', passphraseFile], env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, evidence: { ok: true } });
  });

  it('refuses to overwrite the case (exit 2, file untouched) unless --force', () => {
    const before = sha256(casePath);
    const again = locard(['demo', dir], env);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(sha256(casePath)).toBe(before);

    const forced = locard(['demo', dir, '--force'], env);
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(casePath);
    expect(forced.stdout).toMatch(/Passphrase\s+locard-sample/);
    expect(sha256(casePath)).not.toBe(before);
    expect(readdirSync(dir)).toEqual([CASE_NAME]);
  }, 120_000);

  it('takes another passphrase from --passphrase-file and does not print it', () => {
    const other = tempDir('locard-demo-other-');
    const passphraseFile = join(tempDir(), 'passphrase');
    writeFileSync(passphraseFile, 'my own sample passphrase\n');
    const result = locard(['demo', other, '--json', '--passphrase-file', passphraseFile], env);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('my own sample passphrase');
    expect((JSON.parse(result.stdout) as DemoJson).passphrase).toBeNull();
    const open = openCase(join(other, CASE_NAME), 'my own sample passphrase');
    closeCase(open);
  }, 120_000);

  it('needs a folder', () => {
    const result = locard(['demo'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/demo needs the folder/);
  });
});
