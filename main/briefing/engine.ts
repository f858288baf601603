/**
 * The print engine: Chromium turns the briefing's HTML into a PDF (A4, the marking in every page's
 * header and footer, "Page N of M") and rasterises figures to PNG for DOCX. Two implementations with
 * one contract: playwright-core driving the system Chromium (CLI, browser shell: chromium.ts) and
 * Electron's own webContents (main/app/print.ts). Both load nothing but the page they are handed.
 */
import { escapeXml } from './figures.js';
import { TLP_COLOURS, tlpLabel } from './marking.js';
import type { TlpMarking } from '../../shared/domain.js';

export interface PdfPage {
  readonly headerTemplate: string;
  readonly footerTemplate: string;
  /** Millimetres. */
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

export interface PrintEngine {
  /** The PDF of a self-contained page, A4, with the header and footer on every page. */
  pdf(html: string, page: PdfPage): Promise<Uint8Array>;
  /** A PNG of a self-contained page whose content is `width`×`height` CSS pixels, at 2× for print. */
  png(html: string, width: number, height: number): Promise<Uint8Array>;
  /** Release the browser (or window) behind it. */
  close(): Promise<void>;
}

/** Opens an engine when an export needs one (launching Chromium takes a moment; DOCX may not need it). */
export type PrintEngineFactory = () => Promise<PrintEngine>;

export const PAGE_MARGIN_MM = { top: 17, right: 16, bottom: 16, left: 16 } as const;

/**
 * Chromium's header and footer templates: the classification banner and the TLP label on every page
 * (header), and again with "Page N of M" (footer). Templates render with no page styles, so every
 * style is inline and the size is explicit.
 */
export function pdfPage(classification: string, tlp: TlpMarking): PdfPage {
  const font = "font-family:'Noto Sans','Noto Sans Arabic','DejaVu Sans',Arial,sans-serif";
  const badge = `<span style="background:#000000;color:${TLP_COLOURS[tlp]};padding:0.6mm 2mm;font-weight:700;letter-spacing:0.3px;-webkit-print-color-adjust:exact;print-color-adjust:exact">${escapeXml(tlpLabel(tlp))}</span>`;
  const banner = classification
    ? `<span dir="auto" style="font-weight:700;margin-right:3mm">${escapeXml(classification)}</span>`
    : '';
  const side = `${String(PAGE_MARGIN_MM.left)}mm`;
  return {
    headerTemplate: `<div style="${font};font-size:8pt;width:100%;margin:0 ${side};display:flex;justify-content:center;align-items:center;color:#1d2733;-webkit-print-color-adjust:exact">${banner}${badge}</div>`,
    footerTemplate: `<div style="${font};font-size:8pt;width:100%;margin:0 ${side};display:flex;justify-content:space-between;align-items:center;color:#1d2733;-webkit-print-color-adjust:exact"><span>${badge}</span><span>${banner}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    margin: PAGE_MARGIN_MM,
  };
}

/** The page a figure is rasterised from: the same fonts, the SVG at its own size, nothing else. */
export function figurePage(svg: string, fontCss: string, csp: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><style>${fontCss}
html,body{margin:0;padding:0;background:#ffffff}svg{display:block}</style></head><body>${svg}</body></html>`;
}
