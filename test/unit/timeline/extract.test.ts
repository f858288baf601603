import { describe, expect, it } from 'vitest';
import { extractProposals, ownDates, type ExhibitForTimeline } from '../../../main/timeline/extract.js';
import { durationText, timeToAttribution } from '../../../main/locker/timeline.js';
import { valueMs, zoneOffsetMinutes } from '../../../main/timeline/time.js';
import type { TimelineEvent } from '../../../shared/timeline.js';

const exhibit = (over: Partial<ExhibitForTimeline>): ExhibitForTimeline => ({
  number: 3,
  kind: 'text',
  name: 'x',
  metadata: {},
  text: '',
  segments: [],
  ocr: [],
  parentReference: null,
  ...over,
});

describe('proposals from one exhibit', () => {
  it('keeps an EXIF time without offset local, and proposes each instant once', () => {
    const found = extractProposals(
      exhibit({
        kind: 'image',
        metadata: { dateTimeOriginal: '2020:10:23 14:32:10' },
        ocr: [{ text: '2020-10-23 14:32:10', frameTimeS: null }],
      }),
    );
    expect(found.map((p) => [p.source, p.start, p.sourceZone])).toEqual([['exif', '2020-10-23T14:32:10', 'unknown']]);
  });

  it('reads a generic CSV time column with its zone, and an unzoned one as unknown', () => {
    const text = 'id,seen_at,logged_time\n1,2020-10-21T02:31:00+02:00,2020-10-21 02:31\n';
    const found = extractProposals(exhibit({ kind: 'csv', text, metadata: { delimiter: 'comma' } }));
    expect(found.map((p) => [p.start, p.sourceZone, p.location.label])).toEqual([
      ['2020-10-21T00:31:00Z', '+02:00', 'seen_at, row 1'],
      ['2020-10-21T02:31:00', 'unknown', 'logged_time, row 1'],
    ]);
  });

  it('ignores a video creation_time of the epoch (unset by the muxer)', () => {
    expect(extractProposals(exhibit({ kind: 'video', metadata: { creationTime: '1970-01-01T00:00:00Z' } }))).toEqual(
      [],
    );
  });
});

describe('platform rows for review', () => {
  const header = 'tweetid,userid,user_screen_name,account_creation_date,tweet_time,urls';
  const rows = [
    // Three accounts created within a week, one long before: a wave of three, and one alone.
    '1,11,alpha,2020-10-06,2020-10-21 02:31,[https://vid.example/v]',
    '2,12,bravo,2020-10-08,2020-10-21 02:40,[https://vid.example/v]',
    '3,13,charlie,2020-10-12,2020-10-21 03:20,[https://vid.example/v]',
    '4,14,delta,2018-11-02,2020-10-10 09:00,[]',
    '5,11,alpha,2020-10-06,2020-10-10 15:00,[]',
    '6,12,bravo,2020-10-08,2020-10-11 01:00,[]',
    '7,13,charlie,2020-10-12,2020-10-25 08:00,[]',
  ];
  const found = extractProposals(
    exhibit({ kind: 'csv', text: [header, ...rows].join('\n'), metadata: { delimiter: 'comma' } }),
  );
  const byTitle = (re: RegExp) => found.filter((p) => re.test(p.title));

  it('keeps every row a proposal and groups them under aggregates', () => {
    const burst = byTitle(/^3 accounts posted https:\/\/vid\.example\/v 3 times between 02:31 and 03:20 UTC$/);
    expect(burst).toHaveLength(1);
    const wave = byTitle(/^3 accounts created between 2020-10-06 and 2020-10-12$/);
    expect(wave).toMatchObject([{ start: '2020-10-06', end: '2020-10-12', precision: 'day', group: null }]);
    const run = byTitle(/^3 posts by 3 accounts between 2020-10-10 09:00 and 2020-10-11 01:00 UTC$/);
    expect(run).toMatchObject([{ start: '2020-10-10T09:00:00Z', end: '2020-10-11T01:00:00Z', precision: 'minute' }]);
    const group = (key: string | undefined) => found.filter((p) => p.group === key).map((p) => p.location.label);
    expect(group(burst[0]?.key)).toEqual(['tweet_time, row 1', 'tweet_time, row 2', 'tweet_time, row 3']);
    expect(group(wave[0]?.key)).toEqual([
      'account_creation_date, row 1',
      'account_creation_date, row 2',
      'account_creation_date, row 3',
    ]);
    expect(group(run[0]?.key)).toEqual(['tweet_time, row 4', 'tweet_time, row 5', 'tweet_time, row 6']);
    // Too far from the rest for a run, and an account created years before: they stand alone.
    expect(byTitle(/^Post 7 by @charlie$/)).toMatchObject([{ group: null, start: '2020-10-25T08:00:00Z' }]);
    expect(byTitle(/^Account @delta created$/)).toMatchObject([{ group: null, start: '2018-11-02' }]);
    expect(found.filter((p) => p.source === 'platform-row')).toHaveLength(11);
  });
});

describe('an exhibit’s own dates', () => {
  it('are its metadata’s: an e-mail’s Date and hops, a video’s creation; never its text', () => {
    const own = ownDates({
      number: 4,
      kind: 'email',
      name: 'x.eml',
      metadata: {
        date: '2020-10-20T14:12:41Z',
        dateRaw: 'Tue, 20 Oct 2020 17:12:41 +0300',
        received: [{ time: '2020-10-20T14:12:49Z', raw: 'from a by b; Tue, 20 Oct 2020 10:12:49 -0400', by: 'b' }],
      },
      segments: [],
    });
    expect(own.map((p) => [p.source, p.start])).toEqual([
      ['email-date', '2020-10-20T14:12:41Z'],
      ['email-received', '2020-10-20T14:12:49Z'],
    ]);
    expect(ownDates({ number: 5, kind: 'text', name: 'notes.txt', metadata: {}, segments: [] })).toEqual([]);
  });
});

describe('time to attribution', () => {
  const event = (
    id: number,
    start: string,
    precision: TimelineEvent['precision'],
    milestones: TimelineEvent['milestones'],
  ) => ({ id, start, precision, milestones }) as TimelineEvent;

  it('subtracts the first release from the public attribution at the coarser precision', () => {
    const result = timeToAttribution([
      event(1, '2020-10-20T13:05:00Z', 'minute', ['first-release']),
      event(2, '2020-10-21', 'day', ['public-attribution']),
    ]);
    expect(result).toMatchObject({ firstReleaseEventId: 1, publicAttributionEventId: 2, precision: 'day' });
    expect(result?.milliseconds).toBe(valueMs('2020-10-21') - Date.parse('2020-10-20T13:05:00Z'));
    expect(timeToAttribution([event(1, '2020-10-20', 'day', ['first-release'])])).toBeNull();
    expect(durationText(90_060_000)).toBe('1 day 1 h 1 min');
    expect(durationText(0)).toBe('0 min');
  });

  it('knows US Eastern daylight and standard time', () => {
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2020, 9, 20, 22, 47))).toBe(-240);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2020, 11, 20, 22, 47))).toBe(-300);
  });
});
