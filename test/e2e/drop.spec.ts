/**
 * Drag and drop through the browser shell: files dropped on the case window show the overlay, open the
 * import dialog listing them with the collection record, and Enter sends them to main's staging folder
 * and imports them; the progress panel reports the job and the rows carry the original names — with no
 * request leaving 127.0.0.1. The drop is built in the page (a DataTransfer of File objects made from
 * corpus bytes), as a real drag from the file manager cannot be scripted in headless Chromium.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const FILES = [
  { path: join(CORPUS, 'emails', '03-threat-html-defanged-by-gateway.eml'), type: 'message/rfc822' },
  { path: join(CORPUS, 'images', 'social-post-screenshot.png'), type: 'image/png' },
  { path: join(CORPUS, 'reports', 'analyst-notes.txt'), type: 'text/plain' },
];
const LAST_MODIFIED = Date.UTC(2020, 9, 21, 9, 30, 0);

async function createCase(page: Page, home: string, title: string): Promise<void> {
  await createCaseInUi(page, { title, file: join(home, 'drop.locard'), passphrase: 'drop passphrase' });
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
}

test('drop files on the case window to import them', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await createCase(page, locard.home, 'Drop test');

  const files = FILES.map(({ path, type }) => ({
    name: path.slice(path.lastIndexOf('/') + 1),
    type,
    base64: readFileSync(path).toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle(
    ({ files: list, lastModified }) => {
      const transfer = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type, lastModified }));
      }
      return transfer;
    },
    { files, lastModified: LAST_MODIFIED },
  );

  // Dragging over any part of the window shows the overlay naming the case.
  await page.dispatchEvent('.content', 'dragenter', { dataTransfer });
  await page.dispatchEvent('.content', 'dragover', { dataTransfer });
  const overlay = page.locator('.drop-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop to import into Drop test');
  await page.screenshot({ path: test.info().outputPath('drop-overlay.png') });

  await page.dispatchEvent('.content', 'drop', { dataTransfer });
  await expect(overlay).toBeHidden();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  const dropped = dialog.getByRole('list', { name: 'Dropped files and folders' });
  await expect(dropped.getByRole('listitem')).toHaveCount(3);
  await expect(dropped).toContainText('03-threat-html-defanged-by-gateway.eml');
  // Nothing to choose by path: the dialog starts at the collection record.
  await expect(dialog.getByLabel('File or folder path')).toHaveCount(0);
  const source = dialog.getByLabel('Source, URL or origin');
  await expect(source).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('drop-dialog.png') });
  await source.fill('Files sent by the county clerk');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  const panel = page.getByRole('region', { name: 'Import progress' });
  await expect(panel.getByRole('status')).toContainText('Done: 3 imported', { timeout: 45_000 });
  await expect(panel.getByRole('progressbar', { name: 'Files imported' })).toHaveAttribute('aria-valuenow', '3');

  const grid = page.getByRole('grid', { name: 'Exhibits' });
  for (const { name } of files) await expect(grid.getByRole('row').filter({ hasText: name })).toHaveCount(1);

  // The exhibit records where it came from: the drop, under its original name.
  await grid.getByRole('row').filter({ hasText: 'analyst-notes.txt' }).click();
  const detail = page.getByRole('complementary', { name: /^Exhibit E-/ });
  await expect(detail.getByRole('heading', { name: 'analyst-notes.txt' })).toBeVisible();
  await expect(detail).toContainText('browser upload: analyst-notes.txt');
  await expect(detail).toContainText('Files sent by the county clerk');

  expect(offHostRequests(requests)).toEqual([]);
});

test('a drop while an import dialog is open is refused, not lost', async ({ page, locard }) => {
  await page.goto(locard.url);
  await createCase(page, locard.home, 'Busy case');
  await page.getByRole('button', { name: 'Import evidence…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  await expect(dialog).toBeVisible();
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['note'], 'note.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.dispatchEvent('.content', 'dragenter', { dataTransfer });
  await expect(page.locator('.drop-overlay')).toContainText('Finish or cancel the open dialog first.');
  await page.dispatchEvent('.content', 'drop', { dataTransfer });
  await expect(page.locator('.drop-overlay')).toBeHidden();
  // Still the one dialog the analyst opened, unchanged.
  await expect(page.getByRole('dialog')).toHaveCount(1);
  await expect(dialog.getByLabel('File or folder path')).toBeVisible();
});
