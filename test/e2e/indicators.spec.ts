/**
 * Indicators through the browser shell: import the analyst's notes and the flash report, find
 * 203.0.113.77 with its occurrences, enrich it from the analyst CSV, filter by type, copy it defanged,
 * mark it benign and see it leave the default list, and open one of its occurrences in the Evidence
 * view — with no request leaving 127.0.0.1.
 */
import { join, resolve } from 'node:path';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const FILES = [
  join(FIXTURES, 'corpus', 'reports', 'analyst-notes.txt'),
  join(FIXTURES, 'corpus', 'reports', 'flash-report-FR-2020-1022.html'),
];
const RANGES_CSV = join(FIXTURES, 'enrichment', 'documentation-ranges.csv');

test('find, enrich, filter, copy, mark and open indicators', async ({ page, locard, requests }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(locard.url).origin });
  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Indicators check',
    file: join(locard.home, 'indicators.locard'),
    passphrase: 'indicators passphrase',
  });

  // Before any evidence: the empty state says where indicators come from.
  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await nav.getByRole('button', { name: /^Indicators/ }).click();
  await expect(page.getByRole('heading', { name: 'No indicators yet' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Import evidence to find indicators');

  // Its button opens the evidence import.
  await page.getByRole('main').getByRole('button', { name: 'Import evidence…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  const pathField = dialog.getByLabel('File or folder path');
  for (const file of FILES) {
    await pathField.fill(file);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await dialog.getByRole('button', { name: 'Import 2 items' }).click();
  const panel = page.getByRole('region', { name: 'Import progress' });
  await expect(panel.getByRole('status')).toContainText('Done: 2 imported', { timeout: 45_000 });

  await nav.getByRole('button', { name: /^Indicators/ }).click();
  const grid = page.getByRole('grid', { name: 'Indicators' });
  const toast = page.getByRole('status', { name: 'Notifications' });
  const row = (value: string) => grid.getByRole('row').filter({ has: page.getByText(value, { exact: true }) });
  const ip = row('203.0.113.77');
  await expect(ip).toHaveCount(1);
  await expect(ip.getByRole('gridcell').nth(2)).toHaveText('IPv4');
  // Flags: the telling one as a chip, the rest behind "+1", each explained in its tooltip.
  const flags = ip.getByRole('gridcell').nth(3);
  await expect(flags.getByTitle(/^Written in a defanged form/)).toHaveText('defanged');
  await expect(flags.getByTitle(/^documentation: In a range reserved for documentation/)).toHaveText('+1');
  // Seen in both files: plain, defanged and as the host of the defanged URL in the notes.
  await expect(ip.getByRole('gridcell').nth(6)).toHaveText('2');
  const occurrences = Number(await ip.getByRole('gridcell').nth(5).textContent());
  expect(occurrences).toBeGreaterThanOrEqual(3);

  // The analyst's CSV attributes the documentation range: the row shows the network and country.
  await page.getByRole('button', { name: 'Import enrichment CSV…' }).click();
  const csv = page.getByRole('dialog', { name: 'Import enrichment CSV' });
  // A file that is not such a CSV is refused, with the reason, and the dialog stays open.
  await csv.getByLabel('CSV file').fill(FILES[0] ?? '');
  await csv.getByRole('button', { name: 'Import ranges' }).click();
  await expect(csv.getByRole('alert')).toContainText('analyst-notes.txt was not imported');
  await csv.getByLabel('CSV file').fill(RANGES_CSV);
  await csv.getByRole('button', { name: 'Import ranges' }).click();
  await expect(csv).toBeHidden();
  await expect(toast).toContainText('1 range imported');
  await expect(ip).toContainText('AS64500 Worldstream · NL');

  // Filter by type: only IPv4 rows remain, the domains go.
  const summary = page.getByRole('main').getByText(/ indicators · \d+ shown/);
  await expect(row('203-0-113-77.static.worldstream.example')).toHaveCount(1);
  await page.getByRole('button', { name: 'Types: All types' }).click();
  await page.getByRole('dialog', { name: 'Indicator types' }).getByLabel('IPv4').check();
  await page.keyboard.press('Escape');
  await expect(row('203-0-113-77.static.worldstream.example')).toHaveCount(0);
  await expect(ip).toHaveCount(1);
  const types = await grid.locator('[role="row"][aria-selected] .c-type').allTextContents();
  expect(new Set(types)).toEqual(new Set(['IPv4']));
  await expect(summary).toContainText(`${types.length} shown`);

  // "/" goes to the search box, which takes a value as pasted from a ticket, defanged.
  await grid.focus();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search indicators')).toBeFocused();
  await page.keyboard.type('203.0.113[.]7');
  await expect(ip).toHaveCount(1);
  await expect(row('203.0.113.81')).toHaveCount(0);
  await expect(summary).toContainText('1 shown');
  await page.getByLabel('Search indicators').fill('');
  await expect(row('203.0.113.81')).toHaveCount(1);

  // Select it and copy it defanged: the clipboard holds the safe form, a toast says so.
  await ip.click();
  await expect(ip).toHaveAttribute('aria-selected', 'true');
  await page
    .getByRole('toolbar', { name: 'Selected indicators' })
    .getByRole('button', { name: 'Copy defanged' })
    .click();
  await expect(toast).toContainText('Copied 1 indicator, defanged');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('203[.]0[.]113[.]77');

  // The detail lists every occurrence with its context, the surface marked.
  const detail = page.getByRole('complementary', { name: 'Indicator detail' });
  await expect(detail.getByRole('heading', { name: '203.0.113.77' })).toBeVisible();
  await expect(detail.getByRole('table', { name: 'Enrichment facts' })).toContainText('Worldstream');
  const listed = detail.getByRole('region', { name: 'Occurrences' }).getByRole('button', { name: /^Open E-\d+ / });
  await expect(listed).toHaveCount(occurrences);
  const notes = listed.filter({ hasText: 'analyst-notes.txt' });
  await expect(notes.first().locator('mark')).toHaveText(/^203\.0\.113(\.|\[\.\])77$/);

  // B marks it benign: it leaves the default (open) list; Undo in the toast brings it back.
  await grid.focus();
  await page.keyboard.press('b');
  await expect(toast).toContainText('Marked benign: 203.0.113.77');
  await expect(ip).toHaveCount(0);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(ip).toHaveCount(1);
  await expect(ip).not.toHaveClass(/is-dismissed/);

  // Marked again, it shows under the Benign status filter, struck through with its verdict.
  await ip.click();
  await page.getByRole('toolbar', { name: 'Selected indicators' }).getByRole('button', { name: 'Benign' }).click();
  await expect(ip).toHaveCount(0);
  const status = page.getByRole('group', { name: 'Status' });
  await status.getByRole('button', { name: /^Benign/ }).click();
  await expect(ip).toContainText('benign');
  await ip.click();
  const verdict = detail.getByRole('group', { name: 'Verdict' });
  await expect(verdict.getByRole('button', { name: 'Benign' })).toHaveAttribute('aria-pressed', 'true');
  // Reopened from the detail pane, it is back in the default list.
  await verdict.getByRole('button', { name: 'Open' }).click();
  await expect(ip).not.toContainText('benign');
  await status.getByRole('button', { name: /^Benign/ }).click();
  await expect(ip).toHaveCount(1);

  // Choosing a text occurrence opens that exhibit in the Evidence view.
  await ip.click();
  await detail
    .getByRole('region', { name: 'Occurrences' })
    .getByRole('button', { name: /^Open E-0001 analyst-notes\.txt at / })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
  await expect(nav.getByRole('button', { name: /^Evidence/ })).toHaveAttribute('aria-current', 'page');
  const exhibit = page.getByRole('complementary', { name: 'Exhibit E-0001' });
  await expect(exhibit.getByRole('heading', { name: 'analyst-notes.txt' })).toBeVisible();
  // …at that place: the text view shows the occurrence marked.
  await expect(exhibit.getByLabel('Extracted text').locator('mark')).toHaveText('203.0.113.77');

  // Back in Indicators, the filters are as they were left.
  await nav.getByRole('button', { name: /^Indicators/ }).click();
  await expect(page.getByRole('button', { name: 'Types: IPv4' })).toBeVisible();

  // The verdicts and the enrichment import are in the custody log.
  await nav.getByRole('button', { name: /^Custody/ }).click();
  await expect(page.getByRole('main').getByText('indicator.updated')).toHaveCount(4);
  await expect(page.getByRole('main').getByText('enrichment.imported')).toHaveCount(1);

  expect(offHostRequests(requests)).toEqual([]);
});
