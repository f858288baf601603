/**
 * An event that exists only as pixels: the social-post screenshot's "10:47 PM EDT · Oct 20, 2020"
 * (expected.json: 2020-10-21T02:47Z, minute). `locard import` reads the picture with OCR (real
 * Tesseract, the network refused in every thread) and `locard timeline --json` proposes the instant
 * in UTC, citing the screenshot's OCR text by offsets. The same words stored as OCR text in a case
 * (no Tesseract) give the same instant: the time takes its date from the line it is on.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../shared/timeline.js';
import { importPaths, type IntakeParsers } from '../../main/intake/import.js';
import { insertOcrResult } from '../../main/locker/ocr.js';
import { closeCase } from '../../main/locker/case-file.js';
import { sql } from '../../main/locker/sql.js';
import { computeProposals, listProposals } from '../../main/locker/timeline.js';
import { newCase } from '../helpers/case.js';
import { locard, ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const GUARD = join(ROOT, 'test', 'integration', 'ocr-thread-guard.cjs');
const env = { LOCARD_PASSPHRASE: 'timeline ocr passphrase', NODE_OPTIONS: `--require ${GUARD}` };

describe('a timeline event read from pixels', () => {
  it('proposes the screenshot’s post time, read by OCR, as a UTC instant', () => {
    const path = join(tempDir(), 'ocr.locard');
    expect(locard(['new', path, '--title', 'Timeline OCR'], env).status).toBe(0);
    const imported = locard(['import', path, join(CORPUS, 'images', 'social-post-screenshot.png'), '--json'], env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 1, ocr: { read: 1, failed: 0 } });

    const result = locard(['timeline', path, '--json'], env);
    expect(result.status, result.stderr).toBe(0);
    const timeline = JSON.parse(result.stdout) as Timeline;
    const posted = timeline.proposals.filter((p) => p.location.kind === 'ocr');
    expect(posted.map((p) => [p.start, p.precision, p.sourceZone])).toContainEqual([
      '2020-10-21T02:47:00Z',
      'minute',
      '-04:00',
    ]);
    const proposal = posted.find((p) => p.start === '2020-10-21T02:47:00Z');
    expect(proposal?.sourceText).toMatch(/^10:47 PM EDT\W+Oct 20, 2020$/);
    expect(proposal).toMatchObject({ exhibitNumber: 1, source: 'prose', location: { label: 'image text' } });
    expect(proposal?.location.start).toBeTypeOf('number');
  }, 120_000);

  it('reads the same words from stored OCR text, without Tesseract', async () => {
    const { open } = newCase('Timeline OCR text');
    const parsers: IntakeParsers = {
      detect: () => Promise.resolve({ kind: 'image', mime: 'image/png', extensionMismatch: false }),
      parse: () => Promise.resolve({ kind: 'image', text: '', segments: [], metadata: {}, warnings: [], children: [] }),
    };
    await importPaths(open.db, [join(CORPUS, 'images', 'social-post-screenshot.png')], {
      analyst: 'test-analyst',
      parsers,
    });
    const exhibit = open.db.get<{ id: number }>(sql`SELECT id FROM exhibits WHERE number = 1`);
    const text = 'PatriotWatchFL @PatriotWatchFL\nThey have everything.\n10:47 PM EDT · Oct 20, 2020 · Twitter Web App';
    open.db.transaction(() =>
      insertOcrResult(open.db, {
        exhibitId: exhibit?.id ?? 0,
        frameTimeS: null,
        width: 800,
        height: 600,
        text,
        words: [],
        confidence: 90,
      }),
    );
    computeProposals(open.db, 'test-analyst');
    const found = listProposals(open.db).filter((p) => p.location.kind === 'ocr');
    // The time takes its date from the same line ("· Oct 20, 2020"), which is also proposed as a day.
    const posted = found.find((p) => p.precision === 'minute');
    expect(posted).toMatchObject({
      start: '2020-10-21T02:47:00Z',
      sourceZone: '-04:00',
      sourceText: '10:47 PM EDT',
      context: expect.stringContaining('10:47 PM EDT · Oct 20, 2020') as unknown,
    });
    expect(text.slice(posted?.location.start, posted?.location.end)).toBe('10:47 PM EDT');
    expect(found.find((p) => p.precision === 'day')).toMatchObject({ start: '2020-10-20', sourceZone: 'unknown' });
    closeCase(open);
  });
});
