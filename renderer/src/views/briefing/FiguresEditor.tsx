import { useId, useState } from 'react';
import { CalendarClock, Network, RotateCcw } from 'lucide-react';
import type { GraphFigure, TimelineFigure } from '../../../../shared/briefing.js';
import type { Timeline } from '../../../../shared/timeline.js';
import { Switch } from './Switch.js';
import { defaultTimelineRange, eventsInRange, fromMinuteField, toMinuteField } from './model.js';

/** A saved graph view as the figure picker needs it (listGraphViews). */
export interface SavedViewChoice {
  readonly id: string;
  readonly name: string;
}

const DEFAULT_TIMELINE_CAPTION = 'Timeline of the operation, from first release to public attribution';

/** Build the timeline figure the analyst just switched on: the milestones' range, a default caption. */
export function initialTimelineFigure(timeline: Timeline | null): TimelineFigure {
  const now = Date.now();
  const range = defaultTimelineRange(timeline) ?? { from: now - 7 * 24 * 3_600_000, to: now, basis: 'events' };
  return {
    from: fromMinuteField(toMinuteField(range.from, 'floor')),
    to: fromMinuteField(toMinuteField(range.to, 'ceil')),
    caption: range.basis === 'milestones' ? DEFAULT_TIMELINE_CAPTION : 'Timeline of the events',
  };
}

interface UtcFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly round?: 'floor' | 'ceil';
  readonly invalid: boolean;
  readonly onChange: (ms: number) => void;
}

/** A time in UTC written as "2020-10-21 02:47"; what the analyst types is kept until it reads as a time. */
function UtcField({ id, label, value, round = 'floor', invalid, onChange }: UtcFieldProps) {
  const [text, setText] = useState(() => toMinuteField(value, round));
  const [seen, setSeen] = useState(value);
  // The value changed from outside (the reset button): show it, unless the text already says it.
  if (seen !== value) {
    setSeen(value);
    if (fromMinuteField(text) !== value) setText(toMinuteField(value, round));
  }
  const bad = !Number.isFinite(fromMinuteField(text));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="mono"
        value={text}
        placeholder="YYYY-MM-DD HH:MM"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={bad || invalid || undefined}
        aria-describedby={bad ? `${id}-error` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const ms = fromMinuteField(event.target.value);
          if (Number.isFinite(ms)) onChange(ms);
        }}
      />
      {bad && (
        <span id={`${id}-error`} className="field-error">
          Write a UTC time as YYYY-MM-DD HH:MM.
        </span>
      )}
    </div>
  );
}

interface TimelineFigureEditorProps {
  readonly figure: TimelineFigure | null;
  readonly timeline: Timeline | null;
  readonly onChange: (figure: TimelineFigure | null) => void;
}

/** The timeline figure: on or off, a range in UTC (from the milestones by default) and a caption. */
export function TimelineFigureEditor({ figure, timeline, onChange }: TimelineFigureEditorProps) {
  const id = useId();
  const basis = defaultTimelineRange(timeline)?.basis ?? null;
  const total = timeline?.events.length ?? 0;
  const inRange = figure ? eventsInRange(timeline, figure.from, figure.to) : 0;
  const inverted = figure !== null && figure.to < figure.from;
  return (
    <div className={`briefing-figure${figure ? ' is-on' : ''}`}>
      <Switch
        label="Timeline figure"
        detail="a range of the case’s timeline"
        icon={<CalendarClock size={15} aria-hidden="true" />}
        checked={figure !== null}
        onChange={(on) => onChange(on ? initialTimelineFigure(timeline) : null)}
      />
      {figure && (
        <div className="briefing-figure-body">
          <div className="field-row">
            <UtcField
              id={`${id}-from`}
              label="From (UTC)"
              value={figure.from}
              invalid={inverted}
              onChange={(from) => onChange({ ...figure, from })}
            />
            <UtcField
              id={`${id}-to`}
              label="To (UTC)"
              value={figure.to}
              round="ceil"
              invalid={inverted}
              onChange={(to) => onChange({ ...figure, to })}
            />
            <button
              type="button"
              className="icon-button briefing-figure-reset"
              aria-label={
                basis === 'milestones' ? 'Reset the range to the milestones' : 'Reset the range to all events'
              }
              title={basis === 'milestones' ? 'From first release to public attribution' : 'All events'}
              onClick={() => onChange({ ...initialTimelineFigure(timeline), caption: figure.caption })}
            >
              <RotateCcw size={14} aria-hidden="true" />
            </button>
          </div>
          {inverted ? (
            <p className="field-error">The range ends before it starts.</p>
          ) : (
            <p className="field-hint" data-testid="timeline-figure-count">
              {total === 0
                ? 'No events on the timeline yet: the figure will be empty.'
                : `${String(inRange)} of ${String(total)} ${total === 1 ? 'event' : 'events'} in this range.`}
              {basis === 'milestones'
                ? ' Defaults to first release → public attribution.'
                : total > 0
                  ? ' Mark the first-release and public-attribution events on the timeline to default to them.'
                  : ''}
            </p>
          )}
          <div className="field">
            <label htmlFor={`${id}-caption`}>Caption</label>
            <input
              id={`${id}-caption`}
              value={figure.caption}
              onChange={(event) => onChange({ ...figure, caption: event.target.value })}
            />
          </div>
        </div>
      )}
    </div>
  );
}

interface GraphFigureEditorProps {
  readonly figure: GraphFigure | null;
  /** null while loading; the error says why they could not be read. */
  readonly views: readonly SavedViewChoice[] | null;
  readonly viewsError: string | null;
  readonly onChange: (figure: GraphFigure | null) => void;
}

/** The infrastructure figure: a saved graph view (its positions as saved) and a caption. */
export function GraphFigureEditor({ figure, views, viewsError, onChange }: GraphFigureEditorProps) {
  const id = useId();
  const first = views?.[0];
  const missing = figure !== null && views !== null && !views.some((view) => view.id === figure.viewId);
  return (
    <div className={`briefing-figure${figure ? ' is-on' : ''}`}>
      <Switch
        label="Infrastructure figure"
        detail="a saved graph view"
        icon={<Network size={15} aria-hidden="true" />}
        checked={figure !== null}
        disabled={figure === null && !first}
        onChange={(on) => onChange(on && first ? { viewId: first.id, caption: first.name } : null)}
      />
      {figure === null && views !== null && views.length === 0 && (
        <p className="field-hint briefing-figure-hint">
          No saved graph views yet. Arrange the graph in the Graph section and save the view to use it here.
        </p>
      )}
      {viewsError && <p className="field-error briefing-figure-hint">{viewsError}</p>}
      {figure && (
        <div className="briefing-figure-body">
          <div className="field">
            <label htmlFor={`${id}-view`}>Saved graph view</label>
            <select
              id={`${id}-view`}
              value={figure.viewId}
              onChange={(event) => {
                const chosen = views?.find((view) => view.id === event.target.value);
                const wasDefault = views?.some((view) => view.id === figure.viewId && view.name === figure.caption);
                onChange({
                  viewId: event.target.value,
                  caption: wasDefault && chosen ? chosen.name : figure.caption,
                });
              }}
              aria-invalid={missing || undefined}
            >
              {missing && <option value={figure.viewId}>(deleted view)</option>}
              {(views ?? []).map((view) => (
                <option key={view.id} value={view.id}>
                  {view.name}
                </option>
              ))}
            </select>
            {missing && <span className="field-error">This view no longer exists: choose another.</span>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-caption`}>Caption</label>
            <input
              id={`${id}-caption`}
              value={figure.caption}
              onChange={(event) => onChange({ ...figure, caption: event.target.value })}
            />
          </div>
        </div>
      )}
    </div>
  );
}
