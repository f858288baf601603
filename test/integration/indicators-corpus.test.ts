/**
 * Indicators at import, over the reference corpus in a real encrypted case with the product parsers
 * (needs `node scripts/build.mjs` first, for the parse worker): recall per type against expected.json,
 * no planted decoy stored as a forbidden type, pages and header names as provenance, enrichment from
 * the analyst CSV, verdicts that shape the CLI export, and the hostile 5 MiB single-line file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorSummary } from '../../shared/indicator-types.js';
import { importEnrichmentCsv, indicatorDetail, updateIndicators } from '../../main/core/indicators.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeParserWorkers } from '../../main/intake/run-parser.js';
import { closeCase, openCase, type OpenCase } from '../../main/locker/case-file.js';
import { listCustody, verifyCustody } from '../../main/locker/custody.js';
import { listIndicators } from '../../main/locker/indicators.js';
import { sql } from '../../main/locker/sql.js';
import { PASSPHRASE, newCase } from '../helpers/case.js';
import { ROOT, locard } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const DOCUMENTATION_RANGES = join(ROOT, 'test', 'fixtures', 'enrichment', 'documentation-ranges.csv');

interface ExpectedFile {
  readonly needs_ocr: boolean;
  readonly indicators: Readonly<Record<string, readonly string[]>>;
  readonly must_not_extract: readonly { readonly value: string; readonly types: readonly string[] }[];
}
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Readonly<Record<string, ExpectedFile>>;
};

/** Types the corpus compares case-insensitively (its conventions block). */
const CASELESS = new Set(['domain', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve', 'asn', 'social_handle']);
const norm = (type: string, value: string) => (CASELESS.has(type) ? value.toLowerCase() : value);

let path: string;
let open: OpenCase;

/** (type, value, surface) of every text occurrence (OCR ones are rows of their own) in a corpus file's exhibit and everything derived from it. */
function occurrencesOf(corpusPath: string): { type: string; value: string; surface: string }[] {
  return open.db.all(sql`
    WITH RECURSIVE tree(id) AS (
      SELECT id FROM exhibits WHERE parent_id IS NULL AND original_path = ${join(CORPUS, corpusPath)}
      UNION SELECT exhibits.id FROM exhibits JOIN tree ON exhibits.parent_id = tree.id)
    SELECT i.type, i.value, o.surface FROM indicator_occurrence_runs AS o
      JOIN indicators AS i ON i.id = o.indicator_id
      WHERE o.exhibit_id IN (SELECT id FROM tree)`);
}

function byValue(value: string): IndicatorSummary {
  const found = listIndicators(open.db).find((s) => s.value === value);
  if (!found) throw new Error(`${value} was not recorded`);
  return found;
}

beforeAll(async () => {
  const created = newCase('Corpus indicators');
  path = created.path;
  open = created.open;
  const sources = readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'bad')
    .map((d) => join(CORPUS, d.name));
  const report = await importPaths(open.db, sources, { analyst: 'test-analyst', parsers: productParsers });
  expect(report.failed).toBe(0);
}, 180_000);

afterAll(async () => {
  await closeParserWorkers();
  closeCase(open);
});

describe('indicators recorded at import (corpus, text files)', () => {
  const textFiles = Object.entries(expected.files).filter(([, truth]) => !truth.needs_ocr);

  it('recalls at least 97% of the listed indicators, reporting misses per type', () => {
    let listed = 0;
    let recalled = 0;
    const missed: Record<string, string[]> = {};
    for (const [corpusPath, truth] of textFiles) {
      const have = new Set(occurrencesOf(corpusPath).map((o) => `${o.type}\u0000${norm(o.type, o.value)}`));
      for (const [type, values] of Object.entries(truth.indicators)) {
        for (const value of values) {
          listed++;
          if (have.has(`${type}\u0000${norm(type, value)}`)) recalled++;
          else (missed[type] ??= []).push(`${corpusPath}: ${value}`);
        }
      }
    }
    const recall = recalled / listed;
    console.info(`stored-indicator recall ${String(recalled)}/${String(listed)} = ${recall.toFixed(3)}`);
    for (const [type, list] of Object.entries(missed)) console.info(`missed ${type}:\n  ${list.join('\n  ')}`);
    expect(listed).toBeGreaterThan(150);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it('stores no must_not_extract decoy as a forbidden type', () => {
    for (const [corpusPath, truth] of Object.entries(expected.files)) {
      const stored = occurrencesOf(corpusPath);
      for (const { value, types } of truth.must_not_extract) {
        const hits = stored.filter(
          (o) => types.includes(o.type) && (norm(o.type, o.value) === norm(o.type, value) || o.surface === value),
        );
        expect(hits, `${corpusPath}: ${value} as ${types.join('/')}`).toEqual([]);
      }
    }
  });

  it('places PDF occurrences on their page and e-mail header occurrences under the header name', () => {
    const cve = indicatorDetail(open, byValue('CVE-2020-99871').id);
    const inPdf = cve.occurrences.filter((o) => o.exhibitName === 'flash-report-FR-2020-1022.pdf');
    expect(inPdf.length).toBeGreaterThan(0);
    expect(inPdf.every((o) => o.location.kind === 'page' && /^\d+$/.test(o.location.label))).toBe(true);
    expect(inPdf[0]?.context).toContain('CVE-2020-99871');

    const relay = indicatorDetail(open, byValue('203.0.113.81').id);
    const inMail = relay.occurrences.filter((o) => o.exhibitName === '01-threat-with-video-attachment.eml');
    expect(inMail.map((o) => o.location.kind)).toContain('header');
    expect(inMail.filter((o) => o.location.kind === 'header').map((o) => o.location.label)).toContain('Received');
    const from = indicatorDetail(open, byValue('info@officialproudboys-mail.example').id);
    expect(from.occurrences.some((o) => o.location.kind === 'header' && o.location.label === 'From')).toBe(true);
  });

  it('reads bare screen names from the tweets CSV as cells of user_screen_name', () => {
    const handle = indicatorDetail(open, byValue('@eagle_eye_report').id);
    expect(
      handle.occurrences.some((o) => o.location.kind === 'cell' && o.location.label.startsWith('user_screen_name')),
    ).toBe(true);
  });

  it('logs how many occurrences each imported file gave', () => {
    const entries = listCustody(open.db, 0, 500).filter((e) => e.action === 'evidence.imported');
    const notes = entries.find((e) => e.details.name === 'analyst-notes.txt');
    expect(notes?.details.indicators).toBeGreaterThan(30);
  });
});

describe('enrichment and verdicts', () => {
  it('enriches 203.0.113.77 as AS64500 Worldstream NL after the analyst CSV, and logs the import', () => {
    expect(byValue('203.0.113.77').enrichment).toEqual([]);
    expect(importEnrichmentCsv(open, 'test-analyst', DOCUMENTATION_RANGES)).toEqual({ ranges: 1 });
    const ip = byValue('203.0.113.77');
    expect(ip.enrichment.map((f) => [f.kind, f.value, f.label ?? '', f.source])).toEqual([
      ['asn', 'AS64500', 'Worldstream', 'analyst CSV documentation-ranges.csv'],
      ['country', 'NL', '', 'analyst CSV documentation-ranges.csv'],
    ]);
    expect(byValue('AS64500').enrichment[0]).toMatchObject({ kind: 'organisation', value: 'Worldstream' });
    expect(byValue('203.0.113.0/24').enrichment[0]).toMatchObject({ kind: 'asn', value: 'AS64500' });
    const entry = listCustody(open.db, 0, 1)[0];
    expect(entry).toMatchObject({
      action: 'enrichment.imported',
      objectIds: ['analyst CSV documentation-ranges.csv'],
      details: { ranges: 1, replacedRanges: 0 },
    });
  });

  it('leaves indicators marked benign out of `locard indicators --json` unless --include-dismissed', () => {
    const vidshare = byValue('vidshare.example');
    const [updated] = updateIndicators(open, 'test-analyst', {
      ids: [vidshare.id],
      status: 'benign',
      addTags: ['video host'],
      notes: 'Public video site; the account, not the host, matters.',
    });
    expect(updated).toMatchObject({ status: 'benign', tags: ['video host'] });
    expect(listCustody(open.db, 0, 1)[0]).toMatchObject({
      action: 'indicator.updated',
      objectIds: ['domain:vidshare.example'],
      details: { status: { from: { open: 1 }, to: 'benign' }, addTags: ['video host'] },
    });
    expect(verifyCustody(open.db).ok).toBe(true);
    closeCase(open);
    try {
      const env = { LOCARD_PASSPHRASE: PASSPHRASE };
      const exported = locard(['indicators', path, '--json'], env);
      expect(exported.stderr).toBe('');
      expect(exported.status).toBe(0);
      const values = (JSON.parse(exported.stdout) as { indicators: IndicatorSummary[] }).indicators.map((s) => s.value);
      expect(values).toContain('203.0.113.77');
      expect(values).not.toContain('vidshare.example');
      const all = locard(['indicators', path, '--json', '--include-dismissed', '--defang'], env);
      const list = (JSON.parse(all.stdout) as { indicators: IndicatorSummary[] }).indicators;
      expect(list.find((s) => s.value === 'vidshare[.]example')).toMatchObject({ status: 'benign' });
      expect(list.find((s) => s.value === '203[.]0[.]113[.]77')?.enrichment[0]).toMatchObject({ label: 'Worldstream' });
      const csv = locard(['indicators', path, '--csv'], env);
      expect(csv.status).toBe(0);
      const lines = csv.stdout.trim().split('\n');
      expect(lines[0]).toBe(
        'type,value,status,occurrences,exhibits,first_seen,last_seen,asn,organisation,country,registrable_domain,tags,flags',
      );
      expect(lines.find((l) => l.startsWith('ipv4,203.0.113.77,'))).toMatch(/,AS64500,Worldstream,NL,,/);
      // A handle would be a formula to a spreadsheet: it is written with a leading apostrophe.
      expect(lines.some((l) => l.startsWith(`social_handle,"'@PatriotWatchFL",`))).toBe(true);
    } finally {
      open = openCase(path, PASSPHRASE);
    }
  });
});

describe('the hostile single-line file', () => {
  it('is imported with its one real indicator at the very end, recorded with its offset', async () => {
    const report = await importPaths(open.db, [join(CORPUS, 'bad', 'single-line-5MB.txt')], {
      analyst: 'test-analyst',
      parsers: productParsers,
    });
    expect(report.failed).toBe(0);
    const detail = indicatorDetail(open, byValue('203.0.113.250').id);
    expect(detail.occurrences.map((o) => [o.exhibitName, o.location.start, o.location.end])).toEqual([
      ['single-line-5MB.txt', 5 * 1024 * 1024 - 13, 5 * 1024 * 1024],
    ]);
  }, 120_000);
});
