/**
 * The briefing as one self-contained HTML page: inline CSS, the fonts embedded as data: URLs, the
 * figures as inline SVG, and a Content-Security-Policy that forbids every load from anywhere else (no
 * script at all). The same page is the HTML export, the editor's preview, and what Chromium prints
 * to PDF (`forPrint`: the marking then comes from the print engine's header and footer on every page
 * instead of the page's own banners). User text is escaped and carries dir="auto", so Arabic and
 * Persian paragraphs run right to left, shaped with Noto Sans Arabic.
 */
import { ANALYTIC_CONFIDENCES } from '../../shared/briefing.js';
import { formatBytes } from '../../shared/format.js';
import { escapeXml, graphSvg, timelineSvg } from './figures.js';
import { FONT_STACK, fontFaceCss, MONO_STACK } from './fonts.js';
import { TLP_COLOURS, TLP_DEFINITIONS, tlpLabel } from './marking.js';
import {
  INDICATOR_TYPE_NAMES,
  plural,
  timelineCaptionText,
  utcText,
  type BriefingDocument,
  type DocumentJudgement,
  type TimelineFigureData,
} from './model.js';

/** No request leaves the page: only inline styles, and fonts and images from data: URLs. */
export const BRIEFING_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'";

export interface HtmlOptions {
  /** Printing to PDF: the print engine draws the marking on every page; the page leaves its banners out. */
  readonly forPrint?: boolean;
}

const esc = escapeXml;

/** Paragraphs (blank lines between) with line breaks kept, each in the writer's own direction. */
export function paragraphs(text: string, className = ''): string {
  const cls = className ? ` class="${className}"` : '';
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p dir="auto"${cls}>${p.split('\n').map(esc).join('<br>')}</p>`)
    .join('\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function judgementAssessment(j: Pick<DocumentJudgement, 'likelihood' | 'confidence'>): string {
  return `${capitalise(j.likelihood)} · ${j.confidence} confidence`;
}

function tlpBadge(doc: BriefingDocument): string {
  return `<span class="tlp" style="color:${TLP_COLOURS[doc.tlp]}">${esc(tlpLabel(doc.tlp))}</span>`;
}

function banner(doc: BriefingDocument, where: 'top' | 'bottom'): string {
  return `<div class="banner banner-${where}" role="note">${doc.classification ? `<span class="classification" dir="auto">${esc(doc.classification)}</span>` : ''}${tlpBadge(doc)}</div>`;
}

function judgementHtml(j: DocumentJudgement, index: number): string {
  const citations =
    j.citations.length === 0
      ? '<p class="kj-none">No exhibit cited.</p>'
      : `<ul class="citations">${j.citations
          .map(
            (c) =>
              `<li><span class="exhibit">${esc(c.label)}</span> <span class="hash">(SHA-256 ${esc(c.sha256 || 'unknown')})</span><br><span class="exhibit-name" dir="auto">${esc(c.name)}</span></li>`,
          )
          .join('')}</ul>`;
  return `<li class="judgement" id="kj-${String(index + 1)}"><p class="kj-text" dir="auto">${esc(j.text)}</p><p class="kj-assessment"><span class="likelihood">${esc(capitalise(j.likelihood))}</span> · <span class="confidence">${esc(j.confidence)} confidence</span></p>${citations}</li>`;
}

function timelineTable(figure: TimelineFigureData): string {
  if (figure.events.length === 0) return '';
  const rows = figure.events
    .map(
      (e) =>
        `<tr><td class="num">${String(e.n)}</td><td class="when">${esc(e.when)}</td><td dir="auto">${esc(e.title)}${e.milestones.length ? ` <span class="milestone">(${esc(e.milestones.join(', '))})</span>` : ''}</td><td dir="auto">${esc(e.lane || '—')}</td><td class="mono">${esc(e.exhibits.join(', ') || 'unsupported')}</td></tr>`,
    )
    .join('');
  return `<table class="events"><thead><tr><th>#</th><th>When</th><th>Event</th><th>Lane</th><th>Exhibits</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function renderHtml(doc: BriefingDocument, options: HtmlOptions = {}): string {
  const sections: string[] = [];
  sections.push(
    section('bluf', 'Bottom line up front', doc.bluf ? paragraphs(doc.bluf) : '<p class="empty">Not written yet.</p>'),
  );
  if (doc.kind === 'standard') {
    sections.push(
      section('facts', 'Key facts', `<ul class="facts">${doc.facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`),
    );
  } else {
    sections.push(
      section(
        'judgements',
        'Key judgements',
        doc.judgements.length
          ? `<ol class="judgements">${doc.judgements.map(judgementHtml).join('\n')}</ol><p class="note">Likelihood in the terms of ICD 203 (almost no chance … almost certain); analytic confidence (${ANALYTIC_CONFIDENCES.join(', ')}) is stated separately. Each cited exhibit is named by its number and the SHA-256 of its bytes.</p>`
          : '<p class="empty">No key judgements written yet.</p>',
      ),
    );
  }
  if (doc.background) sections.push(section('background', 'Background', paragraphs(doc.background)));
  if (doc.timeline) {
    const t = doc.timeline;
    const caption = timelineCaptionText(t);
    sections.push(
      section(
        'timeline',
        'Timeline',
        t.events.length
          ? `<figure class="figure">${timelineSvg(t).svg}<figcaption dir="auto">Figure 1. ${esc(caption)}</figcaption></figure>${timelineTable(t)}`
          : `<p class="empty" dir="auto">${esc(caption)}</p>`,
      ),
    );
  }
  if (doc.graph) {
    const g = doc.graph;
    const figureNumber = doc.timeline?.events.length ? 2 : 1;
    sections.push(
      section(
        'infrastructure',
        'Infrastructure',
        g.nodes.length
          ? `<figure class="figure">${graphSvg(g).svg}<figcaption dir="auto">Figure ${String(figureNumber)}. ${esc(g.caption)}${g.note ? ` ${esc(g.note)}` : ''} Dashed links: confidence below “likely”.</figcaption></figure>`
          : `<p class="empty" dir="auto">${esc(g.caption)} ${esc(g.note)}</p>`,
      ),
    );
  }
  if (doc.indicators) {
    const rows = doc.indicators
      .map(
        (i) =>
          `<tr><td>${esc(INDICATOR_TYPE_NAMES[i.type])}</td><td class="mono value">${esc(i.value)}</td><td class="num">${String(i.exhibits)}</td><td class="when">${esc(utcText(i.firstSeen).slice(0, 10))}</td><td dir="auto">${esc(i.context)}</td></tr>`,
      )
      .join('');
    sections.push(
      section(
        'indicators',
        'Indicators',
        doc.indicators.length
          ? `<p class="note">${plural(doc.indicators.length, 'indicator')}, defanged (hxxp, [.]) so that none can be followed by accident; those marked benign or false positive are left out.</p><table class="indicators"><thead><tr><th>Type</th><th>Value</th><th>Exhibits</th><th>First imported</th><th>Enrichment</th></tr></thead><tbody>${rows}</tbody></table>`
          : '<p class="empty">No indicators remain after review.</p>',
      ),
    );
  }
  if (doc.exhibits) {
    const rows = doc.exhibits
      .map((e) => {
        const how = [
          e.method ? `Method: ${e.method}` : '',
          e.source ? `Source: ${e.source}` : '',
          e.derivedFrom ? `Derived from ${e.derivedFrom}` : '',
        ].filter(Boolean);
        return `<tr><td class="mono">${esc(e.label)}</td><td dir="auto"><span class="exhibit-name">${esc(e.name)}</span><br><span class="small">${esc(e.kind)}, ${esc(formatBytes(e.size))}</span></td><td class="mono hash-cell">${esc(e.sha256)}</td><td class="small"><span dir="auto">${esc(utcText(e.importedAt))} by ${esc(e.collector || e.importedBy)}</span>${how.map((h) => `<br><span dir="auto">${esc(h)}</span>`).join('')}</td></tr>`;
      })
      .join('');
    sections.push(
      section(
        'exhibits',
        'Exhibits',
        doc.exhibits.length
          ? `<table class="exhibits"><thead><tr><th>No.</th><th>Name</th><th>SHA-256</th><th>Collected (when, by whom, how)</th></tr></thead><tbody>${rows}</tbody></table>`
          : '<p class="empty">The case holds no exhibits.</p>',
      ),
    );
  }
  const custody = doc.custody;
  sections.push(
    section(
      'methodology',
      'Methodology and custody',
      `${paragraphs(doc.methodology)}<div class="custody"><h3>Custody statement</h3><p>The case's custody log held ${plural(custody.entries, 'entry', 'entries')} when this document was produced. Head hash (SHA-256 of the last entry):</p><p class="mono head">${esc(custody.headHash)}</p><p class="${custody.intact ? 'ok' : 'failed'}">${esc(custody.result)} Verified ${esc(utcText(custody.verifiedAt))}.</p><p class="small">This export is itself recorded in the custody log, in an entry after that head, with the SHA-256 of the file written.</p></div>`,
    ),
  );
  if (doc.appendix) sections.push(section('appendix', 'Appendix', paragraphs(doc.appendix)));

  const meta = [
    `Case: ${doc.caseTitle}`,
    `Produced ${utcText(doc.generatedAt)} by ${doc.generatedBy}`,
    doc.kind === 'standard' ? 'Standard case briefing, generated from the case' : `Briefing ${doc.briefingId ?? ''}`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${BRIEFING_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${doc.title} (${tlpLabel(doc.tlp)})`)}</title>
<style>
${fontFaceCss()}
${STYLE}
${options.forPrint ? '' : pageMarginCss(doc)}
</style>
</head>
<body class="${options.forPrint ? 'print' : 'screen'}">
${options.forPrint ? '' : banner(doc, 'top')}
<main>
<header class="title-block">
<p class="marking-line">${doc.classification ? `<span class="classification" dir="auto">${esc(doc.classification)}</span> ` : ''}${tlpBadge(doc)}</p>
<h1 dir="auto">${esc(doc.title)}</h1>
<p class="meta" dir="auto">${meta.map(esc).join(' · ')}</p>
<p class="handling"><strong>${esc(tlpLabel(doc.tlp))}</strong>: ${esc(TLP_DEFINITIONS[doc.tlp])}</p>
</header>
${sections.join('\n')}
</main>
${options.forPrint ? '' : banner(doc, 'bottom')}
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #ffffff; color: #1d2733; font-family: ${FONT_STACK}; font-size: 10.5pt; line-height: 1.45; }
main { max-width: 190mm; margin: 0 auto; padding: 8mm 10mm 12mm; }
body.print main { max-width: none; padding: 0; }
.banner { display: flex; justify-content: center; align-items: center; gap: 12px; padding: 4px 8px; background: #ffffff; border-bottom: 1px solid #d5dbe2; font-size: 9pt; font-weight: 700; letter-spacing: 0.02em; }
.banner-top { position: sticky; top: 0; z-index: 1; }
.banner-bottom { border-top: 1px solid #d5dbe2; border-bottom: 0; }
.tlp { display: inline-block; background: #000000; padding: 1px 6px; font-weight: 700; font-family: ${FONT_STACK}; letter-spacing: 0.03em; }
.classification { font-weight: 700; text-transform: none; }
.title-block { border-bottom: 2px solid #1d2733; padding-bottom: 6px; margin-bottom: 10px; }
.marking-line { margin: 0 0 6px; font-size: 9.5pt; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 13.5pt; margin: 18px 0 6px; padding-bottom: 2px; border-bottom: 1px solid #d5dbe2; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 7px; }
.meta, .handling { font-size: 8.5pt; color: #5b6673; margin: 0 0 3px; }
.note, .small { font-size: 8.5pt; color: #5b6673; }
.empty { color: #5b6673; font-style: italic; }
.mono, code, .hash, .exhibit { font-family: ${MONO_STACK}; }
ol.judgements { padding-left: 22px; margin: 0 0 8px; }
li.judgement { margin: 0 0 10px; padding: 6px 8px; border-left: 3px solid #1f5fa8; background: #f6f8fb; break-inside: avoid; page-break-inside: avoid; }
.kj-text { font-weight: 700; margin-bottom: 3px; }
.kj-assessment { font-size: 9.5pt; margin-bottom: 3px; }
.likelihood { font-weight: 700; color: #1f5fa8; }
ul.citations { list-style: none; padding: 0; margin: 0; font-size: 8.5pt; }
ul.citations li { margin: 2px 0; }
ul.citations .hash { white-space: nowrap; font-size: 7.5pt; }
@media screen { ul.citations .hash { white-space: normal; overflow-wrap: anywhere; } }
ul.facts { padding-left: 18px; }
ul.facts li { margin: 0 0 4px; }
figure.figure { margin: 6px 0 10px; break-inside: avoid; page-break-inside: avoid; }
figure.figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 8.5pt; color: #5b6673; margin-top: 4px; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 4px 0 10px; }
thead { display: table-header-group; }
th { text-align: start; background: #e8edf3; border-bottom: 1px solid #9aa6b2; padding: 3px 5px; font-weight: 700; }
td { border-bottom: 1px solid #e1e6ec; padding: 3px 5px; vertical-align: top; overflow-wrap: break-word; }
td .exhibit-name, table.events th:nth-child(1) { width: 4%; }
table.events th:nth-child(2) { width: 19%; }
table.events th:nth-child(4) { width: 15%; }
table.events th:nth-child(5) { width: 10%; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: end; white-space: nowrap; }
td.when { white-space: nowrap; }
td.hash-cell { font-size: 7pt; word-break: break-all; width: 33%; }
table.exhibits td:first-child, table.indicators td:first-child { white-space: nowrap; }
.milestone { color: #b3261e; font-weight: 700; }
.custody { break-inside: avoid; page-break-inside: avoid; border: 1px solid #d5dbe2; padding: 6px 8px; margin-top: 8px; }
.custody .head { font-size: 8pt; word-break: break-all; }
.ok { color: #146c2e; font-weight: 700; }
.failed { color: #b3261e; font-weight: 700; }
@page { size: A4; margin: 20mm 16mm 18mm; }
@media print {
  .banner { display: none; }
  main { padding: 0; max-width: none; }
}
`;

/** A CSS string literal: quotes, backslashes and "<" (no "</style>") escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${(c.codePointAt(0) ?? 0).toString(16)} `)}"`;
}

/** A browser printing the HTML export puts the marking in every page's margin (CSS page-margin boxes). */
function pageMarginCss(doc: BriefingDocument): string {
  const label = cssString(tlpLabel(doc.tlp));
  const classification = cssString(doc.classification);
  const tlpBox = `content: ${label}; color: ${TLP_COLOURS[doc.tlp]}; background: #000000; font: 700 8pt ${FONT_STACK}; padding: 1mm 2mm; margin: auto 0;`;
  return `@page {
  @top-left { content: ${classification}; font: 700 8pt ${FONT_STACK}; }
  @top-right { ${tlpBox} }
  @bottom-left { ${tlpBox} }
  @bottom-center { content: ${classification}; font: 700 8pt ${FONT_STACK}; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt ${FONT_STACK}; }
}`;
}
