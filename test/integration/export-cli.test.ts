/**
 * Issue 7, acceptance 2, through `locard export` on the corpus case: a briefing with two judgements
 * citing exhibits, exported as PDF, DOCX, HTML and Markdown. The PDF's text (pdftotext) holds every
 * judgement, each cited exhibit's SHA-256 and the marking on every page, with its fonts embedded; the
 * DOCX's text (mammoth) holds the same; the HTML loads nothing from outside itself; custody records
 * each file with its SHA-256. A case with no briefing exports the standard case briefing. Hostile
 * input (a missing folder, an existing file, an unknown briefing, a bad format) fails with a clear
 * reason, writes nothing, and leaves the case as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyPage } from '../../shared/api.js';
import type { Briefing } from '../../shared/briefing.js';
import type { ExhibitSummary } from '../../shared/evidence.js';
import type { Result } from '../../shared/result.js';
import type { Timeline } from '../../shared/timeline.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { ROOT, locard, tempDir, type CliResult } from '../helpers/cli.js';
import { externalResources } from './briefing-html.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const PASSPHRASE = 'correct horse battery';
const env = { LOCARD_PASSPHRASE: PASSPHRASE };
const CLASSIFICATION = 'UNCLASSIFIED//FOR OFFICIAL USE ONLY';
const TITLE = 'Threat e-mails to Florida voters';
const JUDGEMENTS = [
  'The threat e-mails were very likely sent by one actor posing as the Proud Boys, not by the group itself.',
  'The video attached to the first e-mail was likely recorded on the actor’s own machine, not taken from a breach.',
] as const;
const PERSIAN = 'پیام‌های تهدید از یک زیرساخت ارسال شده‌اند.';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** Text with its line breaks and spacing folded, so a judgement wrapped across lines still matches. */
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Arabic-script letters only, in order: pdftotext spaces glyph clusters and reorders marks. */
const letters = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\p{M}\s\u200c-\u200f\u202a-\u202e\u2066-\u2069.]/gu, '')
    .replace(/[^\u0600-\u06ff]/g, '');

function pdfText(path: string): string {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout;
}

/** The text of each page (pdftotext ends every page with a form feed). */
function pdfPages(path: string): string[] {
  return pdfText(path)
    .split('\f')
    .filter((page, i, all) => i < all.length - 1 || page.trim() !== '');
}

describe('locard export (issue 7, acceptance 2)', () => {
  const dir = tempDir('locard-export-');
  const casePath = join(dir, 'corpus.locard');
  const out = (name: string) => join(dir, name);
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: () => undefined },
    new ConfigStore(tempDir()),
  );
  let exhibits: ExhibitSummary[];
  let briefing: Briefing;
  let cited: ExhibitSummary[];
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    expect(locard(['new', casePath, '--title', 'Operation Bluebird', '--tlp', 'AMBER'], env).status).toBe(0);
    const imported = locard(
      [
        'import',
        casePath,
        join(CORPUS, 'emails'),
        join(CORPUS, 'reports'),
        join(CORPUS, 'social'),
        join(CORPUS, 'web'),
        '--no-ocr',
        '--collector',
        'County IT',
        '--method',
        'exported from the mail gateway',
        '--json',
      ],
      env,
    );
    expect(imported.status).toBe(0);
    // No briefing written yet: the standard case briefing.
    runs.standardPdf = locard(['export', casePath, '--format', 'pdf', '--out', out('standard.pdf')], env);
    runs.standardMd = locard(['export', casePath, '--format', 'md', '--out', out('standard.md')], env);

    unwrap(await svc.dispatch('openCase', { path: casePath, passphrase: PASSPHRASE }));
    exhibits = unwrap<ExhibitSummary[]>(await svc.dispatch('listExhibits', {}));
    const byName = (name: string) => {
      const found = exhibits.find((e) => e.name === name);
      if (!found) throw new Error(`no exhibit ${name}`);
      return found;
    };
    const email = byName('01-threat-with-video-attachment.eml');
    const video = exhibits.find((e) => e.kind === 'video');
    const notes = byName('analyst-notes.txt');
    if (!video) throw new Error('no video exhibit');
    cited = [email, video, notes];
    const timeline = unwrap<Timeline>(await svc.dispatch('proposeEvents', {}));
    for (const proposal of timeline.proposals.slice(0, 6))
      unwrap(await svc.dispatch('acceptProposal', { key: proposal.key }));
    briefing = unwrap<Briefing>(await svc.dispatch('createBriefing', { title: TITLE }));
    briefing = unwrap<Briefing>(
      await svc.dispatch('updateBriefing', {
        id: briefing.id,
        change: {
          classification: CLASSIFICATION,
          tlp: 'AMBER',
          bluf: `The e-mails came from one actor.\n\n${PERSIAN}`,
          judgements: [
            {
              id: 'kj-1',
              text: JUDGEMENTS[0],
              likelihood: 'very likely',
              confidence: 'moderate',
              exhibits: [email.number, notes.number],
            },
            { id: 'kj-2', text: JUDGEMENTS[1], likelihood: 'likely', confidence: 'low', exhibits: [video.number] },
          ],
          timelineFigure: {
            from: Date.parse('2020-01-01T00:00:00Z'),
            to: Date.parse('2021-01-01T00:00:00Z'),
            caption: '2020.',
          },
        },
      }),
    );
    unwrap(await svc.dispatch('closeCase', {}));

    for (const format of ['pdf', 'docx', 'html', 'md'] as const) {
      runs[format] = locard(
        ['export', casePath, '--format', format, '--out', out(`briefing.${format}`), '--briefing', TITLE],
        env,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await svc.dispose();
  });

  it('exports every document format and says what it wrote', () => {
    for (const format of ['pdf', 'docx', 'html', 'md'] as const) {
      const run = runs[format];
      expect(run?.stderr).toBe('');
      expect(run?.status).toBe(0);
      const path = out(`briefing.${format}`);
      expect(run?.stdout).toContain(`Wrote ${path} (${format}, briefing "${TITLE}"`);
      expect(run?.stdout).toContain(`SHA-256 ${sha256(path)}`);
    }
  });

  it('PDF: every judgement, each cited SHA-256, and the marking on every page, with the fonts embedded', () => {
    const path = out('briefing.pdf');
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = fold(pdfText(path));
    for (const judgement of JUDGEMENTS) expect(text).toContain(fold(judgement));
    for (const exhibit of cited) expect(text).toContain(`${exhibit.label} (SHA-256 ${exhibit.sha256})`);
    expect(letters(text)).toContain(letters(PERSIAN));
    const pages = pdfPages(path);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page, `page ${String(i + 1)}`).toContain('TLP:AMBER');
      expect(page, `page ${String(i + 1)}`).toContain(CLASSIFICATION);
      expect(fold(page), `page ${String(i + 1)}`).toContain(`Page ${String(i + 1)} of ${String(pages.length)}`);
    });
    const fonts = spawnSync('pdffonts', [path], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    expect(fonts.some((line) => line.includes('NotoSansArabic'))).toBe(true);
    expect(fonts.some((line) => line.includes('NotoSansMono'))).toBe(true);
    // Columns: name, type, encoding, emb, sub, uni, object, generation: every font embedded.
    for (const line of fonts) expect(line.trim().split(/\s+/).slice(-5)[0], line).toBe('yes');
  });

  it('DOCX: the same judgements, hashes and marking in the text Word shows', async () => {
    const text = (await mammoth.extractRawText({ path: out('briefing.docx') })).value;
    for (const judgement of JUDGEMENTS) expect(text).toContain(judgement);
    for (const exhibit of cited) expect(text).toContain(`SHA-256 ${exhibit.sha256}`);
    expect(text).toContain(PERSIAN);
    expect(text).toContain('TLP:AMBER');
    expect(text).toContain(CLASSIFICATION);
    const html = (await mammoth.convertToHtml({ path: out('briefing.docx') })).value;
    expect(html).toContain('<h1>Key judgements</h1>');
    expect(html).toMatch(/<img [^>]*src="data:image\/png;base64,/);
  });

  it('HTML and Markdown: the same content, and the HTML loads nothing from outside itself', () => {
    const html = readFileSync(out('briefing.html'), 'utf8');
    expect(externalResources(html)).toEqual([]);
    const md = readFileSync(out('briefing.md'), 'utf8');
    for (const judgement of JUDGEMENTS) {
      expect(html).toContain(judgement);
      expect(md).toContain(judgement);
    }
    for (const exhibit of cited) {
      expect(html).toContain(exhibit.sha256);
      expect(md).toContain(`${exhibit.label} (SHA-256 \`${exhibit.sha256}\`)`);
    }
    expect(md.startsWith(`**${CLASSIFICATION} · TLP:AMBER**`)).toBe(true);
  });

  it('exports the standard case briefing when no briefing was written', () => {
    expect(runs.standardPdf?.status).toBe(0);
    expect(runs.standardPdf?.stdout).toContain('the standard case briefing');
    const pages = pdfPages(out('standard.pdf'));
    const text = fold(pages.join(' '));
    expect(text).toContain('Case briefing: Operation Bluebird');
    expect(text).toContain('Key facts');
    expect(text).toMatch(/This case holds \d+ exhibits/);
    for (const page of pages) expect(page).toContain('TLP:AMBER');
    const md = readFileSync(out('standard.md'), 'utf8');
    for (const exhibit of exhibits) expect(md).toContain(`| ${exhibit.label} |`);
    for (const exhibit of exhibits) expect(md).toContain(exhibit.sha256);
    expect(md).toContain('County IT');
  });

  it('records every export in custody with the SHA-256 of the file written', async () => {
    unwrap(await svc.dispatch('openCase', { path: casePath, passphrase: PASSPHRASE }));
    const page = unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1000 }));
    unwrap(await svc.dispatch('closeCase', {}));
    const exported = page.entries.filter((e) => e.action === 'case.exported');
    for (const [name, format, briefingId] of [
      ['standard.pdf', 'pdf', null],
      ['standard.md', 'md', null],
      ['briefing.pdf', 'pdf', briefing.id],
      ['briefing.docx', 'docx', briefing.id],
      ['briefing.html', 'html', briefing.id],
      ['briefing.md', 'md', briefing.id],
    ] as const) {
      const entry = exported.find((e) => e.details.path === out(name));
      expect(entry, name).toBeDefined();
      expect(entry?.analyst).toBe('test-analyst');
      expect(entry?.details).toMatchObject({
        format,
        sha256: sha256(out(name)),
        briefing: briefingId,
        via: 'locard export',
      });
      if (briefingId)
        expect(entry?.objectIds).toEqual(
          expect.arrayContaining([`briefing:${briefingId}`, ...cited.map((e) => e.label)]),
        );
    }
  });

  describe('hostile input fails alone, writes nothing, and leaves the case as it was', () => {
    /** How many exports custody records (opening the case to look logs entries of its own). */
    const exports = async () => {
      unwrap(await svc.dispatch('openCase', { path: casePath, passphrase: PASSPHRASE }));
      const page = unwrap<CustodyPage>(await svc.dispatch('listCustody', { limit: 1000 }));
      unwrap(await svc.dispatch('closeCase', {}));
      return page.entries.filter((e) => e.action === 'case.exported').length;
    };

    it('refuses a missing folder, an existing file, an unknown briefing and a bad format', async () => {
      const before = await exports();
      const caseBytes = sha256(casePath);
      const missing = locard(
        ['export', casePath, '--format', 'pdf', '--out', join(dir, 'no-such-folder', 'b.pdf')],
        env,
      );
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain(
        `The folder ${join(dir, 'no-such-folder')} does not exist; nothing was written.`,
      );
      expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);

      const existing = out('analyst-file.docx');
      writeFileSync(existing, 'not to be replaced');
      const exists = locard(['export', casePath, '--format', 'docx', '--out', existing], env);
      expect(exists.status).toBe(2);
      expect(exists.stderr).toContain('already exists; nothing was written. Choose another name, or add --overwrite');
      expect(readFileSync(existing, 'utf8')).toBe('not to be replaced');

      const unknown = locard(
        ['export', casePath, '--format', 'html', '--out', out('x.html'), '--briefing', 'No such briefing'],
        env,
      );
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('There is no briefing "No such briefing" in this case.');
      expect(unknown.stderr).toContain(TITLE);
      expect(existsSync(out('x.html'))).toBe(false);

      const format = locard(['export', casePath, '--format', 'pptx', '--out', out('x.pptx')], env);
      expect(format.status).toBe(2);
      expect(format.stderr).toContain('--format must be one of pdf, docx, html, md, stix, misp, csv');
      const briefingForStix = locard(
        ['export', casePath, '--format', 'stix', '--out', out('x.json'), '--briefing', TITLE],
        env,
      );
      expect(briefingForStix.status).toBe(2);
      const noOut = locard(['export', casePath, '--format', 'md'], env);
      expect(noOut.status).toBe(2);
      expect(noOut.stderr).toContain('export needs --out PATH');
      const wrong = locard(['export', casePath, '--format', 'md', '--out', out('y.md')], {
        LOCARD_PASSPHRASE: 'not the passphrase',
      });
      expect(wrong.status).toBe(3);
      expect(existsSync(out('y.md'))).toBe(false);

      expect(sha256(casePath)).toBe(caseBytes);
      expect(await exports()).toBe(before);
    });

    it('replaces an existing file only with --overwrite, and logs the new one', async () => {
      const before = await exports();
      const target = out('replace.md');
      writeFileSync(target, 'old');
      const run = locard(['export', casePath, '--format', 'md', '--out', target, '--overwrite', '--json'], env);
      expect(run.status).toBe(0);
      const result = JSON.parse(run.stdout) as { sha256: string; custodySeq: number; path: string };
      expect(result.sha256).toBe(sha256(target));
      expect(result.path).toBe(target);
      expect(await exports()).toBe(before + 1);
    });
  });
});
