// Text encodings, JSON and CSV shape, and HTML/MHTML read as inert text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMhtml } from '../../../main/intake/parsers/email.js';
import { parseHtml, summariseHtml } from '../../../main/intake/parsers/html.js';
import { MAX_TEXT_BYTES } from '../../../main/intake/parsers/limits.js';
import { parseDelimited, parseJson, parseText } from '../../../main/intake/parsers/text.js';
import { CORPUS, cleanUp, corpusInput, fileInput, metadataOf, tempFolder } from './corpus.js';

afterAll(cleanUp);

describe('parseText', () => {
  it('reads UTF-8 notes unchanged, as one body segment', async () => {
    const parsed = await parseText(corpusInput('reports/analyst-notes.txt'));
    expect(parsed.text).toBe(readFileSync(join(CORPUS, 'reports/analyst-notes.txt'), 'utf8'));
    expect(parsed.metadata.encoding).toBe('utf-8');
    expect(parsed.segments).toEqual([{ start: 0, end: parsed.text.length, kind: 'body', label: 'text' }]);
  });

  it('decodes UTF-16 with a BOM and falls back to Latin-1 for invalid UTF-8', async () => {
    const folder = tempFolder();
    const utf16 = join(folder, 'utf16.txt');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Überwachung 203.0.113.9', 'utf16le')]));
    expect((await parseText(fileInput(utf16))).text).toBe('Überwachung 203.0.113.9');
    const latin1 = join(folder, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('caf\xe9 203.0.113.9', 'latin1'));
    const parsed = await parseText(fileInput(latin1));
    expect(parsed.text).toBe('café 203.0.113.9');
    expect(parsed.metadata.encoding).toBe('latin1');
  });

  it('cuts text at the limit with a warning', async () => {
    const parsed = await parseText(corpusInput('bad/single-line-5MB.txt'), 'text');
    expect(parsed.text.endsWith('203.0.113.250')).toBe(true);
    const cut = await parseText({ ...corpusInput('bad/single-line-5MB.txt'), size: MAX_TEXT_BYTES + 10 });
    expect(cut.warnings.join()).toContain('Only the first 32 MiB');
  });
});

describe('parseJson and parseDelimited', () => {
  it('reports the JSON top-level keys', async () => {
    const parsed = await parseJson(corpusInput('social/profiles_export.json'));
    expect(parsed.metadata.topLevel).toBe('object');
    expect(parsed.metadata.keys).toContain('profiles');
  });

  it('reports the CSV header, row and column counts of the tweet dataset', async () => {
    const truth = metadataOf('social/io_dataset_oct2020_tweets.csv');
    const parsed = await parseDelimited(corpusInput('social/io_dataset_oct2020_tweets.csv'));
    expect(parsed.metadata.rows).toBe(truth.rows);
    expect(parsed.metadata.header).toEqual(truth.columns);
    expect(parsed.metadata.columns).toBe((truth.columns as unknown[]).length);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parseHtml', () => {
  it('gives the visible text and title of the news page, without the script, and lists what it would load', async () => {
    const parsed = await parseHtml(corpusInput('web/news-timeline.html'));
    expect(parsed.metadata.title).toMatch(/careless screen recording/);
    expect(parsed.text).not.toContain('SCRIPT EXECUTED');
    const resources = (parsed.metadata.resources as { url: string }[]).map((resource) => resource.url);
    expect(resources).toContain('https://tracker.example/p.gif');
    expect(resources.some((url) => url.startsWith('https://widgets.example/'))).toBe(true);
    expect(parsed.warnings.join()).toContain('script');
    const title = parsed.segments.find((segment) => segment.kind === 'title');
    expect(parsed.text.slice(title?.start, title?.end)).toBe(parsed.metadata.title);
  });

  it('lists every kind of active content in the hostile page', async () => {
    const parsed = await parseHtml(corpusInput('bad/active-content.html'));
    expect(parsed.metadata.activeContent).toEqual(
      expect.arrayContaining([
        'javascript: URL',
        'meta refresh',
        'event handler (onerror)',
        'event handler (onload)',
        'iframe srcdoc',
        'form',
        'plug-in object',
      ]),
    );
    expect(parsed.metadata.links).toEqual(expect.arrayContaining(['JaVaScRiPt:alert(2)']));
  });

  it('drops style and script bodies and separates blocks', () => {
    const summary = summariseHtml('<style>p{}</style><p>one</p><script>two()</script><div>three &amp; four</div>');
    expect(summary.text).toBe('one\n\nthree & four');
  });
});

describe('parseMhtml', () => {
  it('reads the saved page as text and its resources as children', async () => {
    const truth = metadataOf('web/news-timeline.mhtml');
    const parsed = await parseMhtml(corpusInput('web/news-timeline.mhtml'));
    expect(parsed.kind).toBe('mhtml');
    expect(parsed.metadata.title).toMatch(/careless screen recording/);
    const raw = JSON.stringify(parsed.metadata);
    for (const marker of (truth.markers_present as string[]).filter((value) => !value.startsWith('<')))
      expect(raw).toContain(marker);
    expect(parsed.children.length).toBeGreaterThan(0);
    expect(parsed.children.every((child) => child.method === 'mhtml-part')).toBe(true);
    expect(parsed.children.map((child) => child.name)).toContain('https://tracker.example/p.gif');
  });
});
