// Indicators at import: each occurrence placed in the parser's segment, bare screen names read from
// CSV columns and JSON fields, and the hostile single-line file scanned in bounded memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateIndicators, segmentLocator, type TextSource } from '../../../main/intake/indicators.js';
import { parseDelimited, parseJson } from '../../../main/intake/parsers/text.js';
import { CORPUS, cleanUp, corpusInput } from './corpus.js';

function occurrences(source: TextSource) {
  return [...locateIndicators(source)];
}

describe('segmentLocator', () => {
  it('names the segment an offset falls in, and "text" between segments', () => {
    const locate = segmentLocator([
      { start: 0, end: 20, kind: 'header', label: 'Received' },
      { start: 21, end: 40, kind: 'header', label: 'From' },
      { start: 42, end: 100, kind: 'body', label: 'text' },
    ]);
    expect(locate(5, 9)).toEqual({ start: 5, end: 9, kind: 'header', label: 'Received' });
    expect(locate(21, 30)).toMatchObject({ kind: 'header', label: 'From' });
    expect(locate(40, 41)).toEqual({ start: 40, end: 41, kind: 'text', label: '' });
    expect(locate(99, 100)).toMatchObject({ kind: 'body', label: 'text' });
    expect(locate(100, 101)).toMatchObject({ kind: 'text' });
  });
});

describe('locateIndicators', () => {
  it('places PDF-style page segments and keeps offsets into the whole text', () => {
    const page1 = 'The server 203.0.113[.]77 answered.';
    const page2 = 'Reverse DNS: 203-0-113-77.static.worldstream.example';
    const text = `${page1}\n\n${page2}`;
    const found = occurrences({
      kind: 'pdf',
      text,
      segments: [
        { start: 0, end: page1.length, kind: 'page', label: '1' },
        { start: page1.length + 2, end: text.length, kind: 'page', label: '2' },
      ],
      metadata: {},
    });
    expect(found.map((o) => [o.extraction.type, o.extraction.value, o.location.kind, o.location.label])).toEqual([
      ['ipv4', '203.0.113.77', 'page', '1'],
      ['domain', '203-0-113-77.static.worldstream.example', 'page', '2'],
    ]);
    for (const { extraction, location } of found) {
      expect(text.slice(location.start, location.end)).toBe(extraction.surface);
    }
  });

  it('reads bare screen names from the CSV screen-name column, as cells', async () => {
    const parsed = await parseDelimited(corpusInput('social/io_dataset_oct2020_tweets.csv'));
    cleanUp();
    const cells = occurrences(parsed).filter((o) => o.location.kind === 'cell');
    const names = new Set(cells.map((o) => o.extraction.value));
    expect(names).toEqual(
      new Set([
        '@nightshift_intel',
        '@ben_harlow_usa',
        '@eagle_eye_report',
        '@truth_unfiltered7',
        '@DixieTrailNews',
        '@LibertyLedger_',
        '@kristen_voss22',
        '@SunshineVoter1776',
        '@HonestBallot2020',
        '@VoteSafeNews',
        '@PatriotWatchFL',
        '@RedStateRally20',
      ]),
    );
    expect(cells).toHaveLength(200);
    const first = cells[0];
    expect(first?.location.label).toBe('user_screen_name, row 1');
    expect(first && parsed.text.slice(first.location.start, first.location.end)).toBe('eagle_eye_report');
    // The display-name column ("Eagle Eye Report") and numeric ids are not handles.
    expect(cells.every((o) => o.location.label.startsWith('user_screen_name'))).toBe(true);
  });

  it('handles quoted and tab-separated screen-name cells, and ignores the header row', () => {
    const text =
      'id\tscreen_name\tdisplay_name\n1\tPatriotWatchFL\tscreen_name\n2\t"nightshift_intel"\tNight\n3\t12345\tx\n';
    const found = occurrences({
      kind: 'csv',
      text,
      segments: [],
      metadata: { header: ['id', 'screen_name', 'display_name'], delimiter: 'tab' },
    });
    const cells = found.filter((o) => o.location.kind === 'cell');
    expect(
      cells.map((o) => [o.extraction.value, o.location.label, text.slice(o.location.start, o.location.end)]),
    ).toEqual([
      ['@PatriotWatchFL', 'screen_name, row 1', 'PatriotWatchFL'],
      ['@nightshift_intel', 'screen_name, row 2', 'nightshift_intel'],
    ]);
  });

  it('reads "screen_name" fields of a JSON profile export', async () => {
    const parsed = await parseJson(corpusInput('social/profiles_export.json'));
    cleanUp();
    const handles = occurrences(parsed).filter((o) => o.extraction.type === 'social_handle');
    const values = new Set(handles.map((o) => o.extraction.value));
    for (const handle of ['@PatriotWatchFL', '@SunshineVoter1776', '@nightshift_intel', '@pwfl_backup']) {
      expect(values, handle).toContain(handle);
    }
    for (const { extraction } of handles) {
      expect(parsed.text.slice(extraction.start, extraction.end)).toBe(extraction.surface);
    }
  });

  it('scans the 5 MiB single-line hostile file and finds its one real indicator at the very end', () => {
    const text = readFileSync(join(CORPUS, 'bad', 'single-line-5MB.txt'), 'latin1');
    const started = performance.now();
    const found = occurrences({
      kind: 'text',
      text,
      segments: [{ start: 0, end: text.length, kind: 'body', label: 'text' }],
      metadata: {},
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    const ip = found.find((o) => o.extraction.value === '203.0.113.250');
    expect(ip?.location).toEqual({ start: text.length - 13, end: text.length, kind: 'body', label: 'text' });
  });
});
