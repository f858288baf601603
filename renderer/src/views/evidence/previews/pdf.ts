/**
 * pdf.js for the PDF preview, loaded on demand (its code is a separate chunk). The document is
 * handed over as bytes already fetched from the exhibit's content URL, so pdf.js itself fetches
 * nothing: no range requests, no CMaps or standard fonts from a URL (none is given; text in a
 * non-embedded font falls back to a system font), no eval, no XFA, no scripting (only the canvas of
 * each page is drawn — no annotation or form layer, no pdf.sandbox). The parser runs in pdf.js's
 * module worker, bundled with the renderer and allowed by the CSP's worker-src 'self'.
 */
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Images above this many pixels are not drawn (a decompression bomb in a page). */
const MAX_IMAGE_PIXELS = 128 * 1024 * 1024;

export type { PDFDocumentProxy };

export function openPdf(data: Uint8Array): { readonly promise: Promise<PDFDocumentProxy>; destroy(): void } {
  const task = getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
    useWorkerFetch: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    verbosity: 0,
  });
  return {
    promise: task.promise,
    destroy: () => {
      void task.destroy();
    },
  };
}
