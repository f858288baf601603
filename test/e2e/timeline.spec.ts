/**
 * The timeline through the browser shell: import an e-mail, the analyst's notes and the flash report,
 * propose events from them, accept two proposals, add a manual event citing an exhibit, mark first
 * release and public attribution, and read the time to attribution — with no request leaving 127.0.0.1.
 */
import { join, resolve } from 'node:path';
import { expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const FILES = [
  join(FIXTURES, 'emails', '01-threat-with-video-attachment.eml'),
  join(FIXTURES, 'reports', 'analyst-notes.txt'),
  join(FIXTURES, 'reports', 'flash-report-FR-2020-1022.html'),
];

/** Milliseconds of a timeline value written as shared/timeline.ts says (zone-less values read as UTC). */
function instant(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (/T\d{2}:\d{2}(?::\d{2})?$/.test(value)) return Date.parse(`${value}Z`);
  return Date.parse(value);
}

function duration(ms: number): string {
  const total = Math.round(ms / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  return [
    days ? `${String(days)} day${days === 1 ? '' : 's'}` : '',
    hours ? `${String(hours)} h` : '',
    minutes ? `${String(minutes)} min` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

test('propose, accept, add and mark milestones for the time to attribution', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await page.getByRole('button', { name: /New case/ }).click();
  const create = page.getByRole('dialog', { name: 'New case' });
  await create.getByLabel('Case title').fill('Timeline check');
  await create.getByLabel('Case file').fill(join(locard.home, 'timeline.locard'));
  await create.getByLabel('Passphrase', { exact: true }).fill('timeline passphrase');
  await create.getByLabel('Confirm passphrase').fill('timeline passphrase');
  await create.getByRole('button', { name: 'Create case' }).click();

  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await nav.getByRole('button', { name: /^Evidence/ }).click();
  await page
    .getByRole('main')
    .getByRole('button', { name: /Import evidence/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  const pathField = dialog.getByLabel('File or folder path');
  for (const file of FILES) {
    await pathField.fill(file);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await dialog.getByRole('button', { name: 'Import 3 items' }).click();
  await expect(page.getByRole('region', { name: 'Import progress' }).getByRole('status')).toContainText(
    'Done: 3 imported',
    { timeout: 45_000 },
  );

  // An empty timeline says how events get there.
  await nav.getByRole('button', { name: /^Timeline/ }).click();
  await expect(page.getByRole('heading', { name: 'No events on the timeline yet' })).toBeVisible();
  const banner = page.getByRole('status', { name: 'Time to attribution' });
  await expect(banner).toContainText('Mark one event as first release');

  // Propose from the evidence: the e-mail's Date header is among the proposals, with its exhibit.
  const proposals = page.getByRole('region', { name: 'Proposed events' });
  const display = page.getByRole('group', { name: 'Display' });
  await proposals.getByRole('button', { name: 'Propose from evidence' }).click();
  await expect(proposals.getByRole('button', { name: 'Propose from evidence' })).toBeEnabled();
  const items = proposals.getByRole('listitem');
  const emailDate = items.filter({ hasText: 'E-mail Date' }).filter({ hasText: 'E-0001' });
  await expect(emailDate).toHaveCount(1);
  const pressConference = items.filter({ hasText: 'officials named Iran' }).filter({ hasText: 'E-0003' });
  await expect(pressConference).toHaveCount(1);
  const toast = page.getByRole('status', { name: 'Notifications' });

  // Accept two proposals: each becomes an event citing its exhibit, and leaves the open list.
  const openBefore = await items.count();
  await emailDate.getByRole('button', { name: 'Accept' }).click();
  await expect(toast).toContainText('Accepted');
  await expect(emailDate).toHaveCount(0);
  await pressConference.getByRole('button', { name: 'Accept' }).click();
  await expect(pressConference).toHaveCount(0);
  await expect(items).toHaveCount(openBefore - 2);
  await expect(page.getByRole('main').getByText(/^2 events · /)).toBeVisible();

  // A manual event (N), citing the e-mail: supported, so not flagged.
  await page.getByRole('application', { name: 'Timeline chart' }).focus();
  await page.keyboard.press('n');
  const editor = page.getByRole('form', { name: 'New event' });
  await editor.getByLabel('Title').fill('Accounts pushed the video link');
  await editor.getByLabel('Start').fill('2020-10-21T02:31:00Z');
  await editor.getByLabel('Lane').selectOption('spread');
  await expect(editor.getByText('Unsupported: no exhibit cited.')).toBeVisible();
  await editor.getByRole('checkbox', { name: /E-0001/ }).check();
  await expect(editor.getByText('Unsupported: no exhibit cited.')).toBeHidden();
  await editor.getByRole('button', { name: 'Add event' }).click();
  await expect(toast).toContainText('Added “Accounts pushed the video link”');

  // The list, sorted by time: the manual event sits between the two accepted ones.
  await display.getByRole('button', { name: 'List' }).click();
  const table = page.getByRole('grid', { name: 'Timeline events' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('Accounts pushed the video link');
  await expect(rows.nth(1)).toContainText('E-0001');
  await expect(rows.nth(2)).toContainText('officials named Iran');

  // Mark the milestones on the e-mail (first release) and the press conference (public attribution).
  const mark = async (row: number, milestone: string): Promise<number> => {
    await rows.nth(row).click();
    const form = page.getByRole('form').filter({ has: page.getByRole('button', { name: 'Save' }) });
    const start = await form.getByLabel('Start').inputValue();
    await form.getByRole('checkbox', { name: milestone }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(toast).toContainText('Saved');
    await expect(rows.nth(row)).toContainText(milestone);
    return instant(start);
  };
  const released = await mark(0, 'First release');
  const attributed = await mark(2, 'Public attribution');
  expect(attributed).toBeGreaterThan(released);
  await expect(banner).toContainText(`Time to attribution: ${duration(attributed - released)}`);

  // Brushing along the axis sets a time window, which the list then follows.
  await display.getByRole('button', { name: 'Timeline' }).click();
  const canvas = page.locator('canvas.timeline-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no timeline canvas');
  // From the left of the axis over the first seventh of it: the e-mail only (the axis fits all three).
  const plotLeft = box.x + 170;
  await page.mouse.move(plotLeft, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(plotLeft + (box.width - 170) / 7, box.y + 20, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByLabel('Time window', { exact: true })).toContainText('2020-10-20');
  await display.getByRole('button', { name: 'List' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('First release');
  await expect(page.getByText('1 event of 3 in the time window.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear time window' }).click();
  await expect(rows).toHaveCount(3);

  const shots = process.env.TIMELINE_SCREENSHOTS;
  if (shots) {
    await display.getByRole('button', { name: 'Timeline' }).click();
    await page.screenshot({ path: join(shots, 'timeline-light.png') });
    await page.getByRole('button', { name: /dark/i }).first().click();
    await page.screenshot({ path: join(shots, 'timeline-dark.png') });
    await display.getByRole('button', { name: 'List' }).click();
    await page.screenshot({ path: join(shots, 'timeline-list-dark.png') });
  }
  expect(offHostRequests(requests)).toEqual([]);
});
