import { describe, expect, it } from 'vitest';
import { extractProposals, type ExhibitForTimeline } from '../../../main/timeline/extract.js';
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
