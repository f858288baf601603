/**
 * The briefing as an editable Word document (the `docx` library): Word's own Title and Heading
 * styles, tables for the judgements, events, indicators and exhibits (header rows repeat, rows do not
 * split across pages), the figures as PNG pictures (rasterised by the print engine from the same
 * SVG; without one, a captioned note says where to find the figure), and the marking in every page's
 * header and footer with "Page N of M". Right-to-left paragraphs are marked bidirectional.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { TlpMarking } from '../../shared/domain.js';
import { formatBytes } from '../../shared/format.js';
import { judgementAssessment } from './html.js';
import { TLP_COLOURS, TLP_DEFINITIONS, tlpLabel } from './marking.js';
import { INDICATOR_TYPE_NAMES, plural, timelineCaptionText, utcText, type BriefingDocument } from './model.js';

/** A figure rasterised for Word, or null when no print engine was available. */
export interface FigureImage {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface DocxFigures {
  readonly timeline: FigureImage | null;
  readonly graph: FigureImage | null;
}

const PAGE = { width: 11906, height: 16838, margin: 1134 } as const; // A4 and 2 cm, in twips
const CONTENT_TWIPS = PAGE.width - 2 * PAGE.margin;
/** Picture width in pixels (96 to the inch) that fills the text column. */
const CONTENT_PX = Math.floor((CONTENT_TWIPS / 1440) * 96);
const MONO = 'Consolas';
const MUTED = '5B6673';

const RTL_FIRST = /^[^\p{L}]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
/** The paragraph direction Unicode's first-strong rule gives, as dir="auto" does in the HTML. */
export function isRtl(text: string): boolean {
  return RTL_FIRST.test(text);
}

function run(text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text, ...options, ...(isRtl(text) ? { rightToLeft: true } : {}) });
}

function para(
  text: string,
  options: { bold?: boolean; size?: number; colour?: string; mono?: boolean } = {},
): Paragraph {
  return new Paragraph({
    bidirectional: isRtl(text),
    children: text.split('\n').map((line, i) =>
      run(line, {
        break: i > 0 ? 1 : 0,
        ...(options.bold ? { bold: true } : {}),
        ...(options.size ? { size: options.size } : {}),
        ...(options.colour ? { color: options.colour } : {}),
        ...(options.mono ? { font: MONO } : {}),
      }),
    ),
    spacing: { after: 120 },
  });
}

function paragraphs(text: string): Paragraph[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => para(p));
}

function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    bidirectional: isRtl(text),
    keepNext: true,
    children: [run(text)],
  });
}

function tlpRun(tlp: TlpMarking, size = 16): TextRun {
  return run(` ${tlpLabel(tlp)} `, {
    bold: true,
    size,
    color: TLP_COLOURS[tlp].slice(1),
    shading: { type: ShadingType.CLEAR, fill: '000000', color: 'auto' },
  });
}

type Cell = string | Paragraph[];

function table(head: readonly string[], widths: readonly number[], rows: readonly (readonly Cell[])[]): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const twips = widths.map((w) => Math.floor((w / total) * CONTENT_TWIPS));
  const cell = (content: Cell, i: number, header = false) =>
    new TableCell({
      width: { size: twips[i] ?? 1000, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E8EDF3', color: 'auto' } } : {}),
      children:
        typeof content === 'string'
          ? [
              new Paragraph({
                bidirectional: isRtl(content),
                children: [run(content, { size: 16, ...(header ? { bold: true } : {}) })],
              }),
            ]
          : content,
    });
  return new Table({
    width: { size: CONTENT_TWIPS, type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '9AA6B2' },
      bottom: { style: BorderStyle.SINGLE, size: 4, color: '9AA6B2' },
      left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'D5DBE2' },
      insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
    },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i)) })),
    ],
  });
}

function small(text: string, options: { mono?: boolean; bold?: boolean; colour?: string } = {}): Paragraph {
  return new Paragraph({
    bidirectional: isRtl(text),
    children: [
      run(text, {
        size: options.mono ? 14 : 16,
        ...(options.mono ? { font: MONO } : {}),
        ...(options.bold ? { bold: true } : {}),
        ...(options.colour ? { color: options.colour } : {}),
      }),
    ],
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({
    bidirectional: isRtl(text),
    spacing: { after: 200 },
    children: [run(text, { size: 16, italics: true, color: MUTED })],
  });
}

function figure(image: FigureImage | null, label: string): Paragraph {
  if (!image) {
    return new Paragraph({
      children: [
        run(
          `[${label}: not drawn in this Word file because no Chromium was available to draw it. The PDF and HTML exports of this briefing show it; the table below lists what it shows.]`,
          { italics: true, color: MUTED, size: 18 },
        ),
      ],
    });
  }
  const width = Math.min(CONTENT_PX, image.width);
  const height = Math.round((image.height / image.width) * width);
  return new Paragraph({
    keepNext: true,
    children: [
      new ImageRun({
        type: 'png',
        data: image.png,
        transformation: { width, height },
        altText: { name: label, title: label, description: label },
      }),
    ],
  });
}

export async function renderDocx(doc: BriefingDocument, figures: DocxFigures): Promise<Uint8Array> {
  const body: (Paragraph | Table)[] = [];
  body.push(
    new Paragraph({
      children: [
        ...(doc.classification ? [run(`${doc.classification}  `, { bold: true, size: 18 })] : []),
        tlpRun(doc.tlp, 18),
      ],
      spacing: { after: 120 },
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, bidirectional: isRtl(doc.title), children: [run(doc.title)] }),
    small(
      [
        `Case: ${doc.caseTitle}`,
        `Produced ${utcText(doc.generatedAt)} by ${doc.generatedBy}`,
        doc.kind === 'standard'
          ? 'Standard case briefing, generated from the case'
          : `Briefing ${doc.briefingId ?? ''}`,
      ].join(' · '),
      { colour: MUTED },
    ),
    small(`${tlpLabel(doc.tlp)}: ${TLP_DEFINITIONS[doc.tlp]}`, { colour: MUTED }),
  );

  body.push(heading('Bottom line up front'), ...(doc.bluf ? paragraphs(doc.bluf) : [para('Not written yet.')]));
  if (doc.kind === 'standard') {
    body.push(
      heading('Key facts'),
      ...doc.facts.map((f) => new Paragraph({ bullet: { level: 0 }, bidirectional: isRtl(f), children: [run(f)] })),
    );
  } else {
    body.push(heading('Key judgements'));
    if (doc.judgements.length === 0) body.push(para('No key judgements written yet.'));
    else
      body.push(
        table(
          ['#', 'Judgement', 'Likelihood and confidence', 'Exhibits cited (SHA-256)'],
          [4, 38, 16, 42],
          doc.judgements.map((j, i) => [
            String(i + 1),
            [new Paragraph({ bidirectional: isRtl(j.text), children: [run(j.text, { bold: true, size: 18 })] })],
            judgementAssessment(j),
            j.citations.length === 0
              ? 'No exhibit cited.'
              : j.citations.flatMap((c) => [
                  small(`${c.label} ${c.name}`, { bold: true }),
                  small(`SHA-256 ${c.sha256 || 'unknown'}`, { mono: true }),
                ]),
          ]),
        ),
        caption(
          'Likelihood in the terms of ICD 203; analytic confidence (low, moderate, high) stated separately. Each cited exhibit is named by its number and the SHA-256 of its bytes.',
        ),
      );
  }
  if (doc.background) body.push(heading('Background'), ...paragraphs(doc.background));
  let figureNumber = 0;
  if (doc.timeline) {
    const t = doc.timeline;
    const text = timelineCaptionText(t);
    body.push(heading('Timeline'));
    if (t.events.length) {
      figureNumber += 1;
      body.push(
        figure(figures.timeline, `Figure ${String(figureNumber)}, timeline`),
        caption(`Figure ${String(figureNumber)}. ${text}`),
        table(
          ['#', 'When', 'Event', 'Lane', 'Exhibits'],
          [5, 24, 41, 15, 15],
          t.events.map((e) => [
            String(e.n),
            e.when,
            `${e.title}${e.milestones.length ? ` (${e.milestones.join(', ')})` : ''}`,
            e.lane || '—',
            e.exhibits.join(', ') || 'unsupported',
          ]),
        ),
      );
    } else body.push(caption(text));
  }
  if (doc.graph) {
    const g = doc.graph;
    body.push(heading('Infrastructure'));
    if (g.nodes.length) {
      figureNumber += 1;
      const names = new Map(g.nodes.map((n) => [n.id, n.name]));
      body.push(
        figure(figures.graph, `Figure ${String(figureNumber)}, infrastructure graph`),
        caption(`Figure ${String(figureNumber)}. ${g.caption}${g.note ? ` ${g.note}` : ''}`),
        table(
          ['Source', 'Link', 'Target', 'Confidence'],
          [36, 16, 36, 12],
          g.edges.map((e) => [
            names.get(e.source) ?? e.source,
            e.type,
            names.get(e.target) ?? e.target,
            String(e.confidence),
          ]),
        ),
      );
    } else body.push(caption(`${g.caption} ${g.note}`));
  }
  if (doc.indicators) {
    body.push(heading('Indicators'));
    if (doc.indicators.length === 0) body.push(para('No indicators remain after review.'));
    else
      body.push(
        caption(
          `${plural(doc.indicators.length, 'indicator')}, defanged (hxxp, [.]) so that none can be followed by accident; those marked benign or false positive are left out.`,
        ),
        table(
          ['Type', 'Value', 'Exhibits', 'First imported', 'Enrichment'],
          [15, 41, 9, 13, 22],
          doc.indicators.map((i) => [
            INDICATOR_TYPE_NAMES[i.type],
            [small(i.value, { mono: true })],
            String(i.exhibits),
            utcText(i.firstSeen).slice(0, 10),
            i.context,
          ]),
        ),
      );
  }
  if (doc.exhibits) {
    body.push(heading('Exhibits'));
    if (doc.exhibits.length === 0) body.push(para('The case holds no exhibits.'));
    else
      body.push(
        table(
          ['No.', 'Name', 'SHA-256', 'Collected (when, by whom, how)'],
          [9, 29, 32, 30],
          doc.exhibits.map((e) => [
            e.label,
            [small(e.name, { bold: true }), small(`${e.kind}, ${formatBytes(e.size)}`, { colour: MUTED })],
            [small(e.sha256, { mono: true })],
            [
              small(`${utcText(e.importedAt)} by ${e.collector || e.importedBy}`),
              ...[
                e.method ? `Method: ${e.method}` : '',
                e.source ? `Source: ${e.source}` : '',
                e.derivedFrom ? `Derived from ${e.derivedFrom}` : '',
              ]
                .filter(Boolean)
                .map((line) => small(line, { colour: MUTED })),
            ],
          ]),
        ),
      );
  }
  const c = doc.custody;
  body.push(
    heading('Methodology and custody'),
    ...paragraphs(doc.methodology),
    heading('Custody statement', 2),
    para(
      `The case's custody log held ${plural(c.entries, 'entry', 'entries')} when this document was produced. Head hash (SHA-256 of the last entry):`,
    ),
    para(c.headHash, { mono: true, size: 17 }),
    para(`${c.result} Verified ${utcText(c.verifiedAt)}.`, { bold: true, colour: c.intact ? '146C2E' : 'B3261E' }),
    para(
      'This export is itself recorded in the custody log, in an entry after that head, with the SHA-256 of the file written.',
      { size: 16, colour: MUTED },
    ),
  );
  if (doc.appendix) body.push(heading('Appendix'), ...paragraphs(doc.appendix));

  const marking = (extra: TextRun[]) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        ...(doc.classification ? [run(`${doc.classification}  `, { bold: true, size: 16 })] : []),
        tlpRun(doc.tlp),
        ...extra,
      ],
    });
  const document = new Document({
    title: doc.title,
    creator: doc.generatedBy,
    description: `Locard briefing, ${tlpLabel(doc.tlp)}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
              header: 560,
              footer: 560,
            },
          },
        },
        headers: { default: new Header({ children: [marking([])] }) },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_TWIPS }],
                children: [
                  tlpRun(doc.tlp),
                  ...(doc.classification ? [run(`  ${doc.classification}`, { bold: true, size: 16 })] : []),
                  new TextRun({ size: 16, children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
