/** The lane a plain Accept puts a proposal's event in: by its source, and for prose by the word nearest its date. */
import { describe, expect, it } from 'vitest';
import { defaultLane, suggestLane } from '../../../main/timeline/lanes.js';
import { DEFAULT_LANES, type ProposalSource } from '../../../shared/timeline.js';

const proposal = (source: ProposalSource, context = '', sourceText = '', title = '', label = '') => ({
  source,
  title,
  context,
  sourceText,
  location: { kind: 'text' as const, label },
});

describe('the lane of a proposal', () => {
  it('follows the source for headers, metadata and platform data', () => {
    expect(defaultLane(proposal('email-date'))).toBe('release');
    expect(defaultLane(proposal('email-received'))).toBe('release');
    expect(defaultLane(proposal('video'))).toBe('preparation');
    expect(defaultLane(proposal('exif'))).toBe('preparation');
    expect(defaultLane(proposal('pdf'))).toBe('detection and analysis');
    expect(defaultLane(proposal('platform-row', '', '', 'Post 1318743054 by @x'))).toBe('spread');
    expect(defaultLane(proposal('platform-row', '', '', 'Account @x created'))).toBe('preparation');
    expect(
      defaultLane(proposal('platform-burst', '', '', '10 accounts created between 2020-10-06 and 2020-10-12')),
    ).toBe('preparation');
    expect(defaultLane(proposal('json', '', '', '', 'profiles[0].created_at'))).toBe('preparation');
    expect(defaultLane(proposal('json', '"state": "suspended"', '', '', 'profiles[0].account_state.since'))).toBe(
      'response',
    );
    expect(defaultLane(proposal('json', '', '', '', 'exported_at'))).toBe('detection and analysis');
  });

  it('reads prose by the word nearest the date', () => {
    const lane = (sentence: string, date: string) => defaultLane(proposal('prose', sentence, date));
    expect(
      lane(
        'A company spokesperson told the Ledger that the machine had been rented and switched on on 6 October 2020, two weeks before the first e-mail went out.',
        '6 October 2020',
      ),
    ).toBe('preparation');
    expect(
      lane(
        'The provider told us the server went into service on 6 October 2020 and that it suspended the customer account on 22 October.',
        '6 October 2020',
      ),
    ).toBe('preparation');
    expect(
      lane(
        'The provider told us the server went into service on 6 October 2020 and that it suspended the customer account on 22 October.',
        '22 October',
      ),
    ).toBe('response');
    expect(
      lane(
        'On the evening of 21 October 2020 US officials publicly attributed the operation to Iran.',
        '21 October 2020',
      ),
    ).toBe('attribution');
    expect(lane('One of them, @PatriotWatchFL, shared it at 10:47 p.m. Eastern time.', '10:47 p.m.')).toBe('spread');
    expect(lane('The messages started arriving on Tuesday, 20 October 2020.', 'Tuesday, 20 October 2020')).toBe(
      'release',
    );
    expect(lane('Harborlight Threat Research · issued 22 October 2020 · version 1.', '22 October 2020')).toBe(
      'detection and analysis',
    );
  });

  it('falls back to the case’s first lane when the case has renamed the default one', () => {
    expect(suggestLane(proposal('email-date'), DEFAULT_LANES)).toBe('release');
    expect(suggestLane(proposal('email-date'), ['dissemination', 'spread'])).toBe('dissemination');
    expect(suggestLane(proposal('email-date'), [])).toBe('');
  });
});
