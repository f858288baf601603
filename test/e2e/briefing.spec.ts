/**
 * Acceptance 3 of issue 7, through the browser shell: in a case with the corpus's e-mail, analyst
 * notes and flash report (two timeline events marked first release and public attribution, one saved
 * graph view), write a briefing with two key judgements citing exhibits, add the timeline figure (its
 * range prefilled from the milestones) and the infrastructure figure, export it as PDF to a folder and
 * file name → the file exists, is a PDF whose text holds the judgements and the cited exhibits'
 * SHA-256, and the custody log records the export with the file's SHA-256 — with no request leaving
 * 127.0.0.1 and nothing refused by the page's Content-Security-Policy.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { createCaseInUi, expect, offHostRequests, test } from './fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const FILES = [
  join(FIXTURES, 'emails', '01-threat-with-video-attachment.eml'),
  join(FIXTURES, 'reports', 'analyst-notes.txt'),
  join(FIXTURES, 'reports', 'flash-report-FR-2020-1022.html'),
];

const BLUF = 'A foreign actor sent threatening e-mails to voters while posing as a domestic group.';
const JUDGEMENT_1 =
  'The threatening e-mails were sent by an actor impersonating a domestic group to intimidate voters.';
const JUDGEMENT_2 = 'The operation reused infrastructure first seen in the flash report FR-2020-1022.';

interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** One API call from the test, over the page's own session (setting up what other specs test in the UI). */
async function api<T>(request: APIRequestContext, origin: string, method: string, input: object): Promise<T> {
  const response = await request.post(`${origin}/api/${method}`, { data: input });
  const body = (await response.json()) as Ok<T> | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.value;
}

interface Proposal {
  readonly key: string;
  readonly exhibitNumber: number;
  readonly source: string;
  readonly title: string;
  readonly status: string;
}
interface TimelineEvent {
  readonly id: number;
  readonly start: string;
}
interface Exhibit {
  readonly number: number;
  readonly name: string;
  readonly label: string;
  readonly sha256: string;
}

/** Milliseconds of a timeline value (zone-less values read as UTC, as the timeline does). */
function instant(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (/T\d{2}:\d{2}(?::\d{2})?$/.test(value)) return Date.parse(`${value}Z`);
  return Date.parse(value);
}

async function createCaseWithEvidence(page: Page, home: string) {
  await createCaseInUi(page, {
    title: 'Briefing check',
    file: join(home, 'briefing.locard'),
    passphrase: 'briefing passphrase',
    tlp: 'AMBER',
  });

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
}

test('briefing: two judgements, timeline and graph figures, PDF export recorded in custody', async ({
  page,
  locard,
  requests,
}) => {
  test.setTimeout(150_000);
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(locard.url);
  const origin = new URL(locard.url).origin;
  await createCaseWithEvidence(page, locard.home);

  // The timeline and graph are tested in their own specs: here they are set up through the API.
  const exhibits = await api<readonly Exhibit[]>(page.request, origin, 'listExhibits', {});
  const exhibit = (n: number) => {
    const found = exhibits.find((e) => e.number === n);
    if (!found) throw new Error(`no exhibit ${String(n)}`);
    return found;
  };
  const numberOf = (name: string) => {
    const found = exhibits.find((e) => e.name.endsWith(name));
    if (!found) throw new Error(`no exhibit named ${name}`);
    return found.number;
  };
  const email = numberOf('01-threat-with-video-attachment.eml');
  const notes = numberOf('analyst-notes.txt');
  const flash = numberOf('flash-report-FR-2020-1022.html');
  const proposed = await api<{ proposals: readonly Proposal[] }>(page.request, origin, 'proposeEvents', {});
  const emailDate = proposed.proposals.find((p) => p.exhibitNumber === email && p.source === 'email-date');
  const pressConference = proposed.proposals.find(
    (p) => p.exhibitNumber === notes && p.title.includes('officials named Iran'),
  );
  if (!emailDate || !pressConference) throw new Error('the corpus no longer proposes the two events');
  const released = await api<TimelineEvent>(page.request, origin, 'acceptProposal', { key: emailDate.key });
  const attributed = await api<TimelineEvent>(page.request, origin, 'acceptProposal', { key: pressConference.key });
  await api(page.request, origin, 'setMilestone', { milestone: 'first-release', eventId: released.id });
  await api(page.request, origin, 'setMilestone', { milestone: 'public-attribution', eventId: attributed.id });
  const graph = await api<{ entities: readonly { id: string }[] }>(page.request, origin, 'getGraph', {});
  expect(graph.entities.length).toBeGreaterThan(3);
  const positions = Object.fromEntries(
    graph.entities.map((entity, index) => [entity.id, { x: (index % 6) * 140, y: Math.floor(index / 6) * 110 }]),
  );
  const view = await api<{ id: string }>(page.request, origin, 'saveGraphView', {
    name: 'Infrastructure overview',
    state: {
      layout: 'saved',
      positions,
      filters: { hiddenTypes: [], hiddenKinds: ['suggested'], minConfidence: 0, timeWindow: null },
      hiddenEntities: [],
      zoom: 1,
      pan: { x: 0, y: 0 },
      groups: [],
    },
  });

  // No briefing yet: the view says what one holds.
  const nav = page.getByRole('navigation', { name: 'Case sections' });
  await nav.getByRole('button', { name: /^Briefings/ }).click();
  await expect(page.getByRole('heading', { name: 'No briefing drafted yet' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'New briefing' }).first().click();

  const editor = page.getByRole('form', { name: 'Briefing editor' });
  const state = page.locator('[data-save-state]');
  const title = editor.getByLabel('Title', { exact: true });
  await expect(title).toBeFocused();
  await title.fill('Threatening voter e-mails: assessment');
  await editor.getByLabel('Classification banner').fill('UNCLASSIFIED//FOR OFFICIAL USE ONLY');
  await editor.getByRole('radio', { name: 'TLP:AMBER+STRICT' }).check();
  await editor.getByRole('textbox', { name: 'Bottom line up front' }).fill(BLUF);

  // Leaving for another section at once (before the autosave pause) loses nothing.
  await nav.getByRole('button', { name: /^Timeline/ }).click();
  await nav.getByRole('button', { name: /^Briefings/ }).click();
  await expect(editor.getByRole('textbox', { name: 'Bottom line up front' })).toHaveValue(BLUF);
  await expect(title).toHaveValue('Threatening voter e-mails: assessment');
  await expect(editor.getByRole('radio', { name: 'TLP:AMBER+STRICT' })).toBeChecked();
  await expect(state).toHaveAttribute('data-save-state', 'saved');

  // Two key judgements, each with a likelihood, a confidence and cited exhibits.
  const judgement = (n: number) => editor.getByRole('listitem', { name: `Judgement ${String(n)}` });
  const write = async (n: number, text: string, likelihood: string, confidence: string, cite: readonly number[]) => {
    await editor.getByRole('button', { name: 'Add judgement' }).click();
    const item = judgement(n);
    const textField = item.getByLabel(`Judgement ${String(n)} text`);
    await expect(textField).toBeFocused();
    await textField.fill(text);
    await item.getByLabel('Likelihood (ICD 203)').selectOption(likelihood);
    await item.getByRole('radio', { name: confidence }).check();
    for (const number of cite) {
      await item
        .getByRole('combobox', { name: `Cite an exhibit in judgement ${String(n)}` })
        .selectOption(String(number));
      await expect(item.getByRole('button', { name: `Remove citation ${exhibit(number).label}` })).toBeVisible();
    }
  };
  await write(1, JUDGEMENT_1, 'very likely', 'high', [email, notes]);
  await write(2, JUDGEMENT_2, 'roughly even chance', 'low', [flash]);

  // Alt+↑ in the second judgement moves it first; Alt+↓ puts it back.
  const second = judgement(2).getByLabel('Judgement 2 text');
  await second.press('Alt+ArrowUp');
  await expect(judgement(1).getByLabel('Judgement 1 text')).toHaveValue(JUDGEMENT_2);
  await expect(judgement(1).getByLabel('Judgement 1 text')).toBeFocused();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(judgement(1).getByLabel('Judgement 1 text')).toHaveValue(JUDGEMENT_1);
  await expect(judgement(2).getByLabel('Judgement 2 text')).toHaveValue(JUDGEMENT_2);

  // The timeline figure: its range comes from the first-release and public-attribution events.
  await editor.getByRole('checkbox', { name: /Timeline figure/ }).check();
  const from = editor.getByLabel('From (UTC)');
  const to = editor.getByLabel('To (UTC)');
  const releasedAt = instant(released.start);
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  await expect(from).toHaveValue(minute(Math.floor(releasedAt / 60_000) * 60_000));
  expect(Date.parse(`${(await to.inputValue()).replace(' ', 'T')}Z`)).toBeGreaterThanOrEqual(instant(attributed.start));
  await expect(editor.getByText('2 of 2 events in this range.')).toBeVisible();

  // The infrastructure figure: the saved graph view.
  await editor.getByRole('checkbox', { name: /Infrastructure figure/ }).check();
  await expect(editor.getByLabel('Saved graph view')).toHaveValue(view.id);
  await expect(editor.getByLabel('Caption').nth(1)).toHaveValue('Infrastructure overview');

  // Saved by itself; the preview renders what was saved.
  await expect(state).toHaveAttribute('data-save-state', 'saved');
  await expect(page.getByRole('navigation', { name: 'Briefings in this case' })).toContainText('2 judgements');
  await expect(page.locator('[data-preview-state]')).toHaveAttribute('data-preview-state', 'ready');
  const preview = page.frameLocator('iframe.briefing-preview-frame.is-front');
  await expect(preview.getByText(JUDGEMENT_2)).toBeVisible();

  // Export as PDF to a folder and file name (the browser shell has no save dialog).
  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await expect(exportDialog.getByRole('radio', { name: /^PDF/ })).toBeChecked();
  await expect(exportDialog.getByLabel('Briefing')).toHaveValue(
    (await page.locator('[data-briefing-id]').getAttribute('data-briefing-id')) ?? '',
  );
  await exportDialog.getByLabel('Folder').fill(locard.home);
  await exportDialog.getByLabel('File name').fill('briefing-check.pdf');
  await exportDialog.getByRole('button', { name: 'Export PDF' }).click();
  const exported = page.getByRole('dialog', { name: 'Exported' });
  await expect(exported).toBeVisible({ timeout: 60_000 });
  const path = join(locard.home, 'briefing-check.pdf');
  await expect(exported.getByTestId('export-path')).toHaveText(path);
  const sha256 = (await exported.getByTestId('export-sha256').textContent()) ?? '';
  await expect(exported).toContainText('Recorded in the custody log as entry');

  // The file: a PDF with pages, the judgements and the cited exhibits' hashes in its text.
  expect(existsSync(path)).toBe(true);
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((page) => page.trim() !== '');
  expect(pages.length).toBeGreaterThan(0);
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('threatening e-mails were sent by an actor impersonating');
  expect(flat).toContain('flash report FR-2020-1022');
  for (const page of pages) expect(page).toContain('TLP:AMBER+STRICT');
  for (const n of [email, notes, flash]) expect(text.replace(/\s+/g, '')).toContain(exhibit(n).sha256);

  // Custody: the export is recorded with the file's SHA-256, in the log and in the Custody view.
  await exported.getByRole('button', { name: 'Done' }).click();
  const custody = await api<{ entries: readonly { action: string; details: Record<string, unknown> }[] }>(
    page.request,
    origin,
    'listCustody',
    { limit: 20 },
  );
  const entry = custody.entries.find((e) => e.action === 'case.exported');
  expect(entry?.details).toMatchObject({ format: 'pdf', path, sha256 });
  await nav.getByRole('button', { name: /^Custody/ }).click();
  await expect(page.getByRole('main').getByRole('row').filter({ hasText: 'case.exported' })).toContainText(sha256);

  expect(refused).toEqual([]);
  expect(offHostRequests(requests)).toEqual([]);
});
