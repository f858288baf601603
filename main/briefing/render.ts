/**
 * One document, four outputs: HTML, Markdown, DOCX and PDF (the HTML printed by Chromium). The print
 * engine is opened only when an output needs it (PDF always; DOCX for its figures, and DOCX still
 * renders, with a captioned note in place of each figure, when no Chromium is available).
 */
import type { DocumentFormat } from '../../shared/briefing.js';
import { LocardError } from '../errors.js';
import { renderDocx, type FigureImage } from './docx.js';
import { figurePage, pdfPage, type PrintEngine, type PrintEngineFactory } from './engine.js';
import { graphSvg, timelineSvg, type Svg } from './figures.js';
import { fontFaceCss } from './fonts.js';
import { BRIEFING_CSP, renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { BriefingDocument } from './model.js';

export const MEDIA_TYPES: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

export interface Rendered {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  /** What the reader should know (a figure left out of a Word file); empty when nothing. */
  readonly warnings: readonly string[];
}

export async function renderDocument(
  doc: BriefingDocument,
  format: DocumentFormat,
  openEngine: PrintEngineFactory,
): Promise<Rendered> {
  const mediaType = MEDIA_TYPES[format];
  switch (format) {
    case 'html':
      return { bytes: Buffer.from(renderHtml(doc), 'utf8'), mediaType, warnings: [] };
    case 'md':
      return { bytes: Buffer.from(renderMarkdown(doc), 'utf8'), mediaType, warnings: [] };
    case 'pdf': {
      const engine = await openEngine();
      try {
        const bytes = await engine.pdf(renderHtml(doc, { forPrint: true }), pdfPage(doc.classification, doc.tlp));
        return { bytes, mediaType, warnings: [] };
      } finally {
        await engine.close();
      }
    }
    case 'docx': {
      const svgs = {
        timeline: doc.timeline && doc.timeline.events.length > 0 ? timelineSvg(doc.timeline) : null,
        graph: doc.graph && doc.graph.nodes.length > 0 ? graphSvg(doc.graph) : null,
      };
      const warnings: string[] = [];
      let images: { timeline: FigureImage | null; graph: FigureImage | null } = { timeline: null, graph: null };
      if (svgs.timeline || svgs.graph) {
        try {
          images = await rasterise(svgs, openEngine);
        } catch (error) {
          if (!(error instanceof LocardError)) throw error;
          warnings.push(`The figures are notes in the Word file, not pictures: ${error.message}`);
        }
      }
      return { bytes: await renderDocx(doc, images), mediaType, warnings };
    }
  }
}

async function rasterise(
  svgs: { timeline: Svg | null; graph: Svg | null },
  openEngine: PrintEngineFactory,
): Promise<{ timeline: FigureImage | null; graph: FigureImage | null }> {
  const engine: PrintEngine = await openEngine();
  try {
    const one = async (svg: Svg | null): Promise<FigureImage | null> =>
      svg
        ? {
            png: await engine.png(figurePage(svg.svg, fontFaceCss(), BRIEFING_CSP), svg.width, svg.height),
            width: svg.width,
            height: svg.height,
          }
        : null;
    return { timeline: await one(svgs.timeline), graph: await one(svgs.graph) };
  } finally {
    await engine.close();
  }
}
