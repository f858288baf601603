/**
 * The Graph view through the browser shell (issue 5, acceptance 2): import an e-mail and the
 * analyst's notes, see the derived graph laid out, create two threat actors, draw an "impersonates"
 * link by dragging from one actor's link handle to the other (cytoscape-edgehandles) with a
 * confidence and a cited exhibit; merge the two actors and undo the merge; save a view, close the
 * case, open it again and find the view (its positions and viewport back); export PNG (decoded: real
 * dimensions) and SVG. A second test drives the canvas by keyboard: arrows, the context menu
 * (Shift+F10), hide, group, undo and redo, neighbourhood and shortest path. No request leaves
 * 127.0.0.1 and the page's Content-Security-Policy refuses nothing.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const FILES = [
  join(FIXTURES, 'corpus', 'emails', '01-threat-with-video-attachment.eml'),
  join(FIXTURES, 'corpus', 'reports', 'analyst-notes.txt'),
];
const PASSPHRASE = 'graph passphrase';

interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

async function createCaseWithEvidence(page: Page, url: string, path: string): Promise<void> {
  await page.goto(url);
  await createCaseInUi(page, { title: 'Graph check', file: path, passphrase: PASSPHRASE });

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
  // OCR of the e-mail's video starts by itself and adds the indicators it reads to the graph: wait for
  // it, so the graph the test counts is the whole one.
  await expect(page.getByRole('region', { name: 'OCR progress' }).getByRole('status')).toHaveText(
    /^OCR read 1 exhibit/,
    {
      timeout: 90_000,
    },
  );
}

async function openGraph(page: Page): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Case sections' })
    .getByRole('button', { name: /^Graph/ })
    .click();
  const canvas = page.getByRole('application', { name: /Graph canvas/ });
  await expect(canvas).toHaveAttribute('data-layout', 'done');
  return canvas;
}

async function newEntity(page: Page, name: string) {
  await page.getByRole('button', { name: 'New entity…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New entity' });
  await expect(dialog.getByLabel('Type')).toHaveValue('threat-actor');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create entity' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Created threat actor ${name}`);
}

/** Do something to the canvas and wait until it has published what it draws after it (`data-published`). */
async function published(canvas: Locator, action: () => Promise<void>): Promise<void> {
  const seen = Number(await canvas.getAttribute('data-published'));
  await action();
  await expect.poll(async () => Number(await canvas.getAttribute('data-published'))).toBeGreaterThan(seen);
}

/** Where the canvas draws its selected nodes (its `data-selected`), once it says `count` are there. */
async function selectedNodes(canvas: Locator, count: number): Promise<Placed[]> {
  await expect(canvas).toHaveAttribute('data-selected', new RegExp(`^\\[(\\{[^}]*\\},?){${String(count)}}\\]$`));
  return JSON.parse((await canvas.getAttribute('data-selected')) ?? '[]') as Placed[];
}

async function bounds(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('The element has no box.');
  return box;
}

/** Width and height from a PNG's IHDR, after checking the signature and that its image data inflates. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  // RGBA, 8 bits, one filter byte per row: the decoded data is exactly the picture's size.
  expect(pixels.length).toBe(height * (width * 4 + 1));
  // Not one flat colour: something was drawn.
  expect(new Set(pixels.subarray(0, Math.min(pixels.length, 400_000))).size).toBeGreaterThan(16);
  return { width, height };
}

test('graph: drag to link, merge and undo, saved view across reopening, PNG and SVG', async ({
  page,
  locard,
  requests,
}) => {
  // Two imports' worth of evidence, a close and a reopen: more than the default minute on a shared machine.
  test.setTimeout(180_000);
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  const casePath = join(locard.home, 'graph.locard');
  await createCaseWithEvidence(page, locard.url, casePath);

  // The derived graph: exhibits and indicators, laid out by fCoSE.
  let canvas = await openGraph(page);
  const nodes = Number(await canvas.getAttribute('data-nodes'));
  expect(nodes).toBeGreaterThan(5);
  expect(Number(await canvas.getAttribute('data-edges'))).toBeGreaterThan(5);
  await expect(canvas).toHaveAttribute('data-renderer', 'canvas');
  await expect(
    page.getByRole('group', { name: 'Relationship kinds' }).getByRole('button', { name: /^Derived/ }),
  ).toHaveAttribute('aria-pressed', 'true');

  // Two threat actors, made in the view.
  await newEntity(page, 'APT37');
  await newEntity(page, 'Reaper');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes + 2));
  await expect(canvas).toHaveAttribute('data-layout', 'done');

  // Select both (the search box, then Shift+Enter adds), fit, and read where they are drawn.
  const search = page.getByLabel('Search entities');
  await search.fill('APT37');
  await search.press('Enter');
  const entityDetail = page.getByRole('complementary', { name: 'Entity detail' });
  await expect(entityDetail.getByRole('heading', { name: 'APT37' })).toBeVisible();
  await expect(canvas).toBeFocused();
  const apt37Id = await canvas.getAttribute('data-centred');
  expect(apt37Id).toMatch(/^ent:/);
  await search.fill('Reaper');
  await search.press('Shift+Enter');
  await selectedNodes(canvas, 2);
  // Fit (F), and read the positions the canvas published after it.
  await published(canvas, () => page.keyboard.press('f'));
  const placed = await selectedNodes(canvas, 2);
  const apt37 = placed.find((node) => node.id === apt37Id);
  const reaper = placed.find((node) => node.id !== apt37Id);
  if (!apt37 || !reaper) throw new Error(`Both actors should be selected: ${JSON.stringify(placed)}`);
  const box = await bounds(canvas);

  // Drag to link: hover APT37, press its link handle, drag onto Reaper and let go.
  await page.mouse.move(box.x + apt37.x, box.y + apt37.y);
  const handle = page.getByRole('button', { name: 'Drag to link from APT37' });
  await expect(handle).toHaveAttribute('data-node', apt37.id);
  const grip = await bounds(handle);
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + (apt37.x + reaper.x) / 2, box.y + (apt37.y + reaper.y) / 2, { steps: 6 });
  await page.mouse.move(box.x + reaper.x, box.y + reaper.y, { steps: 6 });
  await page.mouse.up();

  // The link dialog: type, confidence with its ICD 203 words, the exhibit it rests on.
  const link = page.getByRole('dialog', { name: 'New relationship' });
  await expect(link.locator('.graph-link-ends')).toHaveText(/APT37.*Reaper/);
  await link.getByLabel('Relationship').selectOption('impersonates');
  await link.getByLabel('Confidence (0 to 100)').fill('85');
  await expect(link.locator('output')).toHaveText('very likely');
  await link.getByRole('group', { name: 'Cited exhibits' }).getByRole('checkbox').first().check();
  await link.getByRole('button', { name: 'Create relationship' }).click();
  await expect(link).toBeHidden();

  // The new relationship is selected, with its confidence in words and the exhibit it rests on.
  const relDetail = page.getByRole('complementary', { name: 'Relationship detail' });
  await expect(relDetail.getByRole('heading', { name: 'impersonates' })).toBeVisible();
  await expect(relDetail).toContainText('APT37 impersonates Reaper');
  await expect(relDetail).toContainText('85very likely');
  await expect(relDetail).toContainText('E-0001');
  await expect(relDetail).toContainText('Asserted by an analyst');

  // Undo takes the link back (retracted), redo asserts it again.
  const notes = page.getByRole('status', { name: 'Notifications' });
  await canvas.focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(notes).toContainText('Undone: link APT37 impersonates Reaper');
  await expect(relDetail).toBeHidden();
  await expect(
    page.getByRole('group', { name: 'Relationship kinds' }).getByRole('button', { name: /^Asserted/ }),
  ).toHaveText(/^Asserted\s*0$/);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(notes).toContainText('Redone: link APT37 impersonates Reaper');
  await expect(relDetail).toContainText('APT37 impersonates Reaper');
  await expect(relDetail).toContainText('85very likely');

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
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes + 1));
  await search.fill('Reaper');
  // Reaper is an alias now: the search still finds APT37 by it.
  await expect(page.getByText('1 match · Enter selects')).toBeVisible();

  // Undo the merge from the detail: both are entities again.
  await aliases.getByRole('button', { name: 'Undo merge' }).click();
  await expect(notes).toContainText('Merge undone');
  await expect(selectionPane.getByRole('heading', { name: '2 entities' })).toBeVisible();
  await expect(selectionPane).toContainText('Reaper');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes + 2));
  await search.fill('');
  await expect(canvas).toHaveAttribute('data-layout', 'done');

  // Save a view with APT37 selected, and remember where it is drawn.
  await search.fill('APT37');
  await search.press('Enter');
  const [before] = await selectedNodes(canvas, 1);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('dialog', { name: 'Saved views' }).getByRole('button', { name: 'Save view…' }).click();
  const save = page.getByRole('dialog', { name: 'Save view' });
  await save.getByLabel('View name').fill('Actors for the briefing');
  await save.getByRole('button', { name: 'Save view' }).click();
  await expect(save).toBeHidden();
  await expect(notes).toContainText('Saved view Actors for the briefing');

  // Close the case and open it again from the start screen.
  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page.getByRole('heading', { name: 'Recent cases' })).toBeVisible();
  await page.getByRole('button', { name: /graph\.locard/ }).click();
  const reopen = page.getByRole('dialog', { name: 'Open case' });
  await reopen.getByLabel('Passphrase').fill(PASSPHRASE);
  await reopen.getByRole('button', { name: 'Unlock' }).click();
  await expect(reopen).toBeHidden();

  // The view is in the case: open it, and APT37 is drawn where it was.
  canvas = await openGraph(page);
  await page.getByRole('button', { name: 'Views' }).click();
  const views = page.getByRole('dialog', { name: 'Saved views' });
  await views.getByRole('button', { name: /^Actors for the briefing/ }).click();
  await expect(views).toBeHidden();
  // The Views button names the open view.
  await expect(page.getByRole('button', { name: 'Actors for the briefing', exact: true })).toBeVisible();
  await expect(page.getByLabel('Layout')).toHaveValue('saved');
  await expect(canvas).toHaveAttribute('data-layout', 'done');
  await search.fill('APT37');
  await search.press('Enter');
  const [after] = await selectedNodes(canvas, 1);
  expect(after).toEqual(before);

  // Export PNG: a real picture with real dimensions.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^Graph-check-graph-\d{4}-\d{2}-\d{2}\.png$/);
  const size = pngSize(readFileSync(await png.path()));
  expect(size.width).toBeGreaterThan(200);
  expect(size.height).toBeGreaterThan(200);

  // Export SVG: a drawing with the entities' names in it.
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/^Graph-check-graph-\d{4}-\d{2}-\d{2}\.svg$/);
  const drawing = readFileSync(await svg.path(), 'utf8');
  expect(drawing).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*\swidth="\d+(\.\d+)?"[^>]*\sheight="\d+(\.\d+)?"/);
  expect(drawing).toContain('APT37');
  expect(drawing).toContain('Reaper');
  expect(drawing.trimEnd()).toMatch(/<\/svg>$/);

  expect(refused).toEqual([]);
  expect(offHostRequests(requests)).toEqual([]);
});

test('graph: keyboard, context menu, hide, group, undo and redo, neighbourhood and path', async ({
  page,
  locard,
  requests,
}) => {
  test.setTimeout(180_000);
  await createCaseWithEvidence(page, locard.url, join(locard.home, 'graph-keys.locard'));
  const canvas = await openGraph(page);
  const nodes = Number(await canvas.getAttribute('data-nodes'));
  const notes = page.getByRole('status', { name: 'Notifications' });

  // Arrow keys: the first picks the entity nearest the middle, the next walks to a neighbour.
  await canvas.focus();
  await published(canvas, () => page.keyboard.press('ArrowRight'));
  const [first] = await selectedNodes(canvas, 1);
  let moved: Placed | undefined;
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) {
    await published(canvas, () => page.keyboard.press(key));
    const [now] = await selectedNodes(canvas, 1);
    if (now && now.id !== first?.id) {
      moved = now;
      break;
    }
  }
  expect(moved, 'an arrow key moved the selection to a neighbour').toBeDefined();
  // Enter opens the detail (focus moves into it); Escape on the canvas clears the selection.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Entity detail' })).toBeFocused();
  await canvas.focus();
  await page.keyboard.press('Escape');
  await expect(canvas).not.toHaveAttribute('data-selected');
  await expect(page.getByText('Nothing selected')).toBeVisible();

  // The exhibit E-0001 by search; Shift+F10 opens its menu; Hide takes it off the canvas.
  const search = page.getByLabel('Search entities');
  await search.fill('E-0001');
  await search.press('Enter');
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Entity actions' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await expect(menu.getByRole('menuitem', { name: 'Show E-0001 in Evidence' })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Hide' }).click();
  await expect(menu).toBeHidden();
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes - 1));
  // Undo (Ctrl+Z) brings it back; redo (Ctrl+Shift+Z) hides it again; undo once more.
  await canvas.focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes));
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes - 1));
  await page.keyboard.press('ControlOrMeta+z');
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes));

  // Expand one hop around E-0001: it and everything observed in it are selected.
  await search.fill('E-0001');
  await search.press('Enter');
  await page
    .getByRole('toolbar', { name: 'Selection tools' })
    .getByRole('button', { name: 'Expand', exact: true })
    .click();
  await expect(notes).toContainText(/\d+ entities within 1 hop/);
  const around = Number(/(\d+) entities within/.exec((await notes.textContent()) ?? '')?.[1]);
  expect(around).toBeGreaterThan(2);
  await expect(page.getByRole('toolbar', { name: 'Selection tools' })).toContainText(
    `${String(around)} entities selected`,
  );

  // Group the neighbourhood from the menu; undo and redo the group.
  await canvas.focus();
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menu', { name: 'Entity actions' }).getByRole('menuitem', { name: 'Group…' }).click();
  const group = page.getByRole('dialog', { name: 'Group entities' });
  await group.getByLabel('Group name').fill('The threat e-mail');
  await group.getByRole('button', { name: 'Group' }).click();
  await expect(canvas).toHaveAttribute('data-groups', '1');
  await canvas.focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(canvas).toHaveAttribute('data-groups', '0');
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(canvas).toHaveAttribute('data-groups', '1');

  // Shortest path between the e-mail's exhibit and the notes' exhibit.
  await search.fill('E-0001');
  await search.press('Enter');
  await search.fill('analyst-notes');
  await search.press('Shift+Enter');
  await page
    .getByRole('toolbar', { name: 'Selection tools' })
    .getByRole('button', { name: 'Path', exact: true })
    .click();
  await expect(notes).toContainText(/Shortest path between E-\d{4} .* and E-\d{4} .*: \d+ steps?/);
  await expect(page.getByRole('button', { name: 'Clear path' })).toBeVisible();

  // An actor with no relationship: no path, and the view says so.
  await page.getByRole('button', { name: 'New entity…' }).click();
  const entity = page.getByRole('dialog', { name: 'New entity' });
  await entity.getByLabel('Name').fill('Lonely actor');
  await entity.getByRole('button', { name: 'Create entity' }).click();
  await expect(canvas).toHaveAttribute('data-nodes', String(nodes + 1));
  await search.fill('Lonely actor');
  await search.press('Enter');
  await search.fill('E-0001');
  await search.press('Shift+Enter');
  await page
    .getByRole('toolbar', { name: 'Selection tools' })
    .getByRole('button', { name: 'Path', exact: true })
    .click();
  await expect(notes).toContainText(/No path between (Lonely actor and E-0001|E-0001 .* and Lonely actor)/);

  // Right-click on the background (fitted, the graph leaves a margin): the canvas menu.
  await canvas.focus();
  await page.keyboard.press('f');
  const box = await bounds(canvas);
  await page.mouse.click(box.x + 6, box.y + 6, { button: 'right' });
  const canvasMenu = page.getByRole('menu', { name: 'Canvas actions' });
  await expect(canvasMenu.getByRole('menuitem', { name: 'Export SVG' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(canvasMenu).toBeHidden();

  // Linked selection: E-0001 selected here is the exhibit selected in Evidence; an exhibit picked
  // there lights up its entities here.
  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await search.fill('E-0001');
  await search.press('Enter');
  await nav.getByRole('button', { name: /^Evidence/ }).click();
  const exhibits = page.getByRole('grid', { name: 'Exhibits' });
  await expect(exhibits.getByRole('row', { selected: true })).toContainText('E-0001');
  await exhibits.getByRole('row').filter({ hasText: 'E-0002' }).first().click();
  await expect(exhibits.getByRole('row', { selected: true })).toContainText('E-0002');
  await nav.getByRole('button', { name: /^Graph/ }).click();
  const linked = page.getByRole('status').filter({ hasText: 'E-0002 selected in Evidence' });
  await expect(linked).toContainText(/[1-9]\d* entit(y|ies) highlighted/);
  await linked.getByRole('button', { name: 'Select them' }).click();
  await expect(page.getByRole('toolbar', { name: 'Selection tools' })).toContainText(/[1-9]\d* entit(y|ies) selected/);

  expect(offHostRequests(requests)).toEqual([]);
});
