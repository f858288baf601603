/**
 * The life of a case through the UI: create it, lock it, fail to unlock with a wrong passphrase,
 * unlock it, and find each step in a verified custody log — with no request leaving 127.0.0.1.
 */
import { join } from 'node:path';
import { expect, offHostRequests, test } from './fixtures.js';

const PASSPHRASE = 'correct horse battery staple';
const TITLE = 'Threatening voter emails';

test('create, lock, unlock and audit a case', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await expect(page.getByRole('heading', { name: 'Investigations workbench' })).toBeVisible();

  await page.getByRole('button', { name: /New case/ }).click();
  const create = page.getByRole('dialog', { name: 'New case' });
  await expect(create).toBeVisible();
  await create.getByLabel('Case title').fill(TITLE);
  await create.getByLabel('Case file').fill(join(locard.home, 'voter-emails.locard'));
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await create.getByRole('button', { name: 'Create case' }).click();

  const topbar = page.getByRole('banner');
  await expect(topbar.getByText(TITLE, { exact: true })).toBeVisible();
  await expect(topbar.getByText('TLP:AMBER')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();

  // Lock from the keyboard; the case's contents leave the screen.
  await page.keyboard.press('ControlOrMeta+KeyL');
  const unlock = page.getByRole('dialog', { name: 'Case locked' });
  await expect(unlock).toBeVisible();
  await expect(unlock.getByText(join(locard.home, 'voter-emails.locard'))).toBeVisible();
  await expect(page.getByText(TITLE, { exact: true })).toHaveCount(0);

  await unlock.getByLabel('Passphrase').fill('not the passphrase');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(unlock.getByRole('alert')).toContainText('Wrong passphrase, or this file is not a Locard case');

  await unlock.getByLabel('Passphrase').fill(PASSPHRASE);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(unlock).toBeHidden();
  await expect(topbar.getByText(TITLE, { exact: true })).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Case sections' })
    .getByRole('button', { name: /Custody/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Custody', level: 1 })).toBeVisible();
  const log = page.getByRole('table');
  for (const action of ['case.created', 'case.locked', 'case.unlocked']) {
    await expect(log.getByRole('row').filter({ hasText: action })).toHaveCount(1);
  }
  await expect(page.getByRole('status').filter({ hasText: 'Chain verified' })).toContainText(
    /Chain verified — 3 entries, head [0-9a-f]{16}/,
  );

  expect(requests.length).toBeGreaterThan(0);
  expect(offHostRequests(requests)).toEqual([]);
});
