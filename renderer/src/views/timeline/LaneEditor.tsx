import { useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { ArrowDown, ArrowUp, Plus, Trash2, Undo2, X } from 'lucide-react';
import { ErrorMessage } from '../../components/Feedback.js';
import { laneChanges, laneDrafts, type LaneDraft } from './model.js';

interface LaneEditorProps {
  readonly lanes: readonly string[];
  /** Events per lane name. */
  readonly counts: ReadonlyMap<string, number>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSave: (lanes: string[], moves: { from: string; to: string }[]) => void;
  readonly onClose: () => void;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * The case's lanes as an editable list: rename in place, move up or down (the buttons, or
 * Alt+↑/↓ in a name), add, and remove — a lane with events asks which lane they move to. Saved at
 * once, with the events carried along (setTimelineLanes with moves).
 */
export function LaneEditor({ lanes, counts, busy, error, onSave, onClose }: LaneEditorProps) {
  const [drafts, setDrafts] = useState<LaneDraft[]>(() => laneDrafts(lanes));
  const [adding, setAdding] = useState('');
  const [touched, setTouched] = useState(false);
  const nextId = useRef(lanes.length + 1);
  const inputs = useRef(new Map<number, HTMLInputElement>());
  // A lane moved with Alt+arrows keeps the focus in its name (React may move its input in the DOM).
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    if (pendingFocus.current === null) return;
    inputs.current.get(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  // Escape closes the editor, unless a dialog is open over it.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const patch = (id: number, change: Partial<LaneDraft>) =>
    setDrafts((previous) => previous.map((d) => (d.id === id ? { ...d, ...change } : d)));

  const move = (id: number, by: -1 | 1) =>
    setDrafts((previous) => {
      const index = previous.findIndex((d) => d.id === id);
      const other = index + by;
      if (index < 0 || other < 0 || other >= previous.length) return previous;
      const next = [...previous];
      const a = next[index];
      const b = next[other];
      if (!a || !b) return previous;
      next[index] = b;
      next[other] = a;
      return next;
    });

  const add = () => {
    const name = adding.trim();
    if (name === '') return;
    const id = nextId.current;
    nextId.current += 1;
    setDrafts((previous) => [...previous, { id, name, original: null, removed: false, moveTo: null }]);
    setAdding('');
  };

  const remove = (draft: LaneDraft) => {
    if (draft.original === null) {
      setDrafts((previous) => previous.filter((d) => d.id !== draft.id));
      return;
    }
    // Events go to the first other lane unless the analyst chooses another.
    const other = drafts.find((d) => d.id !== draft.id && !d.removed);
    patch(draft.id, { removed: true, moveTo: other?.id ?? null });
  };

  const changes = laneChanges(drafts);
  const problem = 'problem' in changes ? changes.problem : null;
  const unchanged =
    !('problem' in changes) && changes.moves.length === 0 && changes.lanes.join('\u0000') === lanes.join('\u0000');

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTouched(true);
    if ('problem' in changes || busy) return;
    onSave(changes.lanes, changes.moves);
  };

  const onNameKey = (event: KeyboardEvent<HTMLInputElement>, id: number) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    pendingFocus.current = id;
    move(id, event.key === 'ArrowUp' ? -1 : 1);
  };

  const kept = drafts.filter((d) => !d.removed);

  return (
    <form className="timeline-panel timeline-lanes-editor" aria-label="Lanes" onSubmit={submit}>
      <header className="timeline-panel-header">
        <h2>Lanes</h2>
        <button type="button" className="icon-button" aria-label="Close lanes" title="Close (Esc)" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="timeline-panel-body">
        <p className="muted small">
          The rows of the timeline, top to bottom. Renaming a lane keeps its events in it; removing one moves them to
          the lane you choose. <kbd>Alt</kbd>+<kbd>↑</kbd> <kbd>↓</kbd> in a name moves the lane.
        </p>
        <ol className="timeline-lanes">
          {drafts.map((draft, index) => {
            const count = draft.original === null ? 0 : (counts.get(draft.original) ?? 0);
            const label = draft.name.trim() !== '' ? draft.name.trim() : (draft.original ?? 'new lane');
            return (
              <li key={draft.id} className={`timeline-lane${draft.removed ? ' is-removed' : ''}`}>
                <div className="timeline-lane-row">
                  {draft.removed ? (
                    <span className="timeline-lane-name is-removed">{draft.original}</span>
                  ) : (
                    <input
                      ref={(element) => {
                        if (element) inputs.current.set(draft.id, element);
                        else inputs.current.delete(draft.id);
                      }}
                      aria-label={`Lane ${String(index + 1)} name`}
                      value={draft.name}
                      maxLength={64}
                      onChange={(event) => patch(draft.id, { name: event.target.value })}
                      onKeyDown={(event) => onNameKey(event, draft.id)}
                    />
                  )}
                  <span className="timeline-lane-count tabular">
                    {draft.original === null ? 'new' : plural(count, 'event')}
                  </span>
                  <button
                    type="button"
                    className="icon-button icon-button-small"
                    aria-label={`Move ${label} up`}
                    title="Move up"
                    disabled={index === 0}
                    onClick={() => move(draft.id, -1)}
                  >
                    <ArrowUp size={13} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button-small"
                    aria-label={`Move ${label} down`}
                    title="Move down"
                    disabled={index === drafts.length - 1}
                    onClick={() => move(draft.id, 1)}
                  >
                    <ArrowDown size={13} aria-hidden="true" />
                  </button>
                  {draft.removed ? (
                    <button
                      type="button"
                      className="icon-button icon-button-small"
                      aria-label={`Keep ${label}`}
                      title="Keep this lane"
                      onClick={() => patch(draft.id, { removed: false, moveTo: null })}
                    >
                      <Undo2 size={13} aria-hidden="true" />
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="icon-button icon-button-small"
                      aria-label={`Remove ${label}`}
                      title="Remove this lane"
                      disabled={kept.length <= 1}
                      onClick={() => remove(draft)}
                    >
                      <Trash2 size={13} aria-hidden="true" />
                    </button>
                  )}
                </div>
                {draft.removed && count > 0 && (
                  <label className="timeline-lane-move">
                    <span>
                      {plural(count, 'event')} in this lane {count === 1 ? 'moves' : 'move'} to
                    </span>
                    <select
                      aria-label={`Where the events of ${draft.original ?? ''} go`}
                      value={draft.moveTo === null ? '' : String(draft.moveTo)}
                      onChange={(event) =>
                        patch(draft.id, { moveTo: event.target.value === '' ? null : Number(event.target.value) })
                      }
                    >
                      {kept.map((d) => (
                        <option key={d.id} value={String(d.id)}>
                          {d.name.trim() || '(unnamed)'}
                        </option>
                      ))}
                      <option value="">no lane</option>
                    </select>
                  </label>
                )}
              </li>
            );
          })}
        </ol>
        <div className="timeline-lane-add">
          <input
            aria-label="New lane name"
            placeholder="New lane"
            value={adding}
            maxLength={64}
            onChange={(event) => setAdding(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
          <button type="button" className="button button-small" onClick={add} disabled={adding.trim() === ''}>
            <Plus size={12} aria-hidden="true" />
            Add lane
          </button>
        </div>
        {touched && problem && <p className="field-error">{problem}</p>}
        <ErrorMessage message={error} />
      </div>
      <footer className="timeline-panel-footer">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || unchanged}>
          Save lanes
        </button>
      </footer>
    </form>
  );
}
