/**
 * The timeline through the browser shell: import an e-mail, the analyst's notes and the flash report,
 * propose events from them, accept two proposals (each lands in its proposal's lane), add a manual
 * event citing an exhibit, mark first release and public attribution, read the time to attribution,
 * move between events with the keyboard, edit the lanes, and brush a time window that filters the
 * Graph and Evidence views until it is cleared. A platform dataset's rows are reviewed as aggregates.
 * No request leaves 127.0.0.1.
 */
import { join, resolve } from 'node:path';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const shots = process.env.TIMELINE_SCREENSHOTS;
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
  await createCaseInUi(page, {
    title: 'Timeline check',
    file: join(locard.home, 'timeline.locard'),
    passphrase: 'timeline passphrase',
  });

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
  // OCR of the e-mail's video starts by itself and adds what it reads to the graph: wait for it, so the
  // whole graph counted below is the one the cleared window must restore.
  await expect(page.getByRole('region', { name: 'OCR progress' }).getByRole('status')).toHaveText(
    /^OCR read 1 exhibit/,
    { timeout: 90_000 },
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

  // Keyboard: → moves between events, Enter opens the one under the cursor, + zooms in.
  const chart = page.getByRole('application', { name: 'Timeline chart' });
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  const cursor = chart.locator('.timeline-cursor');
  await expect(cursor).toContainText('event 1 of 2');
  await expect(cursor).toContainText('E-mail sent');
  await page.keyboard.press('ArrowRight');
  await expect(cursor).toContainText('event 2 of 2');
  if (shots) await page.screenshot({ path: join(shots, 'timeline-keyboard.png') });
  await page.keyboard.press('Enter');
  const opened = page.getByRole('form', { name: /officials named Iran/ });
  await expect(opened).toBeVisible();
  await expect(opened.getByLabel('Lane')).toHaveValue('attribution');
  await page.keyboard.press('Escape');
  await expect(opened).toBeHidden();
  const span = async () => {
    const [start, end] = await Promise.all([
      chart.getAttribute('data-view-start'),
      chart.getAttribute('data-view-end'),
    ]);
    return Number(end) - Number(start);
  };
  const before = await span();
  await chart.focus();
  await page.keyboard.press('+');
  await expect.poll(span).toBeLessThan(before * 0.8);
  await page.keyboard.press('0');
  await expect.poll(span).toBe(before);

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
  // A plain Accept put each event in its proposal's lane: the e-mail's Date in release.
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText('release');
  await expect(rows.nth(2).locator('td').nth(2)).toHaveText('attribution');

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

  // The lanes are an editable list: rename, reorder, add, and remove one with an event in it.
  await page.getByRole('button', { name: 'Lanes…' }).click();
  const lanes = page.getByRole('form', { name: 'Lanes' });
  await lanes.getByLabel('Lane 2 name').fill('dissemination');
  await lanes.getByRole('button', { name: 'Move spread up' }).click();
  await expect(lanes.getByLabel('Lane 2 name')).toHaveValue('spread');
  await lanes.getByLabel('New lane name').fill('aftermath');
  await lanes.getByRole('button', { name: 'Add lane' }).click();
  await lanes.getByRole('button', { name: 'Remove attribution' }).click();
  await expect(lanes.getByText('1 event in this lane moves to')).toBeVisible();
  await lanes.getByLabel('Where the events of attribution go').selectOption({ label: 'aftermath' });
  if (shots) await page.screenshot({ path: join(shots, 'timeline-lanes.png') });
  await lanes.getByRole('button', { name: 'Save lanes' }).click();
  await expect(toast).toContainText('Lanes saved');
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText('dissemination');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('spread');
  await expect(rows.nth(2).locator('td').nth(2)).toHaveText('aftermath');
  await expect(banner).toContainText(`Time to attribution: ${duration(attributed - released)}`);

  // The whole graph first, to compare with the windowed one.
  const graphShown = async (): Promise<[number, number]> => {
    const text = (await page.getByRole('main').locator('.view-sub').textContent()) ?? '';
    const match = /([\d,]+) and ([\d,]+) shown/.exec(text);
    if (!match) throw new Error(`no counts in "${text}"`);
    return [Number(match[1]?.replace(/,/g, '')), Number(match[2]?.replace(/,/g, ''))];
  };
  await nav.getByRole('button', { name: /^Graph/ }).click();
  await expect(page.getByRole('main').locator('.view-sub')).toContainText('shown');
  const full = await graphShown();
  expect(full[0]).toBeGreaterThan(4);
  await expect(page.getByLabel('Time window', { exact: true })).toHaveCount(0);

  // Brushing along the axis sets a time window, which the list then follows.
  await nav.getByRole('button', { name: /^Timeline/ }).click();
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
  const chip = page.getByLabel('Time window', { exact: true });
  await expect(chip).toContainText('2020-10-20');
  await display.getByRole('button', { name: 'List' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('First release');
  await expect(page.getByText('1 event of 3 in the time window.')).toBeVisible();

  // The Graph keeps what the window's one dated exhibit (the e-mail, E-0001) supports, and says so.
  await nav.getByRole('button', { name: /^Graph/ }).click();
  await expect(chip).toContainText('from 1 of 3 dated exhibits');
  await expect.poll(async () => (await graphShown())[0]).toBeLessThan(full[0]);
  const windowed = await graphShown();
  expect(windowed[1]).toBeLessThan(full[1]);
  expect(windowed[0]).toBeGreaterThan(1);
  const kept = /^(\d+) of (\d+) entities/.exec((await chip.locator('.time-window-detail').textContent()) ?? '');
  expect(Number(kept?.[1])).toBeLessThan(Number(kept?.[2]));
  if (shots) await page.screenshot({ path: join(shots, 'graph-time-window.png') });

  // Evidence lists only the exhibits dated inside the window, with the same chip to clear it.
  await nav.getByRole('button', { name: /^Evidence/ }).click();
  const grid = page.getByRole('grid', { name: 'Exhibits' });
  await expect(chip).toContainText('1 of 3 dated exhibits inside');
  await expect(grid.getByRole('row').filter({ hasText: /E-000\d/ })).toHaveCount(1);
  await expect(grid.getByRole('row').filter({ hasText: 'E-0001' })).toHaveCount(1);
  await expect(page.getByText('1 of 4 shown')).toBeVisible();
  if (shots) await page.screenshot({ path: join(shots, 'evidence-time-window.png') });
  await chip.getByRole('button', { name: 'Clear time window' }).click();
  await expect(chip).toHaveCount(0);
  await expect(grid.getByRole('row').filter({ hasText: /E-000\d/ })).toHaveCount(4);

  // Cleared everywhere: the whole graph again, and the whole list.
  await nav.getByRole('button', { name: /^Graph/ }).click();
  await expect(page.getByRole('main').locator('.view-sub')).toContainText('shown');
  await expect.poll(graphShown).toEqual(full);
  await expect(chip).toHaveCount(0);
  await nav.getByRole('button', { name: /^Timeline/ }).click();
  await display.getByRole('button', { name: 'List' }).click();
  await expect(rows).toHaveCount(3);

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

test('a platform dataset proposes aggregates, each decided for its rows', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  await createCaseInUi(page, {
    title: 'Timeline dataset',
    file: join(locard.home, 'dataset.locard'),
    passphrase: 'timeline passphrase',
  });

  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await nav.getByRole('button', { name: /^Evidence/ }).click();
  await page
    .getByRole('main')
    .getByRole('button', { name: /Import evidence/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Import evidence' });
  await dialog.getByLabel('File or folder path').fill(join(FIXTURES, 'social', 'io_dataset_oct2020_tweets.csv'));
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByRole('button', { name: 'Import 1 item' }).click();
  await expect(page.getByRole('region', { name: 'Import progress' }).getByRole('status')).toContainText(
    'Done: 1 imported',
    { timeout: 45_000 },
  );

  await nav.getByRole('button', { name: /^Timeline/ }).click();
  const proposals = page.getByRole('region', { name: 'Proposed events' });
  await proposals.getByRole('button', { name: 'Propose from evidence' }).click();
  await expect(proposals.getByRole('button', { name: 'Propose from evidence' })).toBeEnabled();
  // 200 rows of posts and account creations, reviewable as a handful of aggregates.
  const list = proposals.locator('.timeline-proposal-list > li');
  const top = await list.count();
  expect(top).toBeGreaterThan(2);
  expect(top).toBeLessThan(12);
  await expect(proposals.getByText(/dataset rows are grouped inside the aggregates/)).toBeVisible();
  const burst = list.filter({ hasText: /accounts posted https:\/\/vidshare\.example\/watch\/Qx7Lm2Rp \d+ times/ });
  await expect(burst).toHaveCount(1);
  await expect(burst).toContainText('spread');
  const wave = list.filter({ hasText: /\d+ accounts created between 2020-10-06 and 2020-10-12/ });
  await expect(wave).toHaveCount(1);
  await expect(wave).toContainText('preparation');

  // Open the burst: its rows, each with its own decision; reject one row.
  const toggle = burst.getByRole('button', { name: /^\d+ rows$/ });
  const rowCount = Number(/^(\d+)/.exec((await toggle.textContent()) ?? '')?.[1]);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const burstRows = burst.getByRole('list', { name: /^Rows of / }).locator('> li');
  await expect(burstRows).toHaveCount(rowCount);
  if (shots) await page.screenshot({ path: join(shots, 'timeline-aggregates.png') });
  await burstRows.first().getByRole('button', { name: 'Reject' }).click();
  await expect(burstRows).toHaveCount(rowCount - 1);

  // Accepting the aggregate makes one event for the burst and takes its open rows with it.
  await burst.getByRole('button', { name: 'Accept', exact: true }).first().click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Accepted');
  await expect(burst).toHaveCount(0);
  await expect(list).toHaveCount(top - 1);
  await expect(page.getByRole('main').getByText(/^1 event · /)).toBeVisible();
  await page.getByRole('group', { name: 'Display' }).getByRole('button', { name: 'List' }).click();
  const rows = page.getByRole('grid', { name: 'Timeline events' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('vidshare.example');
  await expect(rows.first().locator('td').nth(2)).toHaveText('spread');
  expect(offHostRequests(requests)).toEqual([]);
});
