/**
 * Issue 3, acceptance 5, in one pass through the browser shell: corpus files dropped on the case
 * window → the import progress panel → their rows (and the e-mail's attachment) → the e-mail's
 * Received hops and attachment → the screen recording stepped frame by frame (the clock moves by
 * 1/fps) and one frame saved as a derived exhibit under the video → the saved news page rendered in
 * the sandbox without running a script or fetching its tracker and widget → full-text search finding
 * a sentence of the PDF, whose hit opens the PDF. Every request of the page and its context is
 * recorded: none leaves 127.0.0.1.
 *
 * OCR starts in the background once the import is done (the two videos, then the saved frame); the
 * spec never waits for it to finish and asserts nothing it changes, so its progress cannot race the
 * assertions.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ConsoleMessage, Locator, Page } from '@playwright/test';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const EMAIL = '01-threat-with-video-attachment.eml';
const ATTACHMENT = 'voter_data_proof.mp4';
const PDF = 'flash-report-FR-2020-1022.pdf';
const HTML = 'news-timeline.html';
const VIDEO = 'voter-portal-screen-recording.mp4';
const FILES = [
  { path: join(CORPUS, 'emails', EMAIL), type: 'message/rfc822' },
  { path: join(CORPUS, 'reports', PDF), type: 'application/pdf' },
  { path: join(CORPUS, 'web', HTML), type: 'text/html' },
  { path: join(CORPUS, 'video', VIDEO), type: 'video/mp4' },
];
/** Words of the PDF's summary (page 1) that no other dropped file holds. */
const PDF_PHRASE = 'recording was not cleaned before release';

// Playwright's trace snapshotter probes every frame with scripts, which a sandboxed frame refuses with
// a console line; this spec asserts that the previewed page logs nothing, so no tracing here.
test.use({ trace: 'off' });

/** Screenshots go to the test's output folder, or to LOCARD_SHOTS when set (to look at them after the run). */
async function shoot(page: Page, name: string): Promise<void> {
  const folder = process.env.LOCARD_SHOTS;
  if (folder) mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: folder ? join(folder, `${name}.png`) : test.info().outputPath(`${name}.png`) });
}

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Exhibits' });
}

function row(page: Page, name: string): Locator {
  return grid(page).getByRole('row').filter({ hasText: name });
}

function detailPane(page: Page): Locator {
  return page.getByRole('complementary', { name: /^Exhibit E-/ });
}

async function openExhibit(page: Page, name: string): Promise<Locator> {
  await row(page, name).first().click();
  const detail = detailPane(page);
  await expect(detail.getByRole('heading', { name })).toBeVisible();
  return detail;
}

function viewerTab(detail: Locator, name: string): Locator {
  return detail.getByRole('tablist', { name: 'View the exhibit as' }).getByRole('tab', { name, exact: true });
}

test('drop, preview, save a frame, sandbox and search: issue 3 acceptance 5', async ({ page, locard, requests }) => {
  test.setTimeout(180_000);
  const consoleMessages: ConsoleMessage[] = [];
  page.on('console', (message) => consoleMessages.push(message));

  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Acceptance',
    file: join(locard.home, 'acceptance.locard'),
    passphrase: 'acceptance passphrase',
  });
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();

  await test.step('drop four corpus files on the window; the progress panel shows and rows appear', async () => {
    const files = FILES.map(({ path, type }) => ({
      name: basename(path),
      type,
      base64: readFileSync(path).toString('base64'),
    }));
    const dataTransfer = await page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    }, files);
    await page.dispatchEvent('.content', 'dragenter', { dataTransfer });
    await page.dispatchEvent('.content', 'dragover', { dataTransfer });
    await expect(page.locator('.drop-overlay')).toContainText('Drop to import into Acceptance');
    await page.dispatchEvent('.content', 'drop', { dataTransfer });

    const dialog = page.getByRole('dialog', { name: 'Import evidence' });
    const dropped = dialog.getByRole('list', { name: 'Dropped files and folders' });
    await expect(dropped.getByRole('listitem')).toHaveCount(FILES.length);
    await dialog.getByLabel('Source, URL or origin').fill('Acceptance drop');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden({ timeout: 30_000 });

    const panel = page.getByRole('region', { name: 'Import progress' });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('status')).toContainText(`Done: ${String(FILES.length)} imported`, {
      timeout: 60_000,
    });
    await expect(panel.getByRole('progressbar', { name: 'Files imported' })).toHaveAttribute(
      'aria-valuenow',
      String(FILES.length),
    );
    const log = panel.getByRole('log', { name: 'Import outcomes' });
    await expect(log.getByRole('listitem')).toHaveCount(FILES.length);
    await expect(log).not.toContainText('not parsed');
    await shoot(page, 'acceptance-1-imported');
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(panel).toBeHidden();

    for (const { name } of files) await expect(row(page, name)).toHaveCount(1);
    await expect(row(page, ATTACHMENT)).toContainText('email-attachment');
  });

  await test.step('e-mail: the Received hops and the attachment', async () => {
    const detail = await openExhibit(page, EMAIL);
    await expect(viewerTab(detail, 'Message')).toHaveAttribute('aria-selected', 'true');
    const hops = detail.getByRole('table', { name: 'Received hops' }).first();
    for (const address of ['203.0.113.81', '198.51.100.23', '192.0.2.10']) {
      await expect(hops.getByRole('row').filter({ hasText: address })).toHaveCount(1);
    }
    await expect(detail.getByRole('region', { name: 'Message body' })).not.toContainText('Reading the message');
    const attachment = detail
      .getByRole('region', { name: 'Attachments' })
      .getByRole('button', { name: /voter_data_proof\.mp4/ });
    await expect(attachment).toBeVisible();
    await shoot(page, 'acceptance-2-email');
    // The attachment is an exhibit of its own: choosing it opens it.
    await attachment.click();
    await expect(detailPane(page).getByRole('heading', { name: ATTACHMENT })).toBeVisible();
  });

  await test.step('video: frame steps move the clock by 1/fps; a saved frame is a derived exhibit', async () => {
    const detail = await openExhibit(page, VIDEO);
    const videoLabel = /E-\d{4}$/.exec((await detail.getAttribute('aria-label')) ?? '')?.[0] ?? '';
    const videoRow = grid(page)
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell', { name: videoLabel, exact: true }) });
    await expect(videoRow).toHaveCount(1);
    const video = detail.locator('video');
    const time = detail.getByLabel('Current time');
    await expect(time).toHaveText('00:00:00.000');
    const controls = detail.getByRole('toolbar', { name: 'Frame controls' });
    await expect(controls).toContainText(/[\d.]+ fps/);
    const fps = Number(/([\d.]+) fps/.exec((await controls.textContent()) ?? '')?.[1]);
    expect(fps).toBeGreaterThan(0);
    await expect
      .poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState))
      .toBeGreaterThanOrEqual(1);
    const currentTime = () => video.evaluate((element: HTMLVideoElement) => element.currentTime);
    const shownTime = async () => Number(await time.getAttribute('data-time'));

    await detail.getByRole('button', { name: 'Next frame' }).click();
    await expect.poll(currentTime).toBeCloseTo(1.5 / fps, 3);
    const first = await currentTime();
    await video.focus();
    await page.keyboard.press('.');
    await expect.poll(currentTime).toBeCloseTo(first + 1 / fps, 3);
    await page.keyboard.press('.');
    await expect.poll(currentTime).toBeCloseTo(first + 2 / fps, 3);
    await page.keyboard.press(',');
    await expect.poll(currentTime).toBeCloseTo(first + 1 / fps, 3);
    // The time shown is the player's.
    await expect.poll(shownTime).toBeCloseTo(first + 1 / fps, 3);
    await shoot(page, 'acceptance-3-video');

    await detail.getByRole('button', { name: 'Save frame' }).click();
    const saved = detailPane(page);
    const notice = saved
      .getByRole('status')
      .filter({ hasText: /^The frame shown at 00:00:00\.\d{3} of E-\d{4} was saved as E-\d{4}/ });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    const label = /saved as (E-\d{4})/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    expect(label).toMatch(/^E-\d{4}$/);
    await expect(saved).toHaveAttribute('aria-label', `Exhibit ${label}`);
    await expect(viewerTab(saved, 'Image')).toHaveAttribute('aria-selected', 'true');

    // The new row sits right under the video in the tree, marked as derived by video-frame.
    const frameRow = grid(page).getByRole('row').filter({ hasText: label });
    await expect(frameRow).toHaveCount(1);
    await expect(frameRow).toContainText('video-frame');
    await expect(frameRow.locator('.derived-mark')).toHaveCount(1);
    const videoIndex = Number(await videoRow.getAttribute('aria-rowindex'));
    await expect(frameRow).toHaveAttribute('aria-rowindex', String(videoIndex + 1));
    await shoot(page, 'acceptance-4-frame-saved');
  });

  await test.step('HTML: rendered in the sandbox, no script, no request, no console message', async () => {
    const detail = await openExhibit(page, HTML);
    await expect(detail.getByText(/Active content in the original, never run here/)).toContainText('script');
    const before = consoleMessages.length;
    const srcdocLoaded = page.waitForEvent('framenavigated', (frame) => frame.url() === 'about:srcdoc');
    await detail.getByText('Rendered (sandboxed)').click();
    const frameElement = detail.locator('iframe.pv-frame');
    await expect(frameElement).toHaveAttribute('sandbox', '');
    await expect(frameElement).toHaveAttribute('csp', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    await (await srcdocLoaded).waitForLoadState('load');
    // Before Playwright looks inside the frame (its probes of a sandboxed frame are refused, and say so
    // in the console), the page in it logged nothing: no refused script, image, frame or style.
    expect(consoleMessages.slice(before).map((message) => message.text())).toEqual([]);
    const frame = frameElement.contentFrame();
    await expect(frame.getByRole('heading', { level: 1 })).toContainText('careless screen recording');
    await expect(frame.getByText('SCRIPT EXECUTED')).toHaveCount(0);
    await expect(frame.locator('#script-ran-banner')).toHaveCount(0);
    await shoot(page, 'acceptance-5-html-sandboxed');
    expect(requests.filter((url) => /tracker\.example|widgets\.example/.test(url))).toEqual([]);
  });

  await test.step('search: a sentence of the PDF finds it, and the hit opens the PDF on its text', async () => {
    await page.getByLabel('Search evidence text').fill(PDF_PHRASE);
    const results = page.getByRole('region', { name: 'Search results' });
    const hit = results.getByRole('button').filter({ hasText: PDF });
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark').first()).toHaveText(/recording/i);
    await shoot(page, 'acceptance-6-search');
    await hit.click();
    const pdf = detailPane(page);
    await expect(pdf.getByRole('heading', { name: PDF })).toBeVisible();
    // Found by its text, it opens on the Text tab, where the sentence is.
    await expect(viewerTab(pdf, 'Text')).toHaveAttribute('aria-selected', 'true');
    await expect(pdf.getByRole('region', { name: 'Extracted text' })).toContainText('not cleaned before release');
    await shoot(page, 'acceptance-7-pdf-opened');
  });

  // No page logged anything from inside the sandboxed frame, and nothing left the loopback shell.
  expect(consoleMessages.filter((message) => message.location().url.startsWith('about:srcdoc'))).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  expect(offHostRequests(requests)).toEqual([]);
});
