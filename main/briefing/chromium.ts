/**
 * The print engine for the CLI and the browser shell: playwright-core driving the Chromium installed
 * on the system (LOCARD_CHROMIUM, else the usual places). The context is offline, and every request
 * that is not a data: URL is aborted, so a briefing can never make Chromium fetch anything; the
 * browser is also pointed at a proxy that does not exist, for its own background traffic.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { LocardError } from '../errors.js';
import type { PdfPage, PrintEngine } from './engine.js';

const CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/** The Chromium to print with: LOCARD_CHROMIUM when set (it must exist), else the first found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists = existsSync): string {
  const chosen = env.LOCARD_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    if (!exists(chosen))
      throw new LocardError(
        'not-found',
        `LOCARD_CHROMIUM names ${chosen}, which does not exist; point it at a Chromium or Chrome executable.`,
      );
    return chosen;
  }
  const found = CANDIDATES.find((path) => exists(path));
  if (!found)
    throw new LocardError(
      'unsupported',
      `PDF export prints through Chromium, and none was found (looked for ${CANDIDATES.slice(0, 4).join(', ')} and others). Install Chromium, or set LOCARD_CHROMIUM to its path. HTML, Markdown and Word exports work without it.`,
    );
  return found;
}

const ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-pings',
  '--dns-prefetch-disable',
  '--no-first-run',
  // Anything Chromium itself tries to send goes to a port where nothing listens.
  '--proxy-server=socks5://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
];

/** Launch the system Chromium; the engine's pages share one offline context. */
export async function openChromiumEngine(executablePath = findChromium()): Promise<PrintEngine> {
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: ARGS, timeout: 60_000 });
  } catch (error) {
    throw new LocardError(
      'io',
      `Chromium at ${executablePath} did not start (${firstLine(error)}). Set LOCARD_CHROMIUM to a working Chromium.`,
    );
  }
  const contexts: BrowserContext[] = [];
  const context = async (scale: number, width: number, height: number) => {
    const created = await browser.newContext({
      offline: true,
      javaScriptEnabled: false,
      deviceScaleFactor: scale,
      viewport: { width, height },
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    contexts.push(created);
    await created.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
    );
    return created;
  };
  return {
    async pdf(html: string, page: PdfPage): Promise<Uint8Array> {
      const ctx = await context(1, 794, 1123);
      try {
        const tab = await ctx.newPage();
        await tab.setContent(html, { waitUntil: 'load', timeout: 120_000 });
        await tab.evaluate('document.fonts.ready.then(() => true)');
        const mm = (n: number) => `${String(n)}mm`;
        return await tab.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          margin: {
            top: mm(page.margin.top),
            right: mm(page.margin.right),
            bottom: mm(page.margin.bottom),
            left: mm(page.margin.left),
          },
          tagged: true,
          outline: true,
        });
      } finally {
        await ctx.close();
      }
    },
    async png(html: string, width: number, height: number): Promise<Uint8Array> {
      const ctx = await context(2, Math.ceil(width), Math.ceil(height));
      try {
        const tab = await ctx.newPage();
        await tab.setContent(html, { waitUntil: 'load', timeout: 60_000 });
        await tab.evaluate('document.fonts.ready.then(() => true)');
        return await tab.screenshot({
          type: 'png',
          clip: { x: 0, y: 0, width: Math.ceil(width), height: Math.ceil(height) },
        });
      } finally {
        await ctx.close();
      }
    },
    async close(): Promise<void> {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close();
    },
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).slice(0, 300);
}
