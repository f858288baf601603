/**
 * The briefing editor's pure logic: what an autosave sends, judgement ids and moves, the timeline
 * figure's default range (the milestones) and its UTC fields, export file names; and the saver's
 * rules — debounced, one request at a time, a flush that leaves nothing unsaved, a failure that
 * keeps the draft.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Briefing, BriefingContent, KeyJudgement } from '../../../shared/briefing.js';
import type { Result } from '../../../shared/result.js';
import type { Timeline, TimelineEvent } from '../../../shared/timeline.js';
import {
  contentChange,
  contentOf,
  defaultTimelineRange,
  eventsInRange,
  exportFileName,
  fromMinuteField,
  moveItem,
  nextJudgementId,
  toMinuteField,
} from '../../../renderer/src/views/briefing/model.js';
import { BriefingSaver, TITLE_NEEDED, type SaveStatus } from '../../../renderer/src/views/briefing/useAutosave.js';

const CONTENT: BriefingContent = {
  title: 'Assessment',
  classification: '',
  tlp: 'AMBER',
  bluf: '',
  judgements: [],
  background: '',
  timelineFigure: null,
  graphFigure: null,
  includeIndicators: true,
  includeExhibits: true,
  methodology: '',
  appendix: '',
};

function briefing(patch: Partial<Briefing> = {}): Briefing {
  return {
    ...CONTENT,
    id: 'b-1',
    createdBy: 'analyst',
    createdAt: 1,
    updatedBy: 'analyst',
    updatedAt: 1,
    ...patch,
  };
}

function judgement(id: string, text = ''): KeyJudgement {
  return { id, text, likelihood: 'likely', confidence: 'moderate', exhibits: [] };
}

function event(id: number, start: string, patch: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id,
    title: `event ${String(id)}`,
    description: '',
    start,
    end: null,
    precision: 'second',
    note: '',
    sourceZone: 'Z',
    lane: '',
    entities: [],
    exhibits: [1],
    unsupported: false,
    confidence: 'moderate',
    milestones: [],
    proposalKey: null,
    createdAt: 0,
    createdBy: 'analyst',
    updatedAt: 0,
    ...patch,
  };
}

function timeline(events: readonly TimelineEvent[]): Timeline {
  return {
    lanes: [],
    events,
    proposals: [],
    milestones: { 'first-release': null, 'public-attribution': null },
    timeToAttribution: null,
  };
}

describe('briefing model', () => {
  it('sends only the fields that changed, comparing judgements and figures by value', () => {
    expect(contentChange(CONTENT, { ...CONTENT })).toBeNull();
    expect(contentChange(CONTENT, { ...CONTENT, title: 'New', tlp: 'RED' })).toEqual({ title: 'New', tlp: 'RED' });
    const withJudgement = { ...CONTENT, judgements: [judgement('kj-1', 'a')] };
    expect(contentChange(withJudgement, { ...CONTENT, judgements: [judgement('kj-1', 'a')] })).toBeNull();
    expect(contentChange(withJudgement, { ...CONTENT, judgements: [judgement('kj-1', 'b')] })).toEqual({
      judgements: [judgement('kj-1', 'b')],
    });
    expect(contentOf(briefing({ title: 'T' }))).toEqual({ ...CONTENT, title: 'T' });
  });

  it('numbers new judgements past the highest id, whatever the order', () => {
    expect(nextJudgementId([])).toBe('kj-1');
    expect(nextJudgementId([judgement('kj-3'), judgement('kj-1')])).toBe('kj-4');
    expect(nextJudgementId([judgement('imported'), judgement('other')])).toBe('kj-3');
  });

  it('moves an item by one place and stops at the ends', () => {
    const items = ['a', 'b', 'c'];
    expect(moveItem(items, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(items, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(items, 0, -1)).toBe(items);
    expect(moveItem(items, 2, 1)).toBe(items);
  });

  it('writes and reads the range fields in UTC, refusing what is not a time', () => {
    const ms = Date.parse('2020-10-20T14:12:41Z');
    expect(toMinuteField(ms)).toBe('2020-10-20 14:12');
    expect(toMinuteField(ms, 'ceil')).toBe('2020-10-20 14:13');
    expect(fromMinuteField('2020-10-20 14:12')).toBe(Date.parse('2020-10-20T14:12:00Z'));
    expect(fromMinuteField('2020-10-20T14:12:41Z')).toBe(ms);
    for (const bad of ['', '2020-10-20', '20/10/2020 14:12', '2020-02-31 10:00', '2020-13-01 10:00']) {
      expect(fromMinuteField(bad)).toBeNaN();
    }
  });

  it('defaults the timeline figure to first release → end of public attribution, else to all events', () => {
    expect(defaultTimelineRange(timeline([]))).toBeNull();
    const early = event(1, '2020-10-19T08:00:00Z');
    const release = event(2, '2020-10-20T14:12:41Z', { milestones: ['first-release'] });
    const attribution = event(3, '2020-10-21', { precision: 'day', milestones: ['public-attribution'] });
    const late = event(4, '2020-10-25T00:00:00Z');
    const marked = timeline([late, attribution, early, release]);
    expect(defaultTimelineRange(marked)).toEqual({
      from: Date.parse('2020-10-20T14:12:41Z'),
      // A day-precision event covers its day.
      to: Date.parse('2020-10-22T00:00:00Z'),
      basis: 'milestones',
    });
    expect(eventsInRange(marked, Date.parse('2020-10-20T14:12:00Z'), Date.parse('2020-10-22T00:00:00Z'))).toBe(2);
    expect(defaultTimelineRange(timeline([late, early]))).toEqual({
      from: Date.parse('2020-10-19T08:00:00Z'),
      to: Date.parse('2020-10-25T00:00:00Z'),
      basis: 'events',
    });
  });

  it('names export files after the title with the format’s extension', () => {
    expect(exportFileName('Threatening e-mails: who sent them', 'pdf')).toBe('threatening-e-mails-who-sent-them.pdf');
    expect(exportFileName('Case', 'stix')).toBe('case-stix.json');
    expect(exportFileName('Case', 'csv', 'events')).toBe('case-events.csv');
    expect(exportFileName('', 'md')).toBe('briefing.md');
  });
});

interface Call {
  readonly id: string;
  readonly change: Partial<BriefingContent>;
  readonly resolve: (result: Result<Briefing>) => void;
}

function harness() {
  const calls: Call[] = [];
  const statuses: SaveStatus[] = [];
  const saved: Briefing[] = [];
  const saver = new BriefingSaver(
    (input) =>
      new Promise((resolve) => {
        calls.push({ id: input.id, change: input.change, resolve });
      }),
    { onStatus: (status) => statuses.push(status), onDraft: () => undefined, onSaved: (b) => saved.push(b) },
    500,
  );
  const answer = (index: number, updatedAt: number) => {
    const call = calls[index];
    if (!call) throw new Error(`no call ${String(index)}`);
    call.resolve({ ok: true, value: briefing({ ...call.change, id: call.id, updatedAt }) });
  };
  return { saver, calls, statuses, saved, answer };
}

describe('briefing autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a pause in editing, then sends what changed once', async () => {
    const { saver, calls, statuses, answer } = harness();
    saver.load(briefing());
    saver.edit({ title: 'A' });
    await vi.advanceTimersByTimeAsync(300);
    saver.edit({ title: 'AB', bluf: 'x' });
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(0);
    expect(statuses.at(-1)).toEqual({ kind: 'pending' });
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.change)).toEqual([{ title: 'AB', bluf: 'x' }]);
    expect(statuses.at(-1)).toEqual({ kind: 'saving' });
    answer(0, 42);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ kind: 'saved', at: 42 });
    expect(saver.pending()).toBeNull();
  });

  it('keeps one request out at a time; flush saves the edits made meanwhile too', async () => {
    const { saver, calls, answer } = harness();
    saver.load(briefing());
    saver.edit({ title: 'A' });
    const first = saver.flush();
    expect(calls).toHaveLength(1);
    saver.edit({ bluf: 'typed while saving' });
    const second = saver.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    answer(0, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.change)).toEqual([{ title: 'A' }, { bluf: 'typed while saving' }]);
    answer(1, 3);
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(true);
    expect(saver.pending()).toBeNull();
  });

  it('keeps the draft when a save fails, says why, and sends it again on flush', async () => {
    const { saver, calls, statuses, answer } = harness();
    saver.load(briefing());
    saver.edit({ bluf: 'draft' });
    const failed = saver.flush();
    calls[0]?.resolve({ ok: false, error: { code: 'no-case-open', message: 'No case is open.' } });
    await expect(failed).resolves.toBe(false);
    expect(statuses.at(-1)).toEqual({ kind: 'error', message: 'No case is open.' });
    expect(saver.pending()).toEqual({ bluf: 'draft' });
    saver.edit({ bluf: 'draft, again' });
    const retried = saver.flush();
    answer(1, 9);
    await expect(retried).resolves.toBe(true);
    expect(calls.map((c) => c.change)).toEqual([{ bluf: 'draft' }, { bluf: 'draft, again' }]);
  });

  it('holds back a blank title and saves the rest', async () => {
    const { saver, calls, statuses, answer } = harness();
    saver.load(briefing());
    saver.edit({ title: '  ', bluf: 'kept' });
    const flushed = saver.flush();
    expect(calls.map((c) => c.change)).toEqual([{ bluf: 'kept' }]);
    answer(0, 7);
    await expect(flushed).resolves.toBe(false);
    expect(statuses.at(-1)).toEqual({ kind: 'error', message: TITLE_NEEDED });
    expect(saver.pending()).toEqual({ title: '  ' });
    expect(calls).toHaveLength(1);
  });

  it('does not save an edit undone before the pause, nor mix two briefings', async () => {
    const { saver, calls, saved, answer } = harness();
    saver.load(briefing());
    saver.edit({ title: 'Other' });
    saver.edit({ title: 'Assessment' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
    saver.edit({ bluf: 'for b-1' });
    const flushed = saver.flush();
    saver.load(briefing({ id: 'b-2' }));
    answer(0, 5);
    await expect(flushed).resolves.toBe(true);
    expect(calls[0]?.id).toBe('b-1');
    expect(saved.map((b) => b.id)).toEqual(['b-1']);
    expect(saver.pending()).toBeNull();
  });
});
