/**
 * `locard timeline CASE --json`: proposals recomputed from the imported evidence, with the passphrase
 * handling of the other case commands (wrong passphrase → exit 3, nothing printed on stdout).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../shared/timeline.js';
import { locard, ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const env = { LOCARD_PASSPHRASE: 'timeline cli passphrase' };

describe('locard timeline', () => {
  it('prints events, proposals, milestones and the time to attribution as JSON', () => {
    const path = join(tempDir(), 'tl.locard');
    expect(locard(['new', path, '--title', 'Timeline CLI'], env).status).toBe(0);
    const imported = locard(
      ['import', path, join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'), '--no-ocr', '--json'],
      env,
    );
    expect(imported.status, imported.stderr).toBe(0);

    const result = locard(['timeline', path, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as Timeline & { case: string };
    expect(out.case).toBe(path);
    expect(out.events).toEqual([]);
    expect(out.milestones).toEqual({ 'first-release': null, 'public-attribution': null });
    expect(out.timeToAttribution).toBeNull();
    const sent = out.proposals.find((p) => p.source === 'email-date');
    expect(sent).toMatchObject({
      start: '2020-10-20T14:12:41Z',
      precision: 'second',
      sourceZone: '+03:00',
      exhibitNumber: 1,
    });
    expect(out.proposals.find((p) => p.source === 'video')).toMatchObject({
      start: '2020-10-19T21:14:00Z',
      exhibitNumber: 2,
    });
    expect(out.proposals.filter((p) => p.source === 'email-received').map((p) => p.start)).toEqual(
      expect.arrayContaining(['2020-10-20T14:12:44Z', '2020-10-20T14:12:51Z']),
    );
    // "November 3rd" in the body: the year comes from the e-mail's Date.
    expect(out.proposals.find((p) => p.sourceText === 'November 3rd')).toMatchObject({
      start: '2020-11-03',
      precision: 'day',
    });

    const again = JSON.parse(locard(['timeline', path, '--json'], env).stdout) as Timeline;
    expect(again.proposals.map((p) => p.key)).toEqual(out.proposals.map((p) => p.key));
  });

  it('refuses a wrong passphrase with exit 3 and prints nothing on stdout', () => {
    const path = join(tempDir(), 'tl.locard');
    expect(locard(['new', path], env).status).toBe(0);
    const result = locard(['timeline', path, '--json'], { LOCARD_PASSPHRASE: 'not the passphrase at all' });
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(locard(['timeline'], env).status).toBe(2);
  });
});
