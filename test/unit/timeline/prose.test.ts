import { describe, expect, it } from 'vitest';
import { proseDates } from '../../../main/timeline/prose.js';

const at = (text: string, reference: Date | null = null) =>
  proseDates(text, reference).map((f) => [f.start, f.precision, f.sourceZone]);

describe('dates in prose', () => {
  it('infers a missing year from a dated sentence nearby, else from the exhibit', () => {
    expect(at('Thu 22 Oct 2020. The box went into service on 6 Oct.')).toContainEqual(['2020-10-06', 'day', 'unknown']);
    expect(at('Vote on November 3rd.', new Date('2020-10-20T14:12:41Z'))).toEqual([['2020-11-03', 'day', 'unknown']]);
    // December 30th read in early January belongs to the year before.
    expect(at('Seen on 30 December.', new Date('2021-01-02T00:00:00Z'))).toEqual([['2020-12-30', 'day', 'unknown']]);
    // No year anywhere and no exhibit date: not guessed.
    expect(at('Seen on 30 December.')).toEqual([]);
  });

  it('converts written zones and offsets to UTC and keeps zone-less times local', () => {
    expect(at('Published 23 October 2020, 9:00 a.m. EDT')).toEqual([['2020-10-23T13:00:00Z', 'minute', '-04:00']]);
    expect(at('Late on the night of 20 October 2020. One shared it at 10:47 p.m. Eastern time.')).toEqual([
      ['2020-10-20', 'day', 'unknown'],
      ['2020-10-21T02:47:00Z', 'minute', 'America/New_York'],
    ]);
    expect(at('Mon Oct 19 20:31:07 2020 on the console')).toEqual([['2020-10-19T20:31:07', 'second', 'unknown']]);
    expect(at('5. Timeline (UTC)\n2020-10-21 02:31 first post')).toEqual([
      ['2020-10-21T02:31:00Z', 'minute', 'UTC (stated in the document)'],
    ]);
  });

  it('reads ranges, "on the 21st" and "later that night" against the dates around them', () => {
    expect(at('On 20 October 2020, between 13:05 and 14:12 UTC, mail went out.')).toEqual([
      ['2020-10-20', 'day', 'unknown'],
      ['2020-10-20T13:05:00Z', 'minute', 'Z'],
      ['2020-10-20T14:12:00Z', 'minute', 'Z'],
    ]);
    expect(at('Thu 22 Oct 2020\nThey posted between 02:31 and 04:26 UTC on the 21st.')).toContainEqual([
      '2020-10-21T02:31:00Z',
      'minute',
      'Z',
    ]);
    const night = proseDates(
      'On the evening of 21 October 2020 officials spoke. Later that night analysts agreed.',
      null,
    );
    expect(night.map((f) => [f.start, f.precision, f.note])).toEqual([
      ['2020-10-21', 'day', ''],
      ['2020-10-21', 'day', 'that night'],
    ]);
    expect(night[1]?.sentence).toBe('Later that night analysts agreed.');
  });

  it('ignores relative phrases and version numbers', () => {
    expect(
      at('less than a day before, within the hour, two weeks before; version 1.2.3.4; 307,253 bytes', new Date()),
    ).toEqual([]);
  });
});
