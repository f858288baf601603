/**
 * The print engine inside the Electron app: Electron's own Chromium prints the briefing's HTML with
 * `webContents.printToPDF` (the same header and footer templates as the CLI's engine) and captures
 * figures as PNG for Word. Each page is written to a private temporary folder (0700), loaded in a
 * hidden window of its own in-memory session that refuses every request but that file and data:
 * URLs, and removed as soon as it has been printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session } from 'electron';
import type { PdfPage, PrintEngine } from '../briefing/engine.js';

const PRINT_PARTITION = 'locard-print';
const MM_PER_INCH = 25.4;

/** The page files being printed right now (two exports may print at once): the only URLs allowed besides data:. */
const allowedFiles = new Set<string>();
let printSession: Session | undefined;

function hardenedSession(): Session {
  if (printSession) return printSession;
  const created = session.fromPartition(PRINT_PARTITION);
  created.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !(details.url.startsWith('data:') || allowedFiles.has(details.url)) });
  });
  created.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  printSession = created;
  return created;
}

export function openElectronPrintEngine(): Promise<PrintEngine> {
  const folder = mkdtempSync(join(tmpdir(), `locard-print-${String(process.pid)}-`));
  const pages = hardenedSession();
  let serial = 0;
  const load = async (html: string, width: number, height: number): Promise<BrowserWindow> => {
    serial += 1;
    const file = join(folder, `page-${String(serial)}.html`);
    writeFileSync(file, html, { mode: 0o600 });
    const url = pathToFileURL(file).href;
    allowedFiles.add(url);
    const window = new BrowserWindow({
      show: false,
      width,
      height,
      webPreferences: { session: pages, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('will-navigate', (event) => {
      event.preventDefault();
    });
    try {
      await window.loadURL(url);
      await window.webContents.executeJavaScript('document.fonts.ready.then(() => true)');
      return window;
    } catch (error) {
      window.destroy();
      throw error;
    } finally {
      allowedFiles.delete(url);
      rmSync(file, { force: true });
    }
  };
  return Promise.resolve({
    async pdf(html: string, page: PdfPage): Promise<Uint8Array> {
      const window = await load(html, 794, 1123);
      try {
        const inches = (mm: number) => mm / MM_PER_INCH;
        const pdf = await window.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          margins: {
            top: inches(page.margin.top),
            right: inches(page.margin.right),
            bottom: inches(page.margin.bottom),
            left: inches(page.margin.left),
          },
          generateTaggedPDF: true,
          generateDocumentOutline: true,
        });
        return new Uint8Array(pdf);
      } finally {
        window.destroy();
      }
    },
    async png(html: string, width: number, height: number): Promise<Uint8Array> {
      // Drawn at twice the size for print: a window twice as large, zoomed 2×.
      const window = await load(html, Math.ceil(width) * 2, Math.ceil(height) * 2);
      try {
        window.webContents.setZoomFactor(2);
        const image = await window.webContents.capturePage({
          x: 0,
          y: 0,
          width: Math.ceil(width) * 2,
          height: Math.ceil(height) * 2,
        });
        return new Uint8Array(image.toPNG());
      } finally {
        window.destroy();
      }
    },
    close(): Promise<void> {
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}
