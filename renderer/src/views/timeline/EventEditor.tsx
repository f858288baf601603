import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { AlertTriangle, Trash2, X } from 'lucide-react';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import {
  CONFIDENCES,
  TIMELINE_PRECISIONS,
  type Confidence,
  type Milestone,
  type NewTimelineEvent,
  type TimelinePrecision,
} from '../../../../shared/timeline.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { valueMs } from './model.js';

/** What the editor holds: an event's fields and its milestone flags. */
export interface EventDraft {
  readonly title: string;
  readonly description: string;
  readonly start: string;
  readonly end: string;
  readonly precision: TimelinePrecision;
  readonly note: string;
  readonly lane: string;
  readonly exhibits: readonly number[];
  readonly confidence: Confidence;
  readonly milestones: readonly Milestone[];
}

export function draftToEvent(draft: EventDraft): NewTimelineEvent {
  return {
    title: draft.title.trim(),
    description: draft.description,
    start: draft.start.trim(),
    end: draft.end.trim() === '' ? null : draft.end.trim(),
    precision: draft.precision,
    note: draft.note,
    lane: draft.lane,
    exhibits: draft.exhibits,
    confidence: draft.confidence,
  };
}

interface EventEditorProps {
  /** "New event", "Accept proposal", or the event's title. */
  readonly heading: string;
  readonly initial: EventDraft;
  readonly lanes: readonly string[];
  readonly exhibits: readonly ExhibitSummary[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly saveLabel: string;
  /** Shown for a proposal: where it was read. */
  readonly source?: string;
  readonly onSave: (draft: EventDraft) => void;
  readonly onDelete?: () => void;
  readonly onClose: () => void;
}

const TIME_HINT = 'e.g. 2020-10-21T02:47:00Z, 2020-10-21, or 2020-10-19T20:40:00 when the zone is unknown';

/** The detail of one event, editable: its fields, cited exhibits and milestone flags. */
export function EventEditor({
  heading,
  initial,
  lanes,
  exhibits,
  busy,
  error,
  saveLabel,
  source,
  onSave,
  onDelete,
  onClose,
}: EventEditorProps) {
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState(false);
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    titleInput.current?.focus();
  }, []);
  // Escape closes the editor, unless a dialog is open over it.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const set = (patch: Partial<EventDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const startBad = draft.start.trim() !== '' && !Number.isFinite(valueMs(draft.start.trim()));
  const endBad = draft.end.trim() !== '' && !Number.isFinite(valueMs(draft.end.trim()));
  const missing = draft.title.trim() === '' || draft.start.trim() === '';
  const invalid = missing || startBad || endBad;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTouched(true);
    if (invalid || busy) return;
    onSave(draft);
  };

  const toggleExhibit = (number: number, on: boolean) =>
    set({
      exhibits: on ? [...draft.exhibits, number].sort((a, b) => a - b) : draft.exhibits.filter((n) => n !== number),
    });
  const toggleMilestone = (milestone: Milestone, on: boolean) =>
    set({ milestones: on ? [...draft.milestones, milestone] : draft.milestones.filter((m) => m !== milestone) });

  const laneOptions = lanes.includes(draft.lane) || draft.lane === '' ? lanes : [...lanes, draft.lane];

  return (
    <form className="timeline-panel timeline-editor" aria-label={heading} onSubmit={submit}>
      <header className="timeline-panel-header">
        <h2>{heading}</h2>
        <button type="button" className="icon-button" aria-label="Close event" title="Close (Esc)" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="timeline-panel-body">
        {source && <p className="timeline-source mono">{source}</p>}
        <div className="field">
          <label htmlFor="event-title">Title</label>
          <input
            id="event-title"
            ref={titleInput}
            value={draft.title}
            onChange={(e) => set({ title: e.target.value })}
            aria-invalid={touched && draft.title.trim() === ''}
          />
          {touched && draft.title.trim() === '' && <span className="field-error">A title is needed.</span>}
        </div>
        <div className="field">
          <label htmlFor="event-description">Description</label>
          <textarea
            id="event-description"
            rows={3}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="event-start">Start</label>
            <input
              id="event-start"
              className="mono"
              value={draft.start}
              onChange={(e) => set({ start: e.target.value })}
              aria-invalid={startBad || (touched && draft.start.trim() === '')}
              aria-describedby="event-time-hint"
            />
          </div>
          <div className="field">
            <label htmlFor="event-end">End (optional)</label>
            <input
              id="event-end"
              className="mono"
              value={draft.end}
              onChange={(e) => set({ end: e.target.value })}
              aria-invalid={endBad}
              aria-describedby="event-time-hint"
            />
          </div>
        </div>
        {startBad || endBad || (touched && draft.start.trim() === '') ? (
          <span className="field-error" id="event-time-hint">
            {draft.start.trim() === '' ? 'A start is needed: ' : 'Not a date: write '}
            {TIME_HINT.replace('e.g. ', '')}.
          </span>
        ) : (
          <span className="field-hint" id="event-time-hint">
            {TIME_HINT}.
          </span>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor="event-precision">Precision</label>
            <select
              id="event-precision"
              value={draft.precision}
              onChange={(e) => set({ precision: e.target.value as TimelinePrecision })}
            >
              {TIMELINE_PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="event-note">Note</label>
            <input
              id="event-note"
              value={draft.note}
              placeholder={draft.precision === 'approximate' ? 'night of, about…' : ''}
              onChange={(e) => set({ note: e.target.value })}
            />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="event-lane">Lane</label>
            <select id="event-lane" value={draft.lane} onChange={(e) => set({ lane: e.target.value })}>
              <option value="">(no lane)</option>
              {laneOptions.map((lane) => (
                <option key={lane} value={lane}>
                  {lane}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="event-confidence">Confidence</label>
            <select
              id="event-confidence"
              value={draft.confidence}
              onChange={(e) => set({ confidence: e.target.value as Confidence })}
            >
              {CONFIDENCES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="timeline-fieldset">
          <legend>Milestones</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.milestones.includes('first-release')}
              onChange={(e) => toggleMilestone('first-release', e.target.checked)}
            />
            First release
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.milestones.includes('public-attribution')}
              onChange={(e) => toggleMilestone('public-attribution', e.target.checked)}
            />
            Public attribution
          </label>
        </fieldset>
        <fieldset className="timeline-fieldset">
          <legend>Cited exhibits</legend>
          {draft.exhibits.length === 0 && (
            <p className="timeline-unsupported">
              <AlertTriangle size={13} aria-hidden="true" />
              Unsupported: no exhibit cited.
            </p>
          )}
          {exhibits.length === 0 ? (
            <p className="muted small">No exhibits in the case yet.</p>
          ) : (
            <ul className="timeline-exhibits">
              {exhibits.map((exhibit) => (
                <li key={exhibit.number}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={draft.exhibits.includes(exhibit.number)}
                      onChange={(e) => toggleExhibit(exhibit.number, e.target.checked)}
                    />
                    <span className="mono timeline-exhibit-label">{exhibit.label}</span>
                    <span className="timeline-exhibit-name" title={exhibit.displayName}>
                      {exhibit.displayName}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <ErrorMessage message={error} />
      </div>
      <footer className="timeline-panel-footer">
        {onDelete && (
          <button type="button" className="button" onClick={onDelete} disabled={busy}>
            <Trash2 size={14} aria-hidden="true" />
            Delete
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || (touched && invalid)}>
          {saveLabel}
        </button>
      </footer>
    </form>
  );
}
