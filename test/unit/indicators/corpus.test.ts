// The extractor against the shared evaluation corpus's ground truth (copied to
// test/fixtures/corpus): recall over the listed indicators, no must_not_extract value reported as
// a listed type, and exact offsets for every occurrence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../../main/indicators/index.js';
import type { Extraction, IndicatorType } from '../../../shared/indicator-types.js';

const FIXTURES = new URL('../../fixtures/corpus/', import.meta.url);

interface ExpectedFile {
  readonly indicators: Readonly<Record<string, readonly string[]>>;
  readonly optional?: Readonly<Record<string, readonly string[]>>;
  readonly must_not_extract: readonly { readonly value: string; readonly types: readonly string[] }[];
}
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as {
  files: Readonly<Record<string, ExpectedFile>>;
};

/** Corpus paths of the text files scored for recall. The emails are scanned as raw RFC 5322 text, undecoded. */
const TEXT_FILES: readonly string[] = [
  'reports/analyst-notes.txt',
  'reports/flash-report-FR-2020-1022.html',
  'emails/01-threat-with-video-attachment.eml',
  'emails/02-threat-quoted-printable-utf8.eml',
  'emails/03-threat-html-defanged-by-gateway.eml',
];

/** Types the corpus compares case-insensitively (its conventions block). */
const CASELESS: ReadonlySet<string> = new Set([
  'domain',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'cve',
  'asn',
  'social_handle',
]);

function norm(type: string, value: string): string {
  return CASELESS.has(type) ? value.toLowerCase() : value;
}

function load(corpusPath: string): { text: string; truth: ExpectedFile; found: Extraction[] } {
  const text = readFileSync(new URL(corpusPath, FIXTURES), 'utf8');
  const truth = expected.files[corpusPath];
  if (!truth) throw new Error(`no ground truth for ${corpusPath}`);
  return { text, truth, found: extractIndicators(text) };
}

function foundSet(found: readonly Extraction[]): Set<string> {
  return new Set(found.map((e) => `${e.type}\u0000${norm(e.type, e.value)}`));
}

describe('extraction on the evaluation corpus', () => {
  const files = TEXT_FILES;

  it('recalls at least 97% of the listed text indicators', () => {
    let listed = 0;
    let recalled = 0;
    let reported = 0;
    let unlisted = 0;
    const missed: string[] = [];
    const extra: string[] = [];
    for (const path of files) {
      const { truth, found } = load(path);
      const have = foundSet(found);
      const allowed = new Set<string>();
      for (const [type, values] of [...Object.entries(truth.indicators), ...Object.entries(truth.optional ?? {})]) {
        for (const v of values) allowed.add(`${type}\u0000${norm(type, v)}`);
      }
      for (const [type, values] of Object.entries(truth.indicators)) {
        for (const v of values) {
          listed++;
          if (have.has(`${type}\u0000${norm(type, v)}`)) recalled++;
          else missed.push(`${path}: ${type} ${v}`);
        }
      }
      for (const key of have) {
        reported++;
        if (!allowed.has(key)) {
          unlisted++;
          extra.push(`${path}: ${key.replace('\u0000', ' ')}`);
        }
      }
    }
    const recall = recalled / listed;
    const precision = (reported - unlisted) / reported;
    console.info(
      `corpus recall ${recalled}/${listed} = ${recall.toFixed(3)}; precision ${reported - unlisted}/${reported} = ${precision.toFixed(3)}`,
    );
    if (missed.length > 0) console.info(`missed:\n  ${missed.join('\n  ')}`);
    if (extra.length > 0) console.info(`unlisted:\n  ${extra.join('\n  ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it.each(files)('reports nothing from must_not_extract as the listed types in %s', (path) => {
    const { truth, found } = load(path);
    for (const { value, types } of truth.must_not_extract) {
      const hits = found.filter(
        (e) => types.includes(e.type) && (norm(e.type, e.value) === norm(e.type, value) || e.surface === value),
      );
      expect(hits, `${value} as ${types.join('/')}`).toEqual([]);
    }
  });

  it.each(files)('gives exact offsets for every occurrence in %s', (path) => {
    const { text, found } = load(path);
    expect(found.length).toBeGreaterThan(0);
    for (const e of found) {
      expect(text.slice(e.start, e.end)).toBe(e.surface);
      expect(e.start).toBeLessThan(e.end);
    }
  });

  it('finds every occurrence of a defanged indicator in the flash report, with the surface as written', () => {
    const { found } = load('reports/flash-report-FR-2020-1022.html');
    const ip77 = found.filter((e) => e.type === 'ipv4' && e.value === '203.0.113.77');
    // Prose and table mentions, plus the host of the hxxp:// URL.
    expect(ip77.length).toBeGreaterThanOrEqual(6);
    expect(ip77.every((e) => e.surface === '203.0.113[.]77' && e.flags.includes('defanged'))).toBe(true);
    expect(found.find((e) => e.type === 'ipv4' && e.value === '203.0.113.81')?.surface).toBe('203[.]0[.]113[.]81');
    expect(found.find((e) => e.type === 'ipv4' && e.value === '203.0.113.90')?.surface).toBe('203.0.113(dot)90');
  });

  it('keeps CSV list brackets out of URLs and reads handles from the tweet text', () => {
    const text = readFileSync(new URL('social/io_dataset_oct2020_tweets.csv', FIXTURES), 'utf8');
    const found = extractIndicators(text);
    const urls = new Set(found.filter((e) => e.type === 'url').map((e) => e.value));
    expect(urls).toContain('http://203.0.113.77/media/proof_final.mp4');
    expect(urls).toContain('https://t.example/Zk3vP9');
    expect([...urls].some((u) => u.endsWith(']'))).toBe(false);
    const handles = new Set(found.filter((e) => e.type === 'social_handle').map((e) => e.value));
    expect(handles).toContain('@PatriotWatchFL');
    expect([...handles].some((h) => h.startsWith('#'))).toBe(false);
  });

  it('reads profile exports and news pages', () => {
    const profiles = extractIndicators(readFileSync(new URL('social/profiles_export.json', FIXTURES), 'utf8'));
    const values = (type: IndicatorType, list: readonly Extraction[]) =>
      new Set(list.filter((e) => e.type === type).map((e) => e.value));
    expect(values('email', profiles)).toContain('nightshift.tips@mailbox.example');
    expect(values('social_handle', profiles)).toContain('@pwfl_backup');
    expect(values('url', profiles)).toContain('https://patriotwatch-fl.example/');
    const news = extractIndicators(readFileSync(new URL('web/news-timeline.html', FIXTURES), 'utf8'));
    expect(values('asn', news)).toContain('AS64500');
    expect(values('ipv4', news)).toContain('203.0.113.77');
    expect(values('ipv4', news).has('203.0.113.0/24')).toBe(false);
  });
});
