import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { ChevronLeft, ChevronRight, Minus, Plus } from 'lucide-react';
import { ContentError, fetchExhibitContent } from '../../../api/client.js';
import type { PDFDocumentProxy } from './pdf.js';

/** pdf.js holds the whole file; the importer's limit is the same (main/intake/parsers/limits.ts). */
const MAX_PDF_BYTES = 256 * 1024 * 1024;
const ZOOMS: readonly number[] = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 4;

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly doc: PDFDocumentProxy };

function reason(error: unknown): string {
  if (error instanceof ContentError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `pdf.js could not open this file (${message.replace(/\.$/, '')}). Its stored bytes are intact: see the Hex tab.`;
}

/**
 * A PDF exhibit, page by page on a canvas (pdf.js, see ./pdf.ts): previous/next, a page number field,
 * PageUp/PageDown and the arrow keys, and zoom relative to the pane's width. `page` (from an
 * indicator's location) opens that page.
 */
export function PdfView({ url, page: wantedPage }: { readonly url: string; readonly page?: number | undefined }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [page, setPage] = useState(wantedPage ?? 1);
  const [zoom, setZoom] = useState(1);
  /** What the analyst is typing in the page field; null shows the current page. */
  const [draft, setDraft] = useState<string | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(0);
  const [width, setWidth] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const pageInput = useId();

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    // A function, not a property read: the type checker would take `aborted` as fixed after the first check.
    const stopped = () => signal.aborted;
    let destroy: (() => void) | undefined;
    const open = async () => {
      const [bytes, pdf] = await Promise.all([fetchExhibitContent(url, MAX_PDF_BYTES, signal), import('./pdf.js')]);
      if (stopped()) return;
      const task = pdf.openPdf(bytes);
      destroy = () => task.destroy();
      const doc = await task.promise;
      if (!stopped()) setLoad({ state: 'ready', doc });
    };
    open().catch((error: unknown) => {
      if (!stopped()) setLoad({ state: 'failed', message: reason(error) });
    });
    return () => {
      controller.abort();
      destroy?.();
    };
  }, [url]);

  const pageCount = load.state === 'ready' ? load.doc.numPages : 0;

  // A page asked for from outside (an indicator's location) opens it (adjusted while rendering).
  const [seenWanted, setSeenWanted] = useState(wantedPage);
  if (seenWanted !== wantedPage) {
    setSeenWanted(wantedPage);
    if (wantedPage !== undefined) {
      setPage(wantedPage);
      setDraft(null);
    }
  }
  const shownPage = pageCount === 0 ? page : Math.min(Math.max(1, Math.round(page)), pageCount);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [load.state]);

  useEffect(() => {
    if (load.state !== 'ready' || width === 0) return;
    const target = canvas.current;
    if (!target) return;
    const run: { cancelled: boolean; cancel?: () => void } = { cancelled: false };
    const cancelled = () => run.cancelled;
    const draw = async () => {
      const pdfPage = await load.doc.getPage(shownPage);
      if (cancelled()) return;
      const base = pdfPage.getViewport({ scale: 1 });
      const fit = Math.max(0.1, (width - 24) / base.width);
      const viewport = pdfPage.getViewport({ scale: fit * zoom });
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      target.style.width = `${String(Math.floor(viewport.width))}px`;
      target.style.height = `${String(Math.floor(viewport.height))}px`;
      const context = target.getContext('2d');
      if (!context) throw new Error('no 2D canvas');
      const task = pdfPage.render({
        canvasContext: context,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      run.cancel = () => task.cancel();
      await task.promise;
      if (!cancelled()) {
        setRenderError(null);
        setRendered((count) => count + 1);
      }
    };
    draw().catch((error: unknown) => {
      if (cancelled()) return;
      const message = error instanceof Error ? error.message : String(error);
      setRenderError(`Page ${String(shownPage)} could not be drawn (${message}).`);
    });
    return () => {
      run.cancelled = true;
      run.cancel?.();
    };
  }, [load, shownPage, zoom, width]);

  const go = (target: number) => {
    if (pageCount === 0) return;
    const next = Math.min(Math.max(1, target), pageCount);
    setPage(next);
    setDraft(null);
    scroller.current?.scrollTo({ top: 0 });
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = Number(draft ?? shownPage);
    if (Number.isInteger(value)) go(value);
    setDraft(null);
  };

  const zoomIn = () => setZoom((z) => ZOOMS.find((step) => step > z) ?? z);
  const zoomOut = () => setZoom((z) => [...ZOOMS].reverse().find((step) => step < z) ?? z);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys: Record<string, () => void> = {
      PageDown: () => go(shownPage + 1),
      PageUp: () => go(shownPage - 1),
      ArrowRight: () => go(shownPage + 1),
      ArrowLeft: () => go(shownPage - 1),
      Home: () => go(1),
      End: () => go(pageCount),
      '+': zoomIn,
      '=': zoomIn,
      '-': zoomOut,
      '0': () => setZoom(1),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  if (load.state === 'failed') return <p className="pv-message">{load.message}</p>;

  return (
    // Page keys for the whole viewer (toolbar and page), which holds focusable controls and the page.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- keyboard shortcuts for a composite viewer
    <div className="pv pv-pdf" onKeyDown={onKeyDown}>
      <div className="pv-toolbar" role="toolbar" aria-label="PDF pages">
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Previous page"
          title="Previous page (PageUp)"
          disabled={shownPage <= 1 || pageCount === 0}
          onClick={() => go(shownPage - 1)}
        >
          <ChevronLeft size={15} aria-hidden="true" />
        </button>
        <form className="pv-page-form" onSubmit={onSubmit}>
          <label className="small muted" htmlFor={pageInput}>
            Page
          </label>
          <input
            id={pageInput}
            className="pv-page-input mono"
            inputMode="numeric"
            value={draft ?? String(shownPage)}
            aria-label="Page number"
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => setDraft(null)}
          />
          <span className="small muted">of {pageCount === 0 ? '…' : pageCount}</span>
        </form>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Next page"
          title="Next page (PageDown)"
          disabled={shownPage >= pageCount}
          onClick={() => go(shownPage + 1)}
        >
          <ChevronRight size={15} aria-hidden="true" />
        </button>
        <span className="pv-toolbar-end" />
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Zoom out"
          title="Zoom out (−)"
          disabled={zoom <= MIN_ZOOM}
          onClick={zoomOut}
        >
          <Minus size={14} aria-hidden="true" />
        </button>
        <output className="pv-zoom mono" aria-label="Zoom level">
          {Math.round(zoom * 100)}%
        </output>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Zoom in"
          title="Zoom in (+)"
          disabled={zoom >= MAX_ZOOM}
          onClick={zoomIn}
        >
          <Plus size={14} aria-hidden="true" />
        </button>
      </div>
      {renderError !== null && <p className="pv-message pv-message-inline">{renderError}</p>}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the page area scrolls and takes the page keys */}
      <div ref={scroller} className="pv-stage pv-pdf-stage" tabIndex={0}>
        {load.state === 'loading' && <p className="pv-message">Opening the PDF…</p>}
        <canvas
          ref={canvas}
          className="pv-pdf-page"
          role="img"
          aria-label={`Page ${String(shownPage)} of ${String(pageCount)}`}
          data-page={shownPage}
          data-rendered={rendered}
          hidden={load.state !== 'ready'}
        />
      </div>
    </div>
  );
}
