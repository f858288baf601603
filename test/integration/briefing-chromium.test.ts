/**
 * The CLI's print engine (playwright-core driving the system Chromium) loads nothing but the page it
 * is handed: a page that asks for images, style sheets, fonts, scripts and frames from a server on
 * 127.0.0.1 still prints, and the server never hears from it. (Briefings also forbid such loads in
 * their own Content-Security-Policy; this is the engine's own guarantee, without one.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumEngine } from '../../main/briefing/chromium.js';
import { pdfPage } from '../../main/briefing/engine.js';

describe('the Chromium print engine', () => {
  const requests: string[] = [];
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('prints and rasterises a page without making one request', async () => {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8">
      <link rel="stylesheet" href="${base}/style.css"><link rel="icon" href="${base}/favicon.ico">
      <style>@import url(${base}/import.css); @font-face{font-family:x;src:url(${base}/font.woff2)}
      body{background:url(${base}/background.png);font-family:x}</style>
      <script src="${base}/script.js"></script></head>
      <body><h1>Printed offline</h1><img src="${base}/image.png"><iframe src="${base}/frame.html"></iframe>
      <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="></body></html>`;
    const engine = await openChromiumEngine();
    try {
      const pdf = await engine.pdf(html, pdfPage('', 'RED'));
      expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const png = await engine.png(html, 200, 100);
      expect(Buffer.from(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await engine.close();
    }
    expect(requests).toEqual([]);
  });
});
