/**
 * The Graph view through the browser shell: import an e-mail and the analyst's notes, see the
 * derived graph laid out, create two threat actors, link one to the other ("impersonates") by
 * selecting, pressing L and clicking the target on the canvas, with a confidence and a cited exhibit;
 * merge the two actors and undo the merge; export the canvas as a PNG with real dimensions — with no
 * request leaving 127.0.0.1 and nothing refused by the page's Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const FILES = [
  join(FIXTURES, 'corpus', 'emails', '01-threat-with-video-attachment.eml'),
  join(FIXTURES, 'corpus', 'reports', 'analyst-notes.txt'),
];

async function newEntity(page: Page, name: string) {
  await page.getByRole('button', { name: 'New entity…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New entity' });
  await expect(dialog.getByLabel('Type')).toHaveValue('threat-actor');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create entity' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Created threat actor ${name}`);
}

test('graph: derived links, link two actors, merge and undo, export PNG', async ({ page, locard, requests }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(locard.url);
  await page.getByRole('button', { name: /New case/ }).click();
  const create = page.getByRole('dialog', { name: 'New case' });
  await create.getByLabel('Case title').fill('Graph check');
  await create.getByLabel('Case file').fill(join(locard.home, 'graph.locard'));
  await create.getByLabel('Passphrase', { exact: true }).fill('graph passphrase');
  await create.getByLabel('Confirm passphrase').fill('graph passphrase');
  await create.getByRole('button', { name: 'Create case' }).click();

  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await page.getByRole('button', { name: 'Import evidence…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  const pathField = dialog.getByLabel('File or folder path');
  for (const file of FILES) {
    await pathField.fill(file);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await dialog.getByRole('button', { name: 'Import 2 items' }).click();
  const panel = page.getByRole('region', { name: 'Import progress' });
  await expect(panel.getByRole('status')).toContainText('Done: 2 imported', { timeout: 60_000 });

  // The derived graph: exhibits and indicators, laid out by fCoSE.
  await nav.getByRole('button', { name: /^Graph/ }).click();
  const canvas = page.getByRole('application', { name: /Graph canvas/ });
  await expect(canvas).toHaveAttribute('data-layout', 'done');
  const nodes = Number(await canvas.getAttribute('data-nodes'));
  expect(nodes).toBeGreaterThan(5);
  expect(Number(await canvas.getAttribute('data-edges'))).toBeGreaterThan(5);
  await expect(
    page.getByRole('group', { name: 'Relationship kinds' }).getByRole('button', { name: /^Derived/ }),
  ).toHaveAttribute('aria-pressed', 'true');

  // Two threat actors, made in the view.
  await newEntity(page, 'APT37');
  await newEntity(page, 'Reaper');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes + 2));
  await expect(canvas).toHaveAttribute('data-layout', 'done');

  // Select APT37 from the search box: its detail opens and it is in the middle of the canvas.
  const search = page.getByLabel('Search entities');
  await search.fill('APT37');
  await search.press('Enter');
  const entityDetail = page.getByRole('complementary', { name: 'Entity detail' });
  await expect(entityDetail.getByRole('heading', { name: 'APT37' })).toBeVisible();
  await expect(entityDetail).toContainText('threat-actor');
  await expect(canvas).toBeFocused();
  const apt37 = await canvas.getAttribute('data-centred');
  expect(apt37).toMatch(/^ent:/);

  // L starts a link; finding Reaper brings it to the middle, where a click picks it as the target.
  await page.keyboard.press('l');
  await expect(page.getByRole('status').filter({ hasText: 'Linking from APT37' })).toBeVisible();
  await search.fill('Reaper');
  await expect(canvas).not.toHaveAttribute('data-centred', apt37 ?? '');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The canvas has no box.');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const link = page.getByRole('dialog', { name: 'New relationship' });
  await expect(link).toContainText('APT37');
  await expect(link).toContainText('Reaper');
  await link.getByLabel('Relationship').selectOption('impersonates');
  await link.getByLabel('Confidence (0 to 100)').fill('85');
  await expect(link.locator('output')).toHaveText('very likely');
  const firstExhibit = link.getByRole('group', { name: 'Cited exhibits' }).getByRole('checkbox').first();
  await firstExhibit.check();
  await link.getByRole('button', { name: 'Create relationship' }).click();
  await expect(link).toBeHidden();

  // The new relationship is selected, with its confidence in words and the exhibit it rests on.
  const relDetail = page.getByRole('complementary', { name: 'Relationship detail' });
  await expect(relDetail.getByRole('heading', { name: 'impersonates' })).toBeVisible();
  await expect(relDetail).toContainText('APT37 impersonates Reaper');
  await expect(relDetail).toContainText('85very likely');
  await expect(relDetail).toContainText('E-0001');
  await expect(relDetail).toContainText('Asserted by an analyst');

  // Merge: APT37, then Reaper added with Shift+Enter; keep APT37.
  await search.fill('APT37');
  await search.press('Enter');
  await search.fill('Reaper');
  await search.press('Shift+Enter');
  const selectionPane = page.getByRole('complementary', { name: 'Selection' });
  await expect(selectionPane.getByRole('heading', { name: '2 entities' })).toBeVisible();
  await selectionPane.getByRole('button', { name: 'Merge…' }).click();
  const merge = page.getByRole('dialog', { name: 'Merge entities' });
  await merge.getByRole('radio', { name: 'APT37' }).check();
  await merge.getByLabel('Source').fill('Vendor report, 2018');
  await merge.getByRole('button', { name: 'Merge 2 entities' }).click();
  await expect(merge).toBeHidden();
  const aliases = entityDetail.getByRole('region', { name: 'Aliases' });
  await expect(entityDetail.getByRole('heading', { name: 'APT37' })).toBeVisible();
  await expect(aliases).toContainText('Reaper');
  await expect(aliases).toContainText('from Vendor report, 2018');
  await search.fill('Reaper');
  // Reaper is an alias now: the search still finds APT37 by it.
  await expect(page.getByText('1 match · Enter selects')).toBeVisible();

  // Undo the merge from the detail: both are entities again.
  await aliases.getByRole('button', { name: 'Undo merge' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Merge undone');
  await expect(selectionPane.getByRole('heading', { name: '2 entities' })).toBeVisible();
  await expect(selectionPane).toContainText('Reaper');
  await search.fill('');
  await expect(canvas).toHaveAttribute('data-layout', 'done');

  // Export PNG: a real picture with real dimensions.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Graph-check-graph-\d{4}-\d{2}-\d{2}\.png$/);
  const path = await download.path();
  const png = readFileSync(path);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBeGreaterThan(200);
  expect(png.readUInt32BE(20)).toBeGreaterThan(200);

  expect(refused).toEqual([]);
  expect(offHostRequests(requests)).toEqual([]);
});
