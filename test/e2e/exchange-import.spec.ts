/**
 * Exchange in through the browser shell: from the Indicators view, import a partner's CSV of
 * indicators with the column-mapping dialog (type column and tags), then a STIX 2.1 bundle; each
 * ends with a summary naming the exhibit that keeps the file, the new entities show up, and no
 * request leaves 127.0.0.1. Set LOCARD_SCREENSHOTS to a folder to keep pictures of each step.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const CSV = [
  'indicator,ioc_type,tags,comment',
  '198.51.100.23,ip-dst,c2|partner,first stage',
  'hxxps://voter-update[.]net/portal,url,partner,lure',
  'update-check.example.net,domain,c2,beacon host',
  'not an indicator,domain,,',
].join('\r\n');

const PRODUCER = 'identity--3b2c1e0a-6f9d-4a8b-9c7d-5e4f3a2b1c0d';
const common = {
  spec_version: '2.1',
  created_by_ref: PRODUCER,
  created: '2024-03-01T10:00:00.000Z',
  modified: '2024-03-01T10:00:00.000Z',
};
const BUNDLE = {
  type: 'bundle',
  id: 'bundle--6b1a4c55-7a0f-4d2b-8f3e-2c9d1e0f4a5b',
  objects: [
    {
      type: 'identity',
      id: PRODUCER,
      spec_version: '2.1',
      created: common.created,
      modified: common.modified,
      name: 'ACME CERT',
      identity_class: 'organization',
    },
    {
      ...common,
      type: 'threat-actor',
      id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      name: 'Cotton Sandstorm',
    },
    {
      ...common,
      type: 'indicator',
      id: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
      pattern: "[ipv4-addr:value = '198.51.100.23']",
      pattern_type: 'stix',
      valid_from: common.created,
    },
    {
      ...common,
      type: 'relationship',
      id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
      relationship_type: 'indicates',
      source_ref: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
      target_ref: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      confidence: 70,
    },
    { ...common, type: 'x-acme-widget', id: 'x-acme-widget--0d0c0b0a-0908-4706-8504-030201000f0e' },
  ],
};

async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.LOCARD_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `${name}.png`) });
}

test('import a CSV with a column mapping and a STIX bundle', async ({ page, locard, requests }) => {
  const csvPath = join(locard.home, 'partner-iocs.csv');
  const bundlePath = join(locard.home, 'acme-bundle.json');
  writeFileSync(csvPath, CSV);
  writeFileSync(bundlePath, JSON.stringify(BUNDLE));

  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Exchange check',
    file: join(locard.home, 'exchange.locard'),
    passphrase: 'exchange passphrase',
  });
  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await nav.getByRole('button', { name: /^Indicators/ }).click();

  // The CSV: chosen by path, recognised as CSV by its name, then mapped.
  await page.getByRole('button', { name: 'Import STIX, MISP or CSV…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import exchange file' });
  await dialog.getByLabel('File', { exact: true }).fill(csvPath);
  await expect(dialog.getByRole('button', { name: /CSV table/ })).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'exchange-1-choose');
  await dialog.getByRole('button', { name: 'Next: map columns' }).click();

  const mapping = page.getByRole('dialog', { name: 'Map the CSV columns' });
  await expect(mapping).toContainText('partner-iocs.csv · 4 rows · comma-separated');
  await expect(mapping.getByRole('button', { name: /Indicators/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(mapping.getByLabel('Value column')).toHaveValue('0');
  await expect(mapping.getByLabel('Type')).toHaveValue('1');
  await expect(mapping.getByLabel('Tags column')).toHaveValue('2');
  await expect(mapping.getByLabel('Description column')).toHaveValue('3');
  const preview = mapping.getByRole('region', { name: 'First rows of the file' });
  await expect(preview.getByRole('columnheader', { name: 'indicator value' })).toBeVisible();
  await shot(page, 'exchange-2-mapping');
  await mapping.getByRole('button', { name: 'Import 4 rows' }).click();

  const done = page.getByRole('dialog', { name: 'Import finished' });
  await expect(done.getByRole('status')).toContainText('Imported E-0001 and recorded the import in the custody log.');
  await expect(done).toContainText('Skipped 1 row');
  await expect(done).toContainText('"not an indicator" is not domain');
  await shot(page, 'exchange-3-summary');
  await expect(done.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(done).toBeHidden();

  const grid = page.getByRole('grid', { name: 'Indicators' });
  const row = (value: string) => grid.getByRole('row').filter({ has: page.getByText(value, { exact: true }) });
  await expect(row('198.51.100.23')).toContainText('c2');
  await expect(row('https://voter-update.net/portal')).toHaveCount(1);

  // A malformed bundle is refused with its reason; the dialog stays open to choose another file.
  await page.getByRole('button', { name: 'Import STIX, MISP or CSV…' }).click();
  const again = page.getByRole('dialog', { name: 'Import exchange file' });
  const broken = join(locard.home, 'broken.json');
  writeFileSync(broken, '{"type": "bundle", "objects": [');
  await again.getByLabel('File', { exact: true }).fill(broken);
  await again.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(again.getByRole('alert')).toContainText('broken.json is not valid JSON');
  await shot(page, 'exchange-4-refused');

  await again.getByLabel('File', { exact: true }).fill(bundlePath);
  await expect(again.getByRole('button', { name: /STIX 2\.1 or MISP/ })).toHaveAttribute('aria-pressed', 'true');
  await again.getByRole('button', { name: 'Import', exact: true }).click();
  const stix = page.getByRole('dialog', { name: 'Import finished' });
  await expect(stix.getByRole('status')).toContainText('Imported E-0002');
  await expect(stix).toContainText('ACME CERT · STIX 2.1 bundle');
  await expect(stix).toContainText('Locard has no entity for STIX type x-acme-widget');
  await shot(page, 'exchange-5-stix-summary');
  await stix.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    'E-0002 imported: 2 entities, 1 new relationship',
  );

  // Both imports are in the custody log.
  await nav.getByRole('button', { name: /^Custody/ }).click();
  await expect(page.getByRole('main').getByText('exchange.imported', { exact: true })).toHaveCount(2);
  expect(offHostRequests(requests)).toEqual([]);
});
