/**
 * The detail pane's previews through the browser shell: image zoom, PDF pages on a canvas, an
 * e-mail's hops and attachment, an HTML page rendered in the sandbox (no script runs, nothing is
 * fetched), text with line numbers (a 5 MB single-line file stays responsive), the hex view, and
 * video frame stepping — with a screenshot of each and no request leaving 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConsoleMessage, Locator, Page } from '@playwright/test';
import { expect, offHostRequests, test } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

const FILES = {
  image: join(CORPUS, 'images', 'social-post-screenshot.png'),
  pdf: join(CORPUS, 'reports', 'flash-report-FR-2020-1022.pdf'),
  email: join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'),
  html: join(CORPUS, 'web', 'news-timeline.html'),
  hostile: join(CORPUS, 'bad', 'active-content.html'),
  text: join(CORPUS, 'reports', 'analyst-notes.txt'),
  longLine: join(CORPUS, 'bad', 'single-line-5MB.txt'),
  video: join(CORPUS, 'video', 'voter-portal-screen-recording.mp4'),
} as const;

/** Screenshots go to the test's output folder, or to LOCARD_SHOTS when set (to look at them after the run). */
async function shoot(page: Page, name: string): Promise<void> {
  const folder = process.env.LOCARD_SHOTS;
  if (folder) mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: folder ? join(folder, `${name}.png`) : test.info().outputPath(`${name}.png`) });
}

/** A case with the preview fixtures, created and filled through the API the page itself uses. */
async function caseWithEvidence(page: Page, url: string, home: string): Promise<void> {
  await page.goto(url);
  const origin = new URL(url).origin;
  const call = async (method: string, input: unknown) => {
    const response = await page.request.post(`${origin}/api/${method}`, { data: input });
    const body = (await response.json()) as { ok: boolean; error?: { message: string } };
    expect(body.ok, body.error?.message).toBe(true);
  };
  await call('createCase', {
    path: join(home, 'previews.locard'),
    passphrase: 'preview passphrase',
    title: 'Previews',
  });
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await call('importEvidence', { paths: Object.values(FILES) });
}

function row(page: Page, name: string): Locator {
  return page.getByRole('grid', { name: 'Exhibits' }).getByRole('row').filter({ hasText: name });
}

async function openExhibit(page: Page, name: string): Promise<Locator> {
  await row(page, name).first().click();
  const detail = page.getByRole('complementary', { name: /^Exhibit E-/ });
  await expect(detail.getByRole('heading', { name })).toBeVisible();
  return detail;
}

function viewerTab(detail: Locator, name: string): Locator {
  return detail.getByRole('tablist', { name: 'View the exhibit as' }).getByRole('tab', { name, exact: true });
}

// Playwright's trace snapshotter probes every frame with scripts, which a sandboxed frame refuses with
// a console line; these tests assert that the previewed page itself logs nothing, so no tracing here.
test.use({ trace: 'off' });

test('previews: image, PDF, e-mail, sandboxed HTML, text, hex and video', async ({ page, locard, requests }) => {
  test.setTimeout(180_000);
  const consoleMessages: ConsoleMessage[] = [];
  page.on('console', (message) => consoleMessages.push(message));

  await caseWithEvidence(page, locard.url, locard.home);
  for (const name of ['social-post-screenshot.png', 'voter-portal-screen-recording.mp4', 'single-line-5MB.txt']) {
    await expect(row(page, name)).toHaveCount(1, { timeout: 60_000 });
  }
  await expect(row(page, 'voter_data_proof.mp4')).toHaveCount(1);
  const progress = page.getByRole('region', { name: 'Import progress' });
  await expect(progress.getByRole('status')).toContainText('Done: 8 imported', { timeout: 60_000 });
  await progress.getByRole('button', { name: 'Close' }).click();

  await test.step('image: fitted, then zoomed by key, button and wheel', async () => {
    const detail = await openExhibit(page, 'social-post-screenshot.png');
    await expect(viewerTab(detail, 'Image')).toHaveAttribute('aria-selected', 'true');
    const stage = detail.getByRole('application', { name: /image viewer/ });
    const zoom = detail.getByRole('status').or(detail.locator('output[aria-label="Zoom level"]')).first();
    // Read the fitted scale only once the image has loaded and the pane is measured (before that the
    // scale is a placeholder 1).
    await expect(stage).toHaveAttribute('data-ready', 'true');
    await expect(stage).toHaveAttribute('data-scale', /^0\.\d+$|^1\.0000$/);
    const fitted = Number(await stage.getAttribute('data-scale'));
    await stage.focus();
    await page.keyboard.press('+');
    await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeCloseTo(fitted * 1.25, 3);
    await detail.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeCloseTo(fitted * 1.25 ** 2, 3);
    await stage.hover();
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeCloseTo(fitted * 1.25, 3);
    await expect(zoom).toHaveText(`${String(Math.round(fitted * 1.25 * 100))}%`);
    // The image really painted: its natural size is known.
    expect(
      await detail.locator('.pv-image-layer img').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await shoot(page, 'image');
    await stage.focus();
    await page.keyboard.press('0');
    await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeCloseTo(fitted, 3);
  });

  await test.step('PDF: page 1 drawn on a non-empty canvas, page 2 by the Next button', async () => {
    const detail = await openExhibit(page, 'flash-report-FR-2020-1022.pdf');
    const canvas = detail.locator('canvas.pv-pdf-page');
    await expect(detail.getByRole('img', { name: /^Page 1 of \d+$/ })).toBeVisible({ timeout: 20_000 });
    await expect(canvas).not.toHaveAttribute('data-rendered', '0');
    const inked = () =>
      canvas.evaluate((element: HTMLCanvasElement) => {
        const context = element.getContext('2d');
        if (!context || element.width === 0) return 0;
        const { data } = context.getImageData(0, 0, element.width, element.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark += 1;
        return dark;
      });
    await expect.poll(inked).toBeGreaterThan(500);
    await shoot(page, 'pdf-page-1');
    await detail.getByRole('button', { name: 'Next page' }).click();
    await expect(detail.getByRole('img', { name: /^Page 2 of \d+$/ })).toBeVisible();
    await expect(detail.getByLabel('Page number')).toHaveValue('2');
    await expect(canvas).toHaveAttribute('data-rendered', '2');
    await expect.poll(inked).toBeGreaterThan(500);
    await shoot(page, 'pdf-page-2');
  });

  await test.step('hex: the PDF magic at offset 0', async () => {
    const detail = page.getByRole('complementary', { name: /^Exhibit E-/ });
    await viewerTab(detail, 'Hex').click();
    const hex = detail.getByRole('table', { name: 'Hex view' });
    const first = hex.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '00000000' }) });
    await expect(first).toContainText('25 50 44 46');
    await expect(first).toContainText('%PDF');
    await shoot(page, 'hex');
  });

  await test.step('e-mail: headers, Received hops, body and the attachment', async () => {
    const detail = await openExhibit(page, '01-threat-with-video-attachment.eml');
    await expect(viewerTab(detail, 'Message')).toHaveAttribute('aria-selected', 'true');
    const hops = detail.getByRole('table', { name: 'Received hops' });
    await expect(hops.getByRole('row').filter({ hasText: '203.0.113.81' })).toHaveCount(1);
    await expect(hops.getByRole('row').filter({ hasText: '192.0.2.10' })).toHaveCount(1);
    await expect(detail.getByRole('region', { name: 'Message body' })).not.toContainText('Reading the message');
    const attachments = detail.getByRole('region', { name: 'Attachments' });
    const attachment = attachments.getByRole('button', { name: /voter_data_proof\.mp4/ });
    await expect(attachment).toBeVisible();
    await shoot(page, 'email');
    await attachment.click();
    await expect(
      page.getByRole('complementary', { name: /^Exhibit E-/ }).getByRole('heading', { name: 'voter_data_proof.mp4' }),
    ).toBeVisible();
  });

  await test.step('HTML: rendered in the sandbox, no script, no request, no console message', async () => {
    const detail = await openExhibit(page, 'news-timeline.html');
    await expect(detail.getByText(/Active content in the original, never run here/)).toContainText('script');
    await expect(detail.getByRole('region', { name: /^Text of / })).toContainText('careless screen recording');
    const before = consoleMessages.length;
    const srcdocLoaded = page.waitForEvent('framenavigated', (frame) => frame.url() === 'about:srcdoc');
    await detail.getByText('Rendered (sandboxed)').click();
    const frameElement = detail.locator('iframe.pv-frame');
    await expect(frameElement).toHaveAttribute('sandbox', '');
    await expect(frameElement).toHaveAttribute('csp', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    await (await srcdocLoaded).waitForLoadState('load');
    // Before Playwright looks inside (its probes of a sandboxed frame are refused, and say so in the
    // console), the page in the frame logged nothing: no refused script, image, frame or style.
    expect(consoleMessages.slice(before).map((message) => message.text())).toEqual([]);
    const frame = frameElement.contentFrame();
    await expect(frame.getByRole('heading', { level: 1 })).toContainText('careless screen recording');
    await expect(frame.getByText('SCRIPT EXECUTED')).toHaveCount(0);
    await expect(frame.locator('#script-ran-banner')).toHaveCount(0);
    await shoot(page, 'html-sandboxed');
    expect(requests.filter((url) => /tracker\.example|widgets\.example/.test(url))).toEqual([]);
  });

  await test.step('hostile HTML: handlers, javascript: links, refresh, frames and beacons all inert', async () => {
    const detail = await openExhibit(page, 'active-content.html');
    await expect(detail.getByText(/Active content in the original/)).toContainText('meta refresh');
    const before = consoleMessages.length;
    const srcdocLoaded = page.waitForEvent('framenavigated', (frame) => frame.url() === 'about:srcdoc');
    await detail.getByText('Rendered (sandboxed)').click();
    await (await srcdocLoaded).waitForLoadState('load');
    expect(consoleMessages.slice(before).map((message) => message.text())).toEqual([]);
    const frameElement = detail.locator('iframe.pv-frame');
    const srcdoc = (await frameElement.getAttribute('srcdoc')) ?? '';
    for (const gone of [
      /http-equiv="refresh"/i,
      /\son\w+=/i,
      /\shref=/i,
      /\.invalid/,
      /<iframe/,
      /<object/,
      /\saction=/,
    ]) {
      expect(srcdoc).not.toMatch(gone);
    }
    const frame = frameElement.contentFrame();
    await expect(frame.getByText('This page exists to test safe previewing.')).toBeVisible();
    await frame.getByText('Open the full voter file').click();
    await expect(frame.getByText('This page exists to test safe previewing.')).toBeVisible();
    await expect(frame.locator('#pwned')).toHaveCount(0);
    expect(await page.title()).not.toContain('PWNED');
    expect(requests.filter((url) => url.includes('.invalid'))).toEqual([]);
    await shoot(page, 'html-hostile');
  });

  await test.step('text: line numbers; a 5 MB single line is paged and stays responsive', async () => {
    const notes = await openExhibit(page, 'analyst-notes.txt');
    await expect(viewerTab(notes, 'Text')).toHaveAttribute('aria-selected', 'true');
    const text = notes.getByRole('region', { name: 'Extracted text' });
    const numbers = text.locator('.line-number');
    await expect(numbers.first()).toHaveText('1');
    await expect(numbers.nth(1)).toHaveText('2');
    await shoot(page, 'text');

    const long = await openExhibit(page, 'single-line-5MB.txt');
    await expect(long.getByRole('toolbar', { name: 'Text pages' })).toContainText(/Page 1 of \d\d/);
    const started = Date.now();
    await long.getByRole('button', { name: 'Next page' }).click();
    await expect(long.getByRole('toolbar', { name: 'Text pages' })).toContainText('Page 2 of');
    // The page continues the one long line: no new line number, a continuation mark.
    await expect(long.getByRole('region', { name: 'Extracted text' }).locator('.line-number').first()).toHaveText('↪');
    expect(Date.now() - started).toBeLessThan(5_000);
    await shoot(page, 'text-5mb');
  });

  await test.step('video: a frame step moves the time by one frame', async () => {
    const detail = await openExhibit(page, 'voter-portal-screen-recording.mp4');
    const video = detail.locator('video');
    const decodable = await video.evaluate((element: HTMLVideoElement) =>
      element.canPlayType('video/mp4; codecs="avc1.640028"'),
    );
    const time = detail.getByLabel('Current time');
    await expect(time).toHaveText('00:00:00.000');
    const fps = Number(
      /([\d.]+) fps/.exec((await detail.getByRole('toolbar', { name: 'Frame controls' }).textContent()) ?? '')?.[1],
    );
    expect(fps).toBeGreaterThan(0);
    if (decodable === '') {
      // This Chromium has no H.264 decoder: the player says so, stepping still moves the clock.
      test.info().annotations.push({ type: 'note', description: 'Chromium here cannot decode H.264.' });
    }
    await expect
      .poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState))
      .toBeGreaterThanOrEqual(1);
    const currentTime = () => video.evaluate((element: HTMLVideoElement) => element.currentTime);
    await detail.getByRole('button', { name: 'Next frame' }).click();
    await expect.poll(currentTime).toBeCloseTo(1.5 / fps, 3);
    await video.focus();
    await page.keyboard.press('.');
    await expect.poll(currentTime).toBeCloseTo(2.5 / fps, 3);
    await page.keyboard.press(',');
    await expect.poll(currentTime).toBeCloseTo(1.5 / fps, 3);
    await expect(time).toHaveText(`00:00:00.${String(Math.round((1.5 / fps) * 1000)).padStart(3, '0')}`);
    if (decodable !== '') {
      await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth)).toBeGreaterThan(0);
    }
    await shoot(page, 'video');

    // Save frame: a new derived exhibit, named in a notice and opened at once.
    await detail.getByRole('button', { name: 'Save frame' }).click();
    const saved = page.getByRole('complementary', { name: /^Exhibit E-/ });
    const notice = saved
      .getByRole('status')
      .filter({ hasText: /^The frame shown at 00:00:00\.\d{3} of E-\d{4} was saved as E-\d{4}/ });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    const label = /saved as (E-\d{4})/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    await expect(saved).toHaveAttribute('aria-label', `Exhibit ${label}`);
    await expect(viewerTab(saved, 'Image')).toHaveAttribute('aria-selected', 'true');
    await expect(row(page, label)).toHaveCount(1);
    await shoot(page, 'video-frame-saved');
  });

  await test.step('an indicator occurrence opens its exhibit on the Text tab with the hit marked', async () => {
    await page.getByRole('button', { name: 'Indicators' }).click();
    await page.getByRole('grid', { name: 'Indicators' }).getByText('203.0.113.81', { exact: true }).first().click();
    const indicator = page.getByRole('complementary', { name: 'Indicator detail' });
    await indicator
      .getByRole('button', { name: /^Open E-\d+ analyst-notes\.txt at / })
      .first()
      .click();
    const detail = page.getByRole('complementary', { name: /^Exhibit E-/ });
    await expect(detail.getByRole('heading', { name: 'analyst-notes.txt' })).toBeVisible();
    await expect(viewerTab(detail, 'Text')).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByRole('region', { name: 'Extracted text' }).locator('mark')).toHaveText('203.0.113.81');
    await shoot(page, 'indicator-focus');

    // An occurrence on page 2 of the PDF opens that page.
    await page.getByRole('button', { name: 'Indicators' }).click();
    await page.getByRole('grid', { name: 'Indicators' }).getByText('AS64500', { exact: true }).first().click();
    await indicator
      .getByRole('button', { name: /^Open E-\d+ flash-report-FR-2020-1022\.pdf at page 2/ })
      .first()
      .click();
    const pdf = page.getByRole('complementary', { name: /^Exhibit E-/ });
    await expect(viewerTab(pdf, 'Pages')).toHaveAttribute('aria-selected', 'true');
    await expect(pdf.getByRole('img', { name: 'Page 2 of 2' })).toBeVisible({ timeout: 20_000 });
    await expect(pdf.getByLabel('Page number')).toHaveValue('2');
  });

  expect(offHostRequests(requests)).toEqual([]);
});
