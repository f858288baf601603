import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  AlertTriangle,
  CalendarClock,
  Flag,
  List,
  Maximize2,
  Minus,
  Plus,
  Rows3,
  SlidersHorizontal,
} from 'lucide-react';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import type { Milestone, Timeline, TimelineEvent, TimelineProposal } from '../../../../shared/timeline.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { Toast, type ToastMessage } from '../indicators/parts.js';
import { draftToEvent, EventEditor, type EventDraft } from './EventEditor.js';
import { LaneEditor } from './LaneEditor.js';
import {
  fitAll,
  formatInstant,
  isFloating,
  laneRows,
  nearestIndex,
  pan,
  placeEvents,
  proposalGroups,
  reveal,
  valueMs,
  zoom,
  type DisplayZone,
  type PlacedEvent,
  type TimeWindow,
  type Viewport,
} from './model.js';
import { ProposalsPanel } from './ProposalsPanel.js';
import { TimelineCanvas } from './TimelineCanvas.js';
import { TimeWindowChip } from './TimeWindowChip.js';

const REFRESH_MS = 500;

type Editing =
  | { readonly kind: 'new' }
  | { readonly kind: 'lanes' }
  | { readonly kind: 'event'; readonly id: number }
  | { readonly kind: 'proposal'; readonly proposal: TimelineProposal };

interface TimelineViewProps {
  /** The range brushed on the axis (null: all time); the Graph view filters by it. */
  readonly timeWindow: TimeWindow | null;
  readonly onTimeWindow: (window: TimeWindow | null) => void;
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName))
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function eventDraft(event: TimelineEvent): EventDraft {
  return {
    title: event.title,
    description: event.description,
    start: event.start,
    end: event.end ?? '',
    precision: event.precision,
    note: event.note,
    lane: event.lane,
    exhibits: event.exhibits,
    confidence: event.confidence,
    milestones: event.milestones,
  };
}

function when(value: string, precision: TimelineEvent['precision'], zone: DisplayZone): string {
  return formatInstant(valueMs(value), precision, zone, isFloating(value));
}

/**
 * The case's timeline: events in lanes on a zoomable axis (or as a list), the events the evidence
 * proposes, one event in detail, and the time from first release to public attribution.
 */
export function TimelineView({ timeWindow, onTimeWindow }: TimelineViewProps) {
  const client = useClient();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [exhibits, setExhibits] = useState<readonly ExhibitSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editorError, setEditorError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [busy, setBusy] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [mode, setMode] = useState<'chart' | 'list'>('chart');
  const [zone, setZone] = useState<DisplayZone>('utc');
  const [view, setView] = useState<Viewport | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  // The event the chart's keys move between (shown selected; Enter opens it).
  const [cursorId, setCursorId] = useState<number | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const toastIds = useRef(0);
  const chartRef = useRef<HTMLDivElement>(null);

  const say = (text: string) => {
    toastIds.current += 1;
    setToast({ text, id: toastIds.current });
  };

  useEffect(() => {
    let current = true;
    void Promise.all([client.listTimeline({}), client.listExhibits({})]).then(([t, e]) => {
      if (!current) return;
      if (t.ok) {
        setTimeline(t.value);
        setError(null);
      } else setError(t.error.message);
      if (e.ok) setExhibits(e.value);
    });
    return () => {
      current = false;
    };
  }, [client, revision]);

  const reload = () => setRevision((n) => n + 1);

  // New evidence may propose more: reload at most every REFRESH_MS while an import reports.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('evidenceChanged', () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        setRevision((n) => n + 1);
      }, REFRESH_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  const placed = useMemo(() => placeEvents(timeline?.events ?? []), [timeline]);
  const rows = useMemo(() => laneRows(timeline?.lanes ?? [], placed), [timeline, placed]);
  const exhibitMap = useMemo(() => new Map(exhibits.map((e) => [e.number, e])), [exhibits]);
  const events = useMemo(() => timeline?.events ?? [], [timeline]);
  const laneCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const event of timeline?.events ?? []) counts.set(event.lane, (counts.get(event.lane) ?? 0) + 1);
    return counts;
  }, [timeline]);

  // Until the analyst zooms or pans, the axis fits every event.
  const shownView = view ?? fitAll(placed);
  const changeView = useCallback(
    (next: Viewport | ((current: Viewport) => Viewport)) =>
      setView((previous) => (typeof next === 'function' ? next(previous ?? fitAll(placed)) : next)),
    [placed],
  );

  const openId = editing?.kind === 'event' ? editing.id : null;
  const selectedId = openId ?? cursorId;
  const selected = openId === null ? undefined : events.find((e) => e.id === openId);
  const cursor = selectedId === null ? undefined : placed.find((p) => p.event.id === selectedId);

  const open = useCallback((next: Editing | null) => {
    setEditing(next);
    setEditorError(null);
    setEditorKey((n) => n + 1);
    if (next?.kind === 'event') setCursorId(next.id);
  }, []);

  const applyMilestones = async (eventId: number, wanted: readonly Milestone[], had: readonly Milestone[]) => {
    for (const milestone of ['first-release', 'public-attribution'] as const) {
      const want = wanted.includes(milestone);
      if (want === had.includes(milestone)) continue;
      const result = await client.setMilestone({ milestone, eventId: want ? eventId : null });
      if (!result.ok) return result.error.message;
    }
    return null;
  };

  const save = async (draft: EventDraft) => {
    if (!editing || editing.kind === 'lanes') return;
    setBusy(true);
    setEditorError(null);
    const input = draftToEvent(draft);
    const result =
      editing.kind === 'new'
        ? await client.createEvent(input)
        : editing.kind === 'event'
          ? await client.updateEvent({ id: editing.id, change: input })
          : await client.acceptProposal({ key: editing.proposal.key, edits: input });
    if (!result.ok) {
      setBusy(false);
      setEditorError(result.error.message);
      return;
    }
    const had = editing.kind === 'event' ? (selected?.milestones ?? []) : [];
    const problem = await applyMilestones(result.value.id, draft.milestones, had);
    setBusy(false);
    if (problem) {
      setEditorError(problem);
      reload();
      return;
    }
    say(
      editing.kind === 'new'
        ? `Added “${result.value.title}”`
        : editing.kind === 'proposal'
          ? `Accepted “${result.value.title}”`
          : `Saved “${result.value.title}”`,
    );
    open({ kind: 'event', id: result.value.id });
    reload();
  };

  const remove = async (id: number) => {
    setBusy(true);
    const result = await client.deleteEvent({ id });
    setBusy(false);
    if (!result.ok) {
      setEditorError(result.error.message);
      return;
    }
    say('Event deleted');
    open(null);
    reload();
  };

  const propose = async () => {
    setProposing(true);
    const result = await client.proposeEvents({});
    setProposing(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setTimeline(result.value);
    const groups = proposalGroups(result.value.proposals);
    say(
      `${plural(groups.top.length, 'event')} proposed${
        groups.grouped > 0 ? ` (${plural(groups.grouped, 'dataset row')} inside aggregates)` : ''
      }`,
    );
  };

  const accept = async (proposal: TimelineProposal) => {
    setBusy(true);
    const result = await client.acceptProposal({ key: proposal.key });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    say(`Accepted “${result.value.title}”`);
    reload();
  };

  const reject = async (proposal: TimelineProposal) => {
    setBusy(true);
    const result = await client.rejectProposal({ key: proposal.key });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    say(`Rejected “${proposal.title}”`);
    reload();
  };

  // N adds an event from anywhere in the view but a text field or a dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (event.key === 'n' || event.key === 'N') {
        event.preventDefault();
        open({ kind: 'new' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  /** Put the keyboard cursor on an event and keep it in view. */
  const moveCursor = (item: PlacedEvent | undefined) => {
    if (!item) return;
    setCursorId(item.event.id);
    const next = reveal(shownView, item.start);
    if (next !== shownView) setView(next);
  };

  /** The previous or next event in time (from the cursor, else from the edge of the view). */
  const step = (direction: 1 | -1) => {
    if (placed.length === 0) return;
    const index = cursor ? placed.indexOf(cursor) : -1;
    if (index >= 0) {
      moveCursor(placed[index + direction]);
      return;
    }
    const inView = placed.filter((p) => p.end >= shownView.start && p.start <= shownView.end);
    moveCursor(direction === 1 ? (inView[0] ?? placed[0]) : (inView[inView.length - 1] ?? placed[placed.length - 1]));
  };

  /** The event nearest in time in the next lane up or down that has events. */
  const stepLane = (direction: 1 | -1) => {
    const withEvents = rows.filter((row) => row.events.length > 0);
    if (withEvents.length === 0) return;
    const at = cursor ? withEvents.findIndex((row) => row.events.includes(cursor)) : -1;
    const row = withEvents[at === -1 ? (direction === 1 ? 0 : withEvents.length - 1) : at + direction];
    if (!row) return;
    const ms = cursor?.start ?? (shownView.start + shownView.end) / 2;
    moveCursor(row.events[nearestIndex(row.events, ms)]);
  };

  const onChartKey = (event: React.KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const big = event.key.startsWith('Page') ? 0.5 : 0.1;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => (event.shiftKey ? setView(pan(shownView, -big)) : step(-1)),
      ArrowRight: () => (event.shiftKey ? setView(pan(shownView, big)) : step(1)),
      ArrowUp: () => stepLane(-1),
      ArrowDown: () => stepLane(1),
      PageUp: () => setView(pan(shownView, -big)),
      PageDown: () => setView(pan(shownView, big)),
      '+': () => setView(zoom(shownView, 0.7, cursor ? anchorOf(cursor.start) : 0.5)),
      '=': () => setView(zoom(shownView, 0.7, cursor ? anchorOf(cursor.start) : 0.5)),
      '-': () => setView(zoom(shownView, 1 / 0.7, cursor ? anchorOf(cursor.start) : 0.5)),
      '0': () => setView(fitAll(placed)),
      Home: () => setView(fitAll(placed)),
      ']': () => step(1),
      '[': () => step(-1),
      Enter: () => {
        if (cursor) open({ kind: 'event', id: cursor.event.id });
        else step(1);
      },
      Escape: () => {
        if (editing) open(null);
        else setCursorId(null);
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  /** Where an instant sits across the view (0–1), so zooming keeps the cursor in place. */
  const anchorOf = (ms: number) =>
    Math.min(1, Math.max(0, (ms - shownView.start) / Math.max(1, shownView.end - shownView.start)));

  const saveLanes = async (lanes: string[], moves: { from: string; to: string }[]) => {
    setBusy(true);
    setEditorError(null);
    const result = await client.setTimelineLanes({ lanes, moves });
    setBusy(false);
    if (!result.ok) {
      setEditorError(result.error.message);
      return;
    }
    const moved = moves.filter((m) => (laneCounts.get(m.from) ?? 0) > 0).length;
    say(`Lanes saved${moved > 0 ? `; events of ${plural(moved, 'lane')} moved` : ''}`);
    open(null);
    reload();
  };

  const tta = timeline?.timeToAttribution ?? null;
  const firstRelease = events.find((e) => e.milestones.includes('first-release'));
  const attribution = events.find((e) => e.milestones.includes('public-attribution'));
  const unsupported = events.filter((e) => e.unsupported).length;
  const openProposals = useMemo(() => proposalGroups(timeline?.proposals ?? []).top.length, [timeline]);

  const listed = useMemo(
    () => (timeWindow ? placed.filter((p) => p.end >= timeWindow.start && p.start <= timeWindow.end) : placed),
    [placed, timeWindow],
  );

  const windowText = timeWindow
    ? `${formatInstant(timeWindow.start, 'minute', zone)} – ${formatInstant(timeWindow.end, 'minute', zone)}`
    : null;

  const header = (
    <header className="view-header">
      <h1 id="view-title">Timeline</h1>
      <p className="view-sub tabular" aria-live="polite">
        {timeline === null
          ? error === null
            ? 'Loading the timeline…'
            : ''
          : `${plural(events.length, 'event')} · ${plural(openProposals, 'proposal')} open${
              unsupported > 0 ? ` · ${String(unsupported)} unsupported` : ''
            }. Times in ${zone === 'utc' ? 'UTC' : 'local time'}.`}
      </p>
      <div className="view-actions">
        <button
          type="button"
          className="button"
          onClick={() => open({ kind: 'lanes' })}
          aria-pressed={editing?.kind === 'lanes'}
          disabled={timeline === null}
        >
          <SlidersHorizontal size={14} aria-hidden="true" />
          Lanes…
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => open({ kind: 'new' })}
          aria-keyshortcuts="N"
          title="Add event (N)"
        >
          <Plus size={14} aria-hidden="true" />
          Add event
        </button>
      </div>
    </header>
  );

  let panel;
  if (editing?.kind === 'lanes') {
    panel = (
      <LaneEditor
        key={editorKey}
        lanes={timeline?.lanes ?? []}
        counts={laneCounts}
        busy={busy}
        error={editorError}
        onSave={(lanes, moves) => void saveLanes(lanes, moves)}
        onClose={() => open(null)}
      />
    );
  } else if (editing?.kind === 'new') {
    panel = (
      <EventEditor
        key={editorKey}
        heading="New event"
        saveLabel="Add event"
        initial={{
          title: '',
          description: '',
          start: timeWindow ? new Date(timeWindow.start).toISOString().slice(0, 16) + ':00Z' : '',
          end: '',
          precision: 'minute',
          note: '',
          lane: timeline?.lanes[0] ?? '',
          exhibits: [],
          confidence: 'moderate',
          milestones: [],
        }}
        lanes={timeline?.lanes ?? []}
        exhibits={exhibits}
        busy={busy}
        error={editorError}
        onSave={(draft) => void save(draft)}
        onClose={() => open(null)}
      />
    );
  } else if (editing?.kind === 'proposal') {
    const p = editing.proposal;
    const exhibit = exhibitMap.get(p.exhibitNumber);
    panel = (
      <EventEditor
        key={editorKey}
        heading="Accept proposed event"
        saveLabel="Accept"
        source={`${exhibit?.label ?? `#${String(p.exhibitNumber)}`} · ${p.location.label}: ${p.sourceText}`}
        initial={{
          title: p.title,
          description: p.context,
          start: p.start,
          end: p.end ?? '',
          precision: p.precision,
          note: '',
          lane: p.lane || (timeline?.lanes[0] ?? ''),
          exhibits: [p.exhibitNumber],
          confidence: 'moderate',
          milestones: [],
        }}
        lanes={timeline?.lanes ?? []}
        exhibits={exhibits}
        busy={busy}
        error={editorError}
        onSave={(draft) => void save(draft)}
        onClose={() => open(null)}
      />
    );
  } else if (editing?.kind === 'event' && selected) {
    panel = (
      <EventEditor
        key={`${String(editorKey)}-${String(selected.updatedAt)}`}
        heading={selected.title}
        saveLabel="Save"
        source={`Created by ${selected.createdBy}${selected.sourceZone ? ` · source zone ${selected.sourceZone}` : ''}`}
        initial={eventDraft(selected)}
        lanes={timeline?.lanes ?? []}
        exhibits={exhibits}
        busy={busy}
        error={editorError}
        onSave={(draft) => void save(draft)}
        onDelete={() => void remove(selected.id)}
        onClose={() => open(null)}
      />
    );
  } else {
    panel = (
      <ProposalsPanel
        proposals={timeline?.proposals ?? []}
        exhibits={exhibitMap}
        zone={zone}
        busy={busy}
        proposing={proposing}
        onPropose={() => void propose()}
        onAccept={(p) => void accept(p)}
        onEdit={(p) => open({ kind: 'proposal', proposal: p })}
        onReject={(p) => void reject(p)}
      />
    );
  }

  return (
    <section className="view view-timeline" aria-labelledby="view-title">
      {header}
      <ErrorMessage message={error} />
      <div className={`timeline-attribution${tta ? ' is-set' : ''}`} role="status" aria-label="Time to attribution">
        <Flag size={16} aria-hidden="true" />
        {tta ? (
          <>
            <span className="timeline-attribution-label">Time to attribution:</span>{' '}
            <strong className="timeline-attribution-value tabular">{tta.text}</strong>{' '}
            <span className="timeline-attribution-detail">
              from “{firstRelease?.title}” ({firstRelease ? when(firstRelease.start, firstRelease.precision, zone) : ''}
              ) to “{attribution?.title}” ({attribution ? when(attribution.start, attribution.precision, zone) : ''})
              {tta.precision === 'day' || tta.precision === 'month' || tta.precision === 'year'
                ? `, good to a ${tta.precision}`
                : ''}
            </span>
          </>
        ) : (
          <span className="timeline-attribution-detail">
            Mark one event as <strong>first release</strong> and one as <strong>public attribution</strong> to compute
            the time to attribution.
            {firstRelease ? ` First release: “${firstRelease.title}”.` : ''}
            {attribution ? ` Public attribution: “${attribution.title}”.` : ''}
          </span>
        )}
      </div>
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline display">
        <div className="segmented" role="group" aria-label="Display">
          <button type="button" className="segment" aria-pressed={mode === 'chart'} onClick={() => setMode('chart')}>
            <Rows3 size={13} aria-hidden="true" />
            Timeline
          </button>
          <button type="button" className="segment" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
            <List size={13} aria-hidden="true" />
            List
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Time zone">
          <button type="button" className="segment" aria-pressed={zone === 'utc'} onClick={() => setZone('utc')}>
            UTC
          </button>
          <button type="button" className="segment" aria-pressed={zone === 'local'} onClick={() => setZone('local')}>
            Local time
          </button>
        </div>
        {mode === 'chart' && (
          <div className="timeline-zoom" role="group" aria-label="Zoom">
            <button
              type="button"
              className="icon-button"
              aria-label="Zoom out"
              title="Zoom out (−)"
              onClick={() => setView(zoom(shownView, 1 / 0.7))}
            >
              <Minus size={14} aria-hidden="true" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Zoom in"
              title="Zoom in (+)"
              onClick={() => setView(zoom(shownView, 0.7))}
            >
              <Plus size={14} aria-hidden="true" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Fit all events"
              title="Fit all (0)"
              onClick={() => setView(fitAll(placed))}
            >
              <Maximize2 size={14} aria-hidden="true" />
            </button>
          </div>
        )}
        <span className="spacer" />
        {timeWindow && windowText ? (
          <TimeWindowChip
            window={timeWindow}
            text={windowText}
            detail={`${plural(listed.length, 'event')} inside · filters Graph and Evidence`}
            onClear={() => onTimeWindow(null)}
          />
        ) : (
          mode === 'chart' && <span className="muted small">Drag along the axis to choose a time window.</span>
        )}
      </div>

      <div className="timeline-split">
        <div className="timeline-main">
          {timeline !== null && events.length === 0 ? (
            <div className="empty timeline-empty">
              <CalendarClock size={32} strokeWidth={1.5} aria-hidden="true" />
              <h2>No events on the timeline yet</h2>
              <div className="empty-text">
                <p>
                  Accept the events the evidence proposes, or add one with <kbd>N</kbd>. Each event cites the exhibits
                  that support it; one without is marked unsupported.
                </p>
              </div>
            </div>
          ) : mode === 'chart' ? (
            /* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- the chart takes the pan, zoom and event keys; the list mode is its table equivalent */
            <div
              ref={chartRef}
              className="timeline-chart"
              // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- focusable to take the chart keys
              tabIndex={0}
              role="application"
              aria-label="Timeline chart"
              aria-roledescription="timeline"
              aria-describedby="timeline-keys"
              // The visible span, for tests and tools that cannot read the canvas.
              data-view-start={Math.round(shownView.start)}
              data-view-end={Math.round(shownView.end)}
              onKeyDown={onChartKey}
            >
              {timeline !== null && (
                <TimelineCanvas
                  rows={rows}
                  placed={placed}
                  view={shownView}
                  onView={changeView}
                  zone={zone}
                  selectedId={selectedId}
                  onSelect={(id) => {
                    if (id === null) setCursorId(null);
                    open(id === null ? null : { kind: 'event', id });
                  }}
                  timeWindow={timeWindow}
                  onTimeWindow={onTimeWindow}
                />
              )}
              {cursor && (
                <p className="timeline-cursor">
                  <strong>{cursor.event.title}</strong> · {when(cursor.event.start, cursor.event.precision, zone)} ·{' '}
                  {cursor.event.lane || '(no lane)'} · event {placed.indexOf(cursor) + 1} of {placed.length}
                  {openId === null ? ' · Enter opens it' : ''}
                </p>
              )}
              <p id="timeline-keys" className="timeline-keys">
                <kbd>←</kbd> <kbd>→</kbd> previous / next event · <kbd>↑</kbd> <kbd>↓</kbd> lane · <kbd>Enter</kbd> open
                · <kbd>Shift</kbd>+<kbd>←</kbd> <kbd>→</kbd> pan · <kbd>+</kbd> <kbd>−</kbd> or wheel zoom ·{' '}
                <kbd>0</kbd> fit · drag the axis for a time window · <kbd>N</kbd> add event
              </p>
              <p className="visually-hidden" aria-live="polite">
                {cursor
                  ? `${cursor.event.title}, ${when(cursor.event.start, cursor.event.precision, zone)}, ${
                      cursor.event.lane || 'no lane'
                    }, event ${String(placed.indexOf(cursor) + 1)} of ${String(placed.length)}`
                  : ''}
              </p>
            </div>
          ) : (
            <EventList
              rows={listed.map((p) => p.event)}
              total={events.length}
              zone={zone}
              exhibits={exhibitMap}
              selectedId={selectedId}
              onOpen={(id) => open({ kind: 'event', id })}
            />
          )}
        </div>
        <aside className="timeline-side">{panel}</aside>
      </div>
      <Toast message={toast} onDone={() => setToast(null)} />
    </section>
  );
}

interface EventListProps {
  readonly rows: readonly TimelineEvent[];
  readonly total: number;
  readonly zone: DisplayZone;
  readonly exhibits: ReadonlyMap<number, ExhibitSummary>;
  readonly selectedId: number | null;
  readonly onOpen: (id: number) => void;
}

/** Above this many rows the list draws only those on screen (with spacer rows above and below). */
const VIRTUAL_FROM = 300;
const ROW_HEIGHT = 37;

/**
 * The events as a table sorted by time; arrow keys move between rows, Enter opens one. A long list
 * (50,000 events) keeps only the rows on screen in the DOM.
 */
function EventList({ rows, total, zone, exhibits, selectedId, onOpen }: EventListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const virtual = rows.length > VIRTUAL_FROM;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design.
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = virtual ? (items[0]?.index ?? 0) : 0;
  const last = virtual ? (items[items.length - 1]?.index ?? -1) : rows.length - 1;
  const shown = rows.slice(first, last + 1);
  const before = virtual ? (items[0]?.start ?? 0) : 0;
  const after = virtual ? Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0)) : 0;

  // Focus follows the arrow keys, also onto rows drawn only after scrolling to them.
  useEffect(() => {
    if (focusIndex === null) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-index="${String(focusIndex)}"]`);
    if (row) {
      row.focus();
      setFocusIndex(null);
    } else if (virtual) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [focusIndex, virtual, virtualizer, items]);

  const move = (index: number, by: number) => {
    const next = Math.min(rows.length - 1, Math.max(0, index + by));
    if (next !== index) setFocusIndex(next);
  };
  return (
    <div ref={scroller} className="timeline-list table-wrap">
      <table className="table" role="grid" aria-label="Timeline events" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <th scope="col">When ({zone === 'utc' ? 'UTC' : 'local'})</th>
            <th scope="col">Event</th>
            <th scope="col">Lane</th>
            <th scope="col">Evidence</th>
            <th scope="col">Confidence</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {before > 0 && (
            <tr aria-hidden="true" className="timeline-list-spacer" style={{ height: `${String(before)}px` }} />
          )}
          {shown.map((event, offset) => {
            const index = first + offset;
            return (
              <tr
                key={event.id}
                data-index={index}
                aria-rowindex={index + 2}
                tabIndex={0}
                aria-selected={event.id === selectedId}
                className={event.id === selectedId ? 'is-selected' : undefined}
                onClick={() => onOpen(event.id)}
                onKeyDown={(e) => {
                  const by: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(event.id);
                  } else if (e.key in by) {
                    e.preventDefault();
                    move(index, by[e.key] ?? 0);
                  } else if (e.key === 'Home' || e.key === 'End') {
                    e.preventDefault();
                    move(index, e.key === 'Home' ? -index : rows.length);
                  }
                }}
              >
                <td className="mono nowrap">
                  {when(event.start, event.precision, zone)}
                  {event.end ? ` → ${when(event.end, event.precision, zone)}` : ''}
                  {event.note ? <span className="muted"> ({event.note})</span> : null}
                </td>
                <td>
                  <span className="timeline-list-title">{event.title}</span>
                  {event.milestones.map((m) => (
                    <span key={m} className="timeline-milestone-chip">
                      {m === 'first-release' ? 'First release' : 'Public attribution'}
                    </span>
                  ))}
                </td>
                <td>{event.lane}</td>
                <td>
                  {event.unsupported ? (
                    <span className="timeline-unsupported">
                      <AlertTriangle size={12} aria-hidden="true" />
                      Unsupported
                    </span>
                  ) : (
                    <span className="mono">
                      {event.exhibits.map((n) => exhibits.get(n)?.label ?? `#${String(n)}`).join(', ')}
                    </span>
                  )}
                </td>
                <td>{event.confidence}</td>
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" className="timeline-list-spacer" style={{ height: `${String(after)}px` }} />
          )}
        </tbody>
      </table>
      {rows.length < total && (
        <p className="muted small timeline-list-note">
          {plural(rows.length, 'event')} of {total.toLocaleString('en')} in the time window.
        </p>
      )}
    </div>
  );
}
