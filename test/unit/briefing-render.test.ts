/**
 * The document model and its renderers (main/briefing), with a stand-in print engine so no Chromium
 * is needed here (test/integration/export-cli.test.ts prints real PDFs): what each output contains
 * (judgements with their likelihood, confidence and cited hashes; the marking; defanged indicators
 * without the dismissed ones), that analyst text stays text in every format, that the figures are
 * drawn from the chosen range and the evidence graph, and that an export writes only where it may
 * and never exists without its custody entry.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../../shared/briefing.js';
import { findChromium } from '../../main/briefing/chromium.js';
import type { PdfPage, PrintEngine, PrintEngineFactory } from '../../main/briefing/engine.js';
import { timeTicks } from '../../main/briefing/figures.js';
import { BRIEFING_CSP, renderHtml } from '../../main/briefing/html.js';
import { evidenceGraphFigure, forceLayout } from '../../main/briefing/layout.js';
import { renderMarkdown } from '../../main/briefing/markdown.js';
import { assembleDocument, type DocumentContext } from '../../main/briefing/model.js';
import { renderDocument } from '../../main/briefing/render.js';
import { exportCase, newBriefing } from '../../main/core/briefings.js';
import { updateIndicators } from '../../main/core/indicators.js';
import { LocardError } from '../../main/errors.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { updateBriefing } from '../../main/locker/briefings.js';
import { closeCase, createCase, type OpenCase } from '../../main/locker/case-file.js';
import { custodyCount, listCustody } from '../../main/locker/custody.js';
import { exhibitSummaryRows } from '../../main/locker/exhibits.js';
import { listIndicators } from '../../main/locker/indicators.js';
import { readGraph } from '../../main/locker/graph.js';
import { createEvent } from '../../main/locker/timeline.js';
import { tempDir } from '../helpers/cli.js';
import { externalResources } from '../integration/briefing-html.js';

const HOSTILE =
  'Owned <script>alert(1)</script><img src="https://evil.example/x.png"> [click](https://evil.example) **bold**';
const PERSIAN = 'پیام‌های تهدید از یک سرور ارسال شده‌اند.';
/** A 1×1 PNG. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A print engine that records what it was asked to print. */
function fakeEngine(onPdf?: () => void): {
  factory: PrintEngineFactory;
  printed: { html: string; page: PdfPage }[];
  pngs: string[];
} {
  const printed: { html: string; page: PdfPage }[] = [];
  const pngs: string[] = [];
  const engine: PrintEngine = {
    pdf: (html, page) => {
      printed.push({ html, page });
      onPdf?.();
      return Promise.resolve(Buffer.from('%PDF-1.7 fake\n'));
    },
    png: (html) => {
      pngs.push(html);
      return Promise.resolve(PIXEL);
    },
    close: () => Promise.resolve(),
  };
  return { factory: () => Promise.resolve(engine), printed, pngs };
}

const noEngine: PrintEngineFactory = () =>
  Promise.reject(new LocardError('unsupported', 'PDF export prints through Chromium, and none was found.'));

describe('briefing documents', () => {
  let open: OpenCase;
  let written: Briefing;
  let context: DocumentContext;
  let sha: (n: number) => string;

  beforeAll(async () => {
    open = createCase({
      path: join(tempDir(), 'render.locard'),
      passphrase: 'render passphrase',
      title: 'Operation Render',
      analyst: 'test-analyst',
      tlp: 'AMBER',
    });
    const folder = tempDir();
    writeFileSync(
      join(folder, 'mail.txt'),
      'From the relay https://relay7.kasvu-hosting.example/drop/upload.php (203.0.113.77)\nbenign: www.wikipedia.org\n',
    );
    writeFileSync(join(folder, `شاهد.txt`), `${PERSIAN}\nmail.desert-logistics.example\n`);
    await importPaths(open.db, [folder], {
      analyst: 'test-analyst',
      parsers: productParsers,
      collection: { collector: 'J. Doe', method: 'copied from the county mailbox' },
    });
    const benign = listIndicators(open.db).find((i) => i.value === 'www.wikipedia.org');
    if (!benign) throw new Error('no wikipedia indicator');
    updateIndicators(open, 'test-analyst', { ids: [benign.id], status: 'benign' });
    createEvent(open.db, 'test-analyst', {
      title: 'Relay goes live',
      start: '2020-10-06',
      precision: 'day',
      lane: 'preparation',
      exhibits: [1],
    });
    createEvent(open.db, 'test-analyst', { title: 'Outside the range', start: '2019-01-01', precision: 'day' });
    const skeleton = newBriefing(open, 'test-analyst', { title: 'For the county' });
    written = updateBriefing(open.db, 'test-analyst', skeleton.id, {
      classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
      bluf: `${HOSTILE}\n\n${PERSIAN}`,
      judgements: [
        {
          id: 'kj-1',
          text: 'The relay sent the mail.',
          likelihood: 'very likely',
          confidence: 'moderate',
          exhibits: [1, 2],
        },
        { id: 'kj-2', text: PERSIAN, likelihood: 'roughly even chance', confidence: 'low', exhibits: [2] },
      ],
      background: HOSTILE,
      timelineFigure: {
        from: Date.parse('2020-10-01T00:00:00Z'),
        to: Date.parse('2020-10-31T00:00:00Z'),
        caption: 'October.',
      },
    });
    context = {
      caseId: 'case-id',
      caseTitle: 'Operation Render',
      caseDescription: '',
      caseTlp: 'AMBER',
      analyst: 'test-analyst',
      now: Date.parse('2026-01-02T03:04:05Z'),
    };
    const rows = exhibitSummaryRows(open.db);
    sha = (n: number) => rows.find((r) => r.number === n)?.sha256 ?? '';
  });

  afterAll(() => {
    closeCase(open);
  });

  it('assembles judgements with their cited hashes, the chosen range of the timeline, and the reviewed indicators', () => {
    const doc = assembleDocument(open.db, written, context);
    expect(doc.kind).toBe('written');
    expect(doc.judgements.map((j) => j.citations.map((c) => [c.label, c.sha256]))).toEqual([
      [
        ['E-0001', sha(1)],
        ['E-0002', sha(2)],
      ],
      [['E-0002', sha(2)]],
    ]);
    expect(doc.timeline?.events.map((e) => e.title)).toEqual(['Relay goes live']);
    expect(doc.timeline?.outside).toBe(1);
    expect(doc.graph).toBeNull();
    const values = doc.indicators?.map((i) => i.value) ?? [];
    expect(values).toContain('hxxps://relay7[.]kasvu-hosting[.]example/drop/upload.php');
    expect(values).toContain('203[.]0[.]113[.]77');
    expect(values.join(' ')).not.toMatch(/wikipedia/);
    expect(doc.exhibits?.[0]).toMatchObject({
      label: 'E-0001',
      collector: 'J. Doe',
      method: 'copied from the county mailbox',
    });
    expect(doc.custody.intact).toBe(true);
    expect(doc.custody.entries).toBe(custodyCount(open.db));
  });

  it('generates the standard briefing from the case when none is chosen', () => {
    const doc = assembleDocument(open.db, null, context);
    expect(doc).toMatchObject({
      kind: 'standard',
      title: 'Case briefing: Operation Render',
      tlp: 'AMBER',
      judgements: [],
    });
    expect(doc.bluf).toMatch(/This case holds 2 exhibits/);
    expect(doc.facts.join('\n')).toMatch(/Indicators after review: .*URL/);
    expect(doc.facts.join('\n')).toMatch(/1 indicator marked benign or false positive left out/);
    expect(doc.timeline?.events.map((e) => e.title)).toEqual(['Outside the range', 'Relay goes live']);
    // URL → domain links are evidence-backed; exhibits and observed-in links are left out; names defanged.
    expect(doc.graph?.nodes.map((n) => n.name)).toContain('relay7[.]kasvu-hosting[.]example');
    expect(doc.graph?.nodes.some((n) => n.type === 'exhibit')).toBe(false);
  });

  it('renders self-contained HTML where analyst text stays text and runs in its own direction', () => {
    const html = renderHtml(assembleDocument(open.db, written, context));
    expect(externalResources(html)).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${BRIEFING_CSP}">`);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain(
      'Owned &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&quot;https://evil.example/x.png&quot;&gt;',
    );
    expect(html).toContain(`<p class="kj-text" dir="auto">${PERSIAN}</p>`);
    expect(html).toContain(`E-0002</span> <span class="hash">(SHA-256 ${sha(2)})`);
    expect(html).toContain('Very likely</span> · <span class="confidence">moderate confidence');
    expect(html).toContain('<span class="tlp" style="color:#FFC000">TLP:AMBER</span>');
    expect(html).toMatch(/@font-face\{font-family:'Noto Sans Arabic'[^}]*src:url\(data:font\/woff2;base64,/);
    expect(html).toContain('<svg');
    // Printed, the marking comes from the engine's header and footer rather than the page's banners.
    expect(renderHtml(assembleDocument(open.db, written, context), { forPrint: true })).not.toContain('class="banner');
  });

  it('keeps a hostile classification banner inside its CSS string and its header template', async () => {
    const classification = '"}</style><script>alert(1)</script><img src=https://evil.example/x>\\';
    const doc = { ...assembleDocument(open.db, written, context), classification };
    const html = renderHtml(doc);
    expect(externalResources(html)).toEqual([]);
    expect(html).not.toMatch(/<\/style><script/i);
    expect(html).toContain('content: "\\22 }\\3c /style\\3e \\3c script\\3e alert(1)');
    const engine = fakeEngine();
    await renderDocument(doc, 'pdf', engine.factory);
    const page = engine.printed[0]?.page;
    expect(page?.headerTemplate).toContain('&quot;}&lt;/style&gt;&lt;script&gt;');
    expect(page?.headerTemplate).not.toContain('<script');
  });

  it('renders Markdown where analyst text cannot become a link, an image or HTML', () => {
    const md = renderMarkdown(assembleDocument(open.db, written, context));
    expect(md.startsWith('**UNCLASSIFIED//FOR OFFICIAL USE ONLY · TLP:AMBER**')).toBe(true);
    expect(md.trimEnd().endsWith('**UNCLASSIFIED//FOR OFFICIAL USE ONLY · TLP:AMBER**')).toBe(true);
    expect(md).toContain(
      'Owned &lt;script\\>alert\\(1\\)&lt;/script\\>&lt;img src="https://evil.example/x.png"\\> \\[click\\]\\(https://evil.example\\) \\*\\*bold\\*\\*',
    );
    expect(md).not.toMatch(/<img|<script|\]\(https?:/);
    expect(md).toContain(`E-0001 (SHA-256 \`${sha(1)}\`)`);
    expect(md).toContain('`hxxps://relay7[.]kasvu-hosting[.]example/drop/upload.php`');
    expect(md).toContain(`1. **The relay sent the mail.**`);
  });

  it('renders DOCX with the judgements, hashes, marking and figures as pictures', async () => {
    const engine = fakeEngine();
    const rendered = await renderDocument(assembleDocument(open.db, null, context), 'docx', engine.factory);
    expect(rendered.warnings).toEqual([]);
    expect(engine.pngs).toHaveLength(2);
    for (const page of engine.pngs) expect(externalResources(page)).toEqual([]);
    const written2 = await renderDocument(assembleDocument(open.db, written, context), 'docx', engine.factory);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(written2.bytes) })).value;
    expect(text).toContain('The relay sent the mail.');
    expect(text).toContain(PERSIAN);
    expect(text).toContain(`SHA-256 ${sha(1)}`);
    expect(text).toContain(`SHA-256 ${sha(2)}`);
    expect(text).toContain('Very likely · moderate confidence');
    expect(text).toContain('TLP:AMBER');
    expect(text).toContain('hxxps://relay7[.]kasvu-hosting[.]example/drop/upload.php');
    expect(text).not.toContain('wikipedia');
    const xml = (await mammoth.convertToHtml({ buffer: Buffer.from(written2.bytes) })).value;
    expect(xml).toContain('<h1>Bottom line up front</h1>');
    expect(xml).toMatch(/<img [^>]*src="data:image\/png;base64,/);
  });

  it('still writes DOCX without Chromium, a captioned note in place of each figure', async () => {
    const rendered = await renderDocument(assembleDocument(open.db, written, context), 'docx', noEngine);
    expect(rendered.warnings[0]).toMatch(/figures are notes in the Word file/);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(rendered.bytes) })).value;
    expect(text).toMatch(/\[Figure 1, timeline: not drawn in this Word file because no Chromium was available/);
  });

  it('prints the page for PDF with the marking and page numbers in the header and footer templates', async () => {
    const engine = fakeEngine();
    await renderDocument(assembleDocument(open.db, written, context), 'pdf', engine.factory);
    const [job] = engine.printed;
    expect(job?.page.headerTemplate).toContain('UNCLASSIFIED//FOR OFFICIAL USE ONLY');
    expect(job?.page.headerTemplate).toContain('color:#FFC000');
    expect(job?.page.footerTemplate).toContain('TLP:AMBER');
    expect(job?.page.footerTemplate).toContain('<span class="pageNumber"></span> of <span class="totalPages"></span>');
    expect(job?.html).toContain('body class="print"');
    await expect(renderDocument(assembleDocument(open.db, written, context), 'pdf', noEngine)).rejects.toThrow(
      /Chromium/,
    );
  });

  it('writes an export only where it may, and records it in custody with its SHA-256', async () => {
    const folder = tempDir();
    const path = join(folder, 'brief.md');
    const before = custodyCount(open.db);
    await expect(
      exportCase(open, 'test-analyst', { format: 'md', path: join(folder, 'missing', 'x.md') }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(exportCase(open, 'test-analyst', { format: 'md', path: 'relative.md' })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await expect(exportCase(open, 'test-analyst', { format: 'md', path: folder })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await expect(
      exportCase(open, 'test-analyst', { format: 'stix', path: join(folder, 'x.json'), briefingId: written.id }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(custodyCount(open.db)).toBe(before);

    const result = await exportCase(
      open,
      'test-analyst',
      { format: 'md', path, briefingId: written.id },
      { via: 'test' },
    );
    const bytes = readFileSync(path);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.bytes).toBe(bytes.length);
    const [entry] = listCustody(open.db, 0, 1);
    expect(entry).toMatchObject({
      seq: result.custodySeq,
      action: 'case.exported',
      objectIds: [expect.any(String), `briefing:${written.id}`, 'E-0001', 'E-0002'] as unknown[],
      details: { format: 'md', path, sha256: result.sha256, bytes: bytes.length, briefing: written.id, via: 'test' },
    });

    writeFileSync(path, 'the analyst’s own file');
    await expect(exportCase(open, 'test-analyst', { format: 'md', path })).rejects.toMatchObject({
      code: 'file-exists',
    });
    expect(readFileSync(path, 'utf8')).toBe('the analyst’s own file');
    const replaced = await exportCase(open, 'test-analyst', { format: 'html', path, overwrite: true });
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(replaced.sha256);
    expect(listCustody(open.db, 0, 1)[0]?.details).toMatchObject({ format: 'html', briefing: null, standard: true });
  });

  it('removes the file again when its custody entry cannot be written', async () => {
    const other = createCase({
      path: join(tempDir(), 'closing.locard'),
      passphrase: 'closing passphrase',
      title: 'Closes while printing',
      analyst: 'test-analyst',
      tlp: 'RED',
    });
    const path = join(tempDir(), 'gone.pdf');
    // The case is closed (locked, say) while Chromium prints: the entry cannot be written.
    const engine = fakeEngine(() => {
      closeCase(other);
    });
    await expect(
      exportCase(other, 'test-analyst', { format: 'pdf', path }, { openEngine: engine.factory }),
    ).rejects.toThrow();
    expect(existsSync(path)).toBe(false);
  });

  it('lays out the evidence graph the same way every time, within the node limit', () => {
    const graph = readGraph(open.db);
    const a = evidenceGraphFigure(graph);
    expect(evidenceGraphFigure(graph)).toEqual(a);
    const positions = new Set(a.nodes.map((n) => `${String(n.x)},${String(n.y)}`));
    expect(positions.size).toBe(a.nodes.length);
    const small = evidenceGraphFigure(graph, 2);
    expect(small.nodes.length).toBeLessThanOrEqual(2);
    expect(small.note).toMatch(/of \d+ linked entities shown/);
    const star = forceLayout(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'd'],
      ],
    );
    expect(star.size).toBe(4);
  });

  it('puts timeline ticks on round UTC boundaries for the span shown', () => {
    expect(
      timeTicks(Date.parse('2020-10-06T00:00:00Z'), Date.parse('2020-10-12T00:00:00Z')).map((t) => t.label),
    ).toEqual(['2020-10-06', '2020-10-07', '2020-10-08', '2020-10-09', '2020-10-10', '2020-10-11', '2020-10-12']);
    expect(
      timeTicks(Date.parse('2019-03-10T00:00:00Z'), Date.parse('2021-05-01T00:00:00Z')).map((t) => t.label),
    ).toEqual(['2019-07', '2020-01', '2020-07', '2021-01']);
    expect(
      timeTicks(Date.parse('2020-10-21T02:00:00Z'), Date.parse('2020-10-21T07:00:00Z')).map((t) => t.label),
    ).toEqual(['10-21 02:00', '03:00', '04:00', '05:00', '06:00', '07:00']);
  });

  it('finds the Chromium to print with, or says how to get one', () => {
    expect(findChromium({ LOCARD_CHROMIUM: '/opt/chromium' }, (p) => p === '/opt/chromium')).toBe('/opt/chromium');
    expect(() => findChromium({ LOCARD_CHROMIUM: '/nowhere/chrome' }, () => false)).toThrow(
      /LOCARD_CHROMIUM names \/nowhere\/chrome, which does not exist/,
    );
    expect(() => findChromium({}, () => false)).toThrow(/none was found .*set LOCARD_CHROMIUM/);
    expect(findChromium({}, (p) => p === '/usr/bin/chromium-browser')).toBe('/usr/bin/chromium-browser');
  });
});
