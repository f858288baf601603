/**
 * The sample case from the start screen: "Open sample case" builds the case from the bundled sample
 * evidence (real parsers, in the e2e server's own config folder), shows that it is building, and opens
 * the workspace with the exhibits — with no request leaving 127.0.0.1.
 */
import { expect, offHostRequests, test } from './fixtures.js';

test('open the sample case from the start screen', async ({ page, locard, requests }) => {
  await page.goto(locard.url);
  const sample = page.getByRole('button', { name: /Open sample case/ });
  await expect(sample).toBeVisible();
  await expect(sample).toContainText('bundled sample evidence');
  await expect(sample).toContainText('locard-sample');
  await page.screenshot({ path: test.info().outputPath('start-screen.png') });

  await sample.click();
  await expect(page.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible({ timeout: 45_000 });
  await expect(page.locator('.case-title')).toHaveText('Sample case — voter-intimidation e-mails (Oct 2020)');
  const grid = page.getByRole('grid', { name: 'Exhibits' });
  for (const name of [
    '01-threat-with-video-attachment.eml',
    'flash-report-FR-2020-1022.pdf',
    'voter-portal-screen-recording.mp4',
    'io_dataset_oct2020_tweets.csv',
  ]) {
    await expect(grid.getByRole('row').filter({ hasText: name }).first()).toBeVisible();
  }
  // The e-mail's attachment was derived by the real parsers.
  await expect(grid.getByRole('row').filter({ hasText: 'voter_data_proof.mp4' }).first()).toContainText(
    'email-attachment',
  );
  await page.screenshot({ path: test.info().outputPath('sample-workspace.png') });

  // Closed and opened again from the start screen, it is the same case (built once).
  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page.getByRole('heading', { name: 'Recent cases' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Sample case — Election 2020\.locard/ })).toBeVisible();
  await page.getByRole('button', { name: /Open sample case/ }).click();
  await expect(page.locator('.case-title')).toHaveText('Sample case — voter-intimidation e-mails (Oct 2020)');

  expect(offHostRequests(requests)).toEqual([]);
});
