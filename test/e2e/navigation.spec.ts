/** The workspace's sections each render with their heading, and the theme toggle switches the theme. */
import { join } from 'node:path';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

test('every section renders and the theme toggles', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Navigation check',
    file: join(locard.home, 'navigation.locard'),
    passphrase: 'navigation passphrase',
    tlp: 'RED',
  });
  await expect(page.getByRole('banner').getByText('TLP:RED')).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Case sections' });
  const sections: readonly [string, RegExp][] = [
    ['Evidence', /No evidence in this case yet/],
    ['Indicators', /No indicators yet/],
    ['Graph', /No entities yet/],
    ['Timeline', /No events on the timeline yet/],
    ['Briefing', /No briefing drafted yet/],
    ['Custody', /Chain verified/],
  ];
  for (const [name, content] of sections) {
    const item = nav.getByRole('button', { name: new RegExp(`^${name}`) });
    await item.click();
    await expect(item).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(content);
    await expect(page.getByText(/coming soon/i)).toHaveCount(0);
  }

  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  expect(before === 'light' || before === 'dark').toBe(true);
  const after = before === 'dark' ? 'light' : 'dark';
  await page.getByRole('button', { name: `Switch to ${after} theme` }).click();
  await expect(html).toHaveAttribute('data-theme', after);
  await page.getByRole('button', { name: `Switch to ${before ?? ''} theme` }).click();
  await expect(html).toHaveAttribute('data-theme', before ?? '');

  expect(offHostRequests(requests)).toEqual([]);
});
