/**
 * The timeline methods through LocardService.dispatch: proposals from an imported exhibit, accept
 * (citing the exhibit) and reject surviving a recomputation, a manual event, an unsupported one,
 * milestones giving the time to attribution, validation, and custody for every change; a plain
 * Accept puts the event in its proposal's lane; lanes renamed, reordered and removed carry their
 * events along; each exhibit's dates for the time window.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CustodyEntry } from '../../shared/domain.js';
import type { ImportProgress } from '../../shared/evidence.js';
import type { Result } from '../../shared/result.js';
import type { ExhibitTime, Timeline, TimelineEvent } from '../../shared/timeline.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import type { IntakeParsers } from '../../main/intake/import.js';
import { tempDir } from '../helpers/cli.js';

const NOTES = [
  'Times are UTC unless marked otherwise.',
  'The video went out by e-mail on Tue 20 Oct 2020 at 13:05.',
  'Officials named Iran on the evening of 21 October 2020 (about 7 pm Eastern).',
].join('\n');

const textParsers: IntakeParsers = {
  detect: () => Promise.resolve({ kind: 'text', mime: 'text/plain', extensionMismatch: false }),
  parse: () =>
    Promise.resolve({
      kind: 'text',
      text: NOTES,
      segments: [{ start: 0, end: NOTES.length, kind: 'body', label: 'text' }],
      metadata: {},
      warnings: [],
      children: [],
    }),
};

// The value's type is the caller's claim about the method it called.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function importedCase() {
  let done: (p: ImportProgress) => void = () => undefined;
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: (event, payload) => {
        if (event === 'importProgress' && (payload as ImportProgress).done) done(payload as ImportProgress);
      },
    },
    new ConfigStore(tempDir()),
    textParsers,
  );
  await svc.dispatch('createCase', { path: join(tempDir(), 'tl'), passphrase: 'timeline passphrase', title: 'TL' });
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.txt'), NOTES);
  const finished = new Promise<ImportProgress>((resolve) => (done = resolve));
  unwrap(await svc.dispatch('importEvidence', { paths: [dir] }));
  await finished;
  return svc;
}

describe('the timeline through the API', () => {
  it('proposes, accepts, rejects, keeps both over a recomputation, and computes the time to attribution', async () => {
    const svc = await importedCase();
    const first = unwrap<Timeline>(await svc.dispatch('proposeEvents', {}));
    expect(first.lanes).toEqual([
      'preparation',
      'release',
      'spread',
      'detection and analysis',
      'attribution',
      'response',
    ]);
    const sent = first.proposals.find((p) => p.start === '2020-10-20T13:05:00Z');
    expect(sent).toMatchObject({ precision: 'minute', sourceZone: 'UTC (stated in the document)', exhibitNumber: 1 });
    expect(sent?.location.kind).toBe('text');
    expect(NOTES.slice(sent?.location.start, sent?.location.end)).toMatch(/^(on )?Tue 20 Oct 2020 at 13:05$/);
    const named = first.proposals.find((p) => p.start === '2020-10-21T23:00:00Z');
    expect(named).toMatchObject({ sourceZone: 'America/New_York' });
    const day = first.proposals.find((p) => p.start === '2020-10-21' && p.precision === 'day');
    expect(day?.context).toContain('Officials named Iran');

    const release = unwrap<TimelineEvent>(
      await svc.dispatch('acceptProposal', {
        key: sent?.key ?? '',
        edits: { title: 'Threat e-mails go out', lane: 'release' },
      }),
    );
    expect(release).toMatchObject({
      title: 'Threat e-mails go out',
      exhibits: [1],
      unsupported: false,
      lane: 'release',
    });
    unwrap(await svc.dispatch('rejectProposal', { key: day?.key ?? '' }));

    const again = unwrap<Timeline>(await svc.dispatch('proposeEvents', {}));
    expect(again.proposals.length).toBe(first.proposals.length);
    expect(again.proposals.find((p) => p.key === sent?.key)).toMatchObject({ status: 'accepted', eventId: release.id });
    expect(again.proposals.find((p) => p.key === day?.key)?.status).toBe('rejected');

    const manual = unwrap<TimelineEvent>(
      await svc.dispatch('createEvent', {
        title: 'Public attribution press conference',
        start: '2020-10-21T23:00:00Z',
        precision: 'minute',
        lane: 'attribution',
        exhibits: [1],
        confidence: 'high',
      }),
    );
    const rumour = unwrap<TimelineEvent>(
      await svc.dispatch('createEvent', { title: 'Rumour', start: '2020-10', precision: 'month' }),
    );
    expect(rumour.unsupported).toBe(true);

    unwrap(await svc.dispatch('setMilestone', { milestone: 'first-release', eventId: release.id }));
    const timeline = unwrap<Timeline>(
      await svc.dispatch('setMilestone', { milestone: 'public-attribution', eventId: manual.id }),
    );
    expect(timeline.milestones).toEqual({ 'first-release': release.id, 'public-attribution': manual.id });
    expect(timeline.timeToAttribution).toMatchObject({
      milliseconds: (24 * 60 + 9 * 60 + 55) * 60_000,
      precision: 'minute',
      text: '1 day 9 h 55 min',
    });

    const edited = unwrap<TimelineEvent>(
      await svc.dispatch('updateEvent', { id: rumour.id, change: { exhibits: [1], note: 'unconfirmed' } }),
    );
    expect(edited).toMatchObject({ unsupported: false, note: 'unconfirmed' });
    unwrap(await svc.dispatch('deleteEvent', { id: release.id }));
    const after = unwrap<Timeline>(await svc.dispatch('listTimeline', {}));
    expect(after.timeToAttribution).toBeNull();
    expect(after.proposals.find((p) => p.key === sent?.key)).toMatchObject({ status: 'open', eventId: null });

    const custody = unwrap<{ entries: CustodyEntry[] }>(await svc.dispatch('listCustody', { offset: 0, limit: 500 }));
    const actions = custody.entries.map((e) => e.action);
    for (const action of [
      'timeline.proposals-computed',
      'timeline.proposal-accepted',
      'timeline.proposal-rejected',
      'timeline.event-created',
      'timeline.event-updated',
      'timeline.event-deleted',
    ])
      expect(actions, action).toContain(action);
    expect(unwrap<{ ok: boolean }>(await svc.dispatch('verifyCustody', {})).ok).toBe(true);
  });

  it('accepts into the proposal’s lane, and keeps events with their lanes through renames and removals', async () => {
    const svc = await importedCase();
    const timeline = unwrap<Timeline>(await svc.dispatch('proposeEvents', {}));
    const named = timeline.proposals.find((p) => p.start === '2020-10-21T23:00:00Z');
    const sent = timeline.proposals.find((p) => p.start === '2020-10-20T13:05:00Z');
    expect(named?.lane).toBe('attribution');
    expect(sent?.lane).toBe('release');
    const attribution = unwrap<TimelineEvent>(await svc.dispatch('acceptProposal', { key: named?.key ?? '' }));
    const release = unwrap<TimelineEvent>(await svc.dispatch('acceptProposal', { key: sent?.key ?? '' }));
    expect([attribution.lane, release.lane]).toEqual(['attribution', 'release']);

    // Removing a lane that holds an event, without saying where it goes, changes nothing.
    const lanes = ['preparation', 'dissemination', 'spread', 'detection and analysis', 'response'];
    expect(
      await svc.dispatch('setTimelineLanes', { lanes, moves: [{ from: 'release', to: 'dissemination' }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('"attribution"') as unknown },
    });
    expect(
      await svc.dispatch('setTimelineLanes', { lanes, moves: [{ from: 'attribution', to: 'nowhere' }] }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(unwrap<Timeline>(await svc.dispatch('listTimeline', {})).lanes).toContain('attribution');

    // Rename release, move attribution's event to response, put response first.
    const saved = unwrap<string[]>(
      await svc.dispatch('setTimelineLanes', {
        lanes: ['response', ...lanes.slice(0, 4)],
        moves: [
          { from: 'release', to: 'dissemination' },
          { from: 'attribution', to: 'response' },
        ],
      }),
    );
    expect(saved).toEqual(['response', 'preparation', 'dissemination', 'spread', 'detection and analysis']);
    const after = unwrap<Timeline>(await svc.dispatch('listTimeline', {}));
    expect(after.lanes).toEqual(saved);
    expect(after.events.find((e) => e.id === release.id)?.lane).toBe('dissemination');
    expect(after.events.find((e) => e.id === attribution.id)?.lane).toBe('response');
    // A lane the case no longer has is not suggested: the case's first lane is.
    expect(after.proposals.find((p) => p.key === sent?.key)?.lane).toBe('response');

    // Swapped names move each lane's events once, not twice.
    unwrap(
      await svc.dispatch('setTimelineLanes', {
        lanes: ['dissemination', 'response'],
        moves: [
          { from: 'dissemination', to: 'response' },
          { from: 'response', to: 'dissemination' },
        ],
      }),
    );
    const swapped = unwrap<Timeline>(await svc.dispatch('listTimeline', {}));
    expect(swapped.events.find((e) => e.id === release.id)?.lane).toBe('response');
    expect(swapped.events.find((e) => e.id === attribution.id)?.lane).toBe('dissemination');

    const times = unwrap<ExhibitTime[]>(await svc.dispatch('listExhibitTimes', {}));
    expect(times.map((t) => [t.exhibitNumber, t.start])).toEqual(
      expect.arrayContaining([
        [1, '2020-10-21T23:00:00Z'],
        [1, '2020-10-20T13:05:00Z'],
      ]),
    );
    const custody = unwrap<{ entries: CustodyEntry[] }>(await svc.dispatch('listCustody', { offset: 0, limit: 500 }));
    const changed = custody.entries.filter((e) => e.action === 'timeline.lanes-changed');
    expect(changed).toHaveLength(2);
    expect(JSON.stringify(changed[0]?.details)).toContain('"moved"');
  });

  it('refuses what it cannot store, and changes nothing', async () => {
    const svc = await importedCase();
    expect(await svc.dispatch('createEvent', { title: 'x', start: '21 Oct', precision: 'day' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(
      await svc.dispatch('createEvent', { title: 'x', start: '2020-10-21', precision: 'day', exhibits: [42] }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await svc.dispatch('rejectProposal', { key: 'E1|nothing' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await svc.dispatch('setMilestone', { milestone: 'first-release', eventId: 7 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(unwrap<Timeline>(await svc.dispatch('listTimeline', {})).events).toEqual([]);
  });
});
