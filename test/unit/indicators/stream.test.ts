import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createIndicatorScanner,
  extractIndicators,
  extractIndicatorsFromChunks,
  extractIndicatorsWindowed,
  groupIndicators,
  MIN_WINDOW_SIZE,
} from '../../../main/indicators/index.js';
import type { Extraction } from '../../../shared/indicator-types.js';

const FIXTURES = new URL('../../fixtures/corpus/', import.meta.url);
const corpus = [
  'reports/analyst-notes.txt',
  'reports/flash-report-FR-2020-1022.html',
  'emails/01-threat-with-video-attachment.eml',
  'emails/02-threat-quoted-printable-utf8.eml',
  'emails/03-threat-html-defanged-by-gateway.eml',
  'social/io_dataset_oct2020_tweets.csv',
]
  .map((f) => readFileSync(new URL(f, FIXTURES), 'utf8'))
  .join('\n');

function key(e: Extraction): string {
  return `${e.start}:${e.end}:${e.type}:${e.value}`;
}

describe('windowed extraction', () => {
  it('finds exactly what a single pass finds, with global offsets', async () => {
    const whole = extractIndicators(corpus).map(key);
    expect(whole.length).toBeGreaterThan(300);
    for (const windowSize of [MIN_WINDOW_SIZE, MIN_WINDOW_SIZE + 1, 20_011, 65_536]) {
      const windowed = [...extractIndicatorsWindowed(corpus, { windowSize })];
      for (const e of windowed) expect(corpus.slice(e.start, e.end)).toBe(e.surface);
      expect(windowed.map(key), `window ${windowSize}`).toEqual(whole);
    }
    // Arbitrary chunk boundaries (mid-token, mid-surrogate) from a decoder.
    const chunks: string[] = [];
    for (let i = 0, n = 1; i < corpus.length; i += n, n = (n * 7 + 13) % 3001) chunks.push(corpus.slice(i, i + n));
    const streamed: Extraction[] = [];
    for await (const e of extractIndicatorsFromChunks(chunks, { windowSize: MIN_WINDOW_SIZE })) streamed.push(e);
    expect(streamed.map(key)).toEqual(whole);
  });

  it('handles a single line without white space longer than a window', () => {
    const line = `${'x'.repeat(MIN_WINDOW_SIZE * 2)} 198.51.100.9 ${'a/'.repeat(MIN_WINDOW_SIZE)}`;
    const windowed = [...extractIndicatorsWindowed(line, { windowSize: MIN_WINDOW_SIZE })];
    expect(windowed.map(key)).toEqual(extractIndicators(line).map(key));
    expect(windowed.some((e) => e.value === '198.51.100.9')).toBe(true);
  });

  it('keeps the buffer bounded by the window size', () => {
    const scanner = createIndicatorScanner({ windowSize: MIN_WINDOW_SIZE });
    let count = 0;
    for (let i = 0; i < 200; i++)
      count += scanner.push('see 203.0.113.77 and hxxps://vidshare[.]example/watch/Qx7Lm2Rp today. ').length;
    count += scanner.end().length;
    expect(count).toBe(600);
  });
});

describe('groupIndicators', () => {
  it('keys occurrences by canonical value and keeps every occurrence', () => {
    const text = '203.0.113[.]77 then 203.0.113.77; @PatriotWatchFL and @patriotwatchfl; x.com/PatriotWatchFL';
    const groups = groupIndicators(extractIndicators(text));
    const ip = groups.find((g) => g.type === 'ipv4');
    expect(ip).toMatchObject({
      value: '203.0.113.77',
      occurrences: [{ surface: '203.0.113[.]77' }, { surface: '203.0.113.77' }],
    });
    expect(ip?.flags).toEqual(expect.arrayContaining(['defanged', 'documentation']));
    const handles = groups.filter((g) => g.type === 'social_handle');
    expect(handles.map((h) => [h.value, h.platform, h.occurrences.length])).toEqual([
      ['@PatriotWatchFL', undefined, 2],
      ['@PatriotWatchFL', 'twitter', 1],
    ]);
  });
});
