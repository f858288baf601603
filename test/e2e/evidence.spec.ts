/**
 * Evidence through the browser shell: import three corpus files with a collection record, watch the
 * import finish, find the derived attachment and the refused zip bomb in the list, read an e-mail's
 * Received hops, find the PDF by its text, and tag an exhibit — with no request leaving 127.0.0.1.
 */
import { join, resolve } from 'node:path';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const FILES = [
  join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'),
  join(CORPUS, 'reports', 'flash-report-FR-2020-1022.pdf'),
  join(CORPUS, 'bad', 'zip-bomb-2GiB.zip'),
];

test('import, browse, search and tag evidence', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Evidence check',
    file: join(locard.home, 'evidence.locard'),
    passphrase: 'evidence passphrase',
  });
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await expect(page.getByText('No evidence in this case yet')).toBeVisible();

  // Choose files by path; the browser lists the home folder with a checkbox per entry.
  await page.getByRole('button', { name: 'Import evidence…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  await expect(dialog.getByRole('list', { name: /^Contents of / })).toBeVisible();
  const pathField = dialog.getByLabel('File or folder path');
  for (const file of FILES) {
    await pathField.fill(file);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  }
  const chosen = dialog.getByRole('list', { name: 'Chosen files and folders' });
  await expect(chosen.getByRole('listitem')).toHaveCount(3);
  await dialog.getByLabel('Source, URL or origin').fill('County clerk mailbox export');
  await dialog.getByLabel('Collection method').fill('Copied from the export share');
  await dialog.getByLabel('Collector').fill('E2E analyst');
  await dialog.getByRole('button', { name: 'Import 3 items' }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByRole('region', { name: 'Import progress' });
  await expect(panel.getByRole('status')).toContainText('Done: 3 imported', { timeout: 45_000 });
  await expect(panel.getByRole('progressbar', { name: 'Files imported' })).toHaveAttribute('aria-valuenow', '3');
  const log = panel.getByRole('log', { name: 'Import outcomes' });
  await expect(log.getByRole('listitem')).toHaveCount(3);
  await expect(log.getByRole('listitem').filter({ hasText: 'zip-bomb-2GiB.zip' })).toContainText('not parsed');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();

  const grid = page.getByRole('grid', { name: 'Exhibits' });
  const row = (name: string) => grid.getByRole('row').filter({ hasText: name });
  await expect(row('01-threat-with-video-attachment.eml')).toContainText('E-0001');
  await expect(row('voter_data_proof.mp4')).toContainText('email-attachment');
  await expect(row('flash-report-FR-2020-1022.pdf')).toBeVisible();
  await expect(row('zip-bomb-2GiB.zip')).toContainText('not parsed');

  // Sorting by a header sets aria-sort.
  const nameHeader = grid.getByRole('columnheader', { name: 'Name' });
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');

  // The e-mail's detail shows its Received chain as a table of hops.
  await row('01-threat-with-video-attachment.eml').click();
  const detail = page.getByRole('complementary', { name: 'Exhibit E-0001' });
  await expect(detail.getByRole('heading', { name: '01-threat-with-video-attachment.eml' })).toBeVisible();
  const hops = detail.getByRole('table', { name: 'Received hops' });
  await expect(hops.getByRole('row').filter({ hasText: '203.0.113.81' })).toHaveCount(1);
  await expect(hops.getByRole('row').filter({ hasText: '192.0.2.10' })).toHaveCount(1);
  await expect(detail).toContainText('County clerk mailbox export');

  // Keyboard: ↓ moves the selection, Enter opens it.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: /^Exhibit E-/ })).not.toHaveAttribute(
    'aria-label',
    'Exhibit E-0001',
  );

  // Full-text search finds the PDF by words only its text holds; the hit opens its exhibit.
  await page.getByLabel('Search evidence text').fill('Harborlight Threat Research');
  const results = page.getByRole('region', { name: 'Search results' });
  const hit = results.getByRole('button').filter({ hasText: 'flash-report-FR-2020-1022.pdf' });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText(/Harborlight/i);
  await hit.click();
  const pdf = page.getByRole('complementary', { name: /^Exhibit E-/ });
  await expect(pdf.getByRole('heading', { name: 'flash-report-FR-2020-1022.pdf' })).toBeVisible();
  await expect(pdf.getByLabel('Extracted text')).toContainText('Harborlight');

  // A tag added in the detail shows in the row and in the exhibit's custody history.
  await pdf.getByLabel('New tag').fill('attribution');
  await pdf.getByRole('button', { name: 'Add tag' }).click();
  await expect(pdf.getByRole('button', { name: 'Remove tag attribution' })).toBeVisible();
  await expect(row('flash-report-FR-2020-1022.pdf')).toContainText('attribution');
  await expect(pdf.getByRole('region', { name: 'Custody history' })).toContainText('evidence.edited');

  // The filter narrows the list by tag.
  await page.getByLabel('Filter exhibits').fill('attribution');
  await expect(grid.getByRole('row')).toHaveCount(2);

  expect(offHostRequests(requests)).toEqual([]);
});
