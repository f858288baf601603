import { useId, useState, type SyntheticEvent } from 'react';
import { ArrowRight } from 'lucide-react';
import {
  confidenceWord,
  ENTITY_TYPES,
  RELATIONSHIP_TYPES,
  type EntityType,
  type GraphEntity,
  type RelationshipType,
} from '../../../../shared/graph.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { entityLabel, exhibitFileName, exhibitNumber, TYPE_STYLES } from './model.js';

export interface NewRelationship {
  readonly type: RelationshipType;
  readonly confidence: number;
  readonly citedExhibits: readonly number[];
  readonly note: string;
}

interface LinkDialogProps {
  readonly source: GraphEntity;
  readonly target: GraphEntity;
  readonly exhibits: readonly GraphEntity[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (relationship: NewRelationship) => void;
  readonly onCancel: () => void;
}

/** Assert a relationship between two entities: its type, a confidence with its ICD 203 words, its exhibits. */
export function LinkDialog({ source, target, exhibits, busy, error, onSubmit, onCancel }: LinkDialogProps) {
  const [type, setType] = useState<RelationshipType>('related-to');
  const [confidence, setConfidence] = useState(50);
  const [cited, setCited] = useState<readonly number[]>([]);
  const [note, setNote] = useState('');
  const typeId = useId();
  const confidenceId = useId();
  const wordId = useId();
  const noteId = useId();

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onSubmit({ type, confidence, citedExhibits: cited, note: note.trim() });
  };

  return (
    <Dialog title="New relationship" size="md" onClose={onCancel}>
      <form className="form graph-link-form" onSubmit={submit}>
        <p className="graph-link-ends">
          <bdi className="graph-end">{entityLabel(source)}</bdi>
          <ArrowRight size={14} aria-hidden="true" />
          <bdi className="graph-end">{entityLabel(target)}</bdi>
        </p>
        <div className="field">
          <label htmlFor={typeId}>Relationship</label>
          <select
            id={typeId}
            data-autofocus
            value={type}
            onChange={(event) => setType(event.target.value as RelationshipType)}
          >
            {RELATIONSHIP_TYPES.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={confidenceId}>Confidence</label>
          <div className="graph-confidence-input">
            <input
              id={confidenceId}
              type="range"
              min={0}
              max={100}
              step={1}
              value={confidence}
              aria-describedby={wordId}
              aria-valuetext={`${String(confidence)}, ${confidenceWord(confidence)}`}
              onChange={(event) => setConfidence(Number(event.target.value))}
            />
            <input
              type="number"
              className="tabular"
              min={0}
              max={100}
              aria-label="Confidence (0 to 100)"
              value={confidence}
              onChange={(event) => {
                const value = Number(event.target.value);
                if (Number.isFinite(value)) setConfidence(Math.min(100, Math.max(0, Math.round(value))));
              }}
            />
            <output id={wordId} className="graph-word" aria-live="polite">
              {confidenceWord(confidence)}
            </output>
          </div>
          <span className="field-hint">In the words of ICD 203 (expressions of likelihood).</span>
        </div>
        <fieldset className="field graph-cited">
          <legend>Cited exhibits</legend>
          {exhibits.length === 0 ? (
            <span className="field-hint">The case has no exhibits to cite.</span>
          ) : (
            <div className="check-list graph-cited-list">
              {exhibits.map((exhibit) => {
                const number = exhibitNumber(exhibit.exhibit ?? '');
                if (number === null) return null;
                return (
                  <label key={exhibit.id}>
                    <input
                      type="checkbox"
                      checked={cited.includes(number)}
                      onChange={(event) =>
                        setCited((previous) =>
                          event.target.checked
                            ? [...previous, number].sort((a, b) => a - b)
                            : previous.filter((item) => item !== number),
                        )
                      }
                    />
                    <span className="mono small">{exhibit.exhibit}</span>
                    <span className="graph-cited-name" dir="auto">
                      {exhibitFileName(exhibit)}
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={noteId}>Note</label>
          <textarea
            id={noteId}
            rows={2}
            value={note}
            maxLength={2000}
            placeholder="Why (optional)"
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Create relationship'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface EntityDialogProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (entity: { type: EntityType; name: string; description: string }) => void;
  readonly onCancel: () => void;
}

/** Types an analyst creates by hand (indicators and exhibits come from the evidence). */
const CREATABLE = ENTITY_TYPES.filter((type) => type !== 'exhibit');

export function EntityDialog({ busy, error, onSubmit, onCancel }: EntityDialogProps) {
  const [type, setType] = useState<EntityType>('threat-actor');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const typeId = useId();
  const nameId = useId();
  const descriptionId = useId();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    onSubmit({ type, name: name.trim(), description: description.trim() });
  };
  return (
    <Dialog title="New entity" size="sm" onClose={onCancel}>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select id={typeId} value={type} onChange={(event) => setType(event.target.value as EntityType)}>
            {CREATABLE.map((item) => (
              <option key={item} value={item}>
                {TYPE_STYLES[item].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            data-autofocus
            value={name}
            maxLength={256}
            autoComplete="off"
            placeholder="APT37"
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            rows={2}
            value={description}
            maxLength={4000}
            placeholder="Optional"
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''}>
            {busy ? 'Creating…' : 'Create entity'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface MergeDialogProps {
  readonly entities: readonly GraphEntity[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly onSubmit: (target: string, source: string) => void;
  readonly onCancel: () => void;
}

/** Fold the selected entities into one, recording where the analyst got it from. */
export function MergeDialog({ entities, busy, error, onSubmit, onCancel }: MergeDialogProps) {
  const [target, setTarget] = useState(entities[0]?.id ?? '');
  const [source, setSource] = useState('');
  const sourceId = useId();
  return (
    <Dialog
      title="Merge entities"
      size="sm"
      onClose={onCancel}
      description={
        <p>The others become aliases of the one kept; their relationships move to it. Undo is in its detail.</p>
      }
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(target, source.trim());
        }}
      >
        <fieldset className="field">
          <legend>Keep as</legend>
          <div className="check-list">
            {entities.map((entity) => (
              <label key={entity.id}>
                <input
                  type="radio"
                  name="merge-target"
                  checked={target === entity.id}
                  onChange={() => setTarget(entity.id)}
                />
                <bdi>{entityLabel(entity)}</bdi>
                <span />
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={sourceId}>Source</label>
          <input
            id={sourceId}
            data-autofocus
            value={source}
            maxLength={500}
            placeholder="e.g. vendor report, 2018"
            onChange={(event) => setSource(event.target.value)}
          />
          <span className="field-hint">Where it is said that these are one (recorded with the alias).</span>
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || target === ''}>
            {busy ? 'Merging…' : `Merge ${String(entities.length)} entities`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface NameDialogProps {
  readonly title: string;
  readonly label: string;
  readonly initial: string;
  readonly placeholder?: string;
  readonly hint?: string;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly error: string | null;
  readonly maxLength: number;
  readonly onSubmit: (name: string) => void;
  readonly onCancel: () => void;
}

/** Ask for a name (a group on the canvas, a saved view). */
export function NameDialog({
  title,
  label,
  initial,
  placeholder,
  hint,
  submitLabel,
  busy,
  error,
  maxLength,
  onSubmit,
  onCancel,
}: NameDialogProps) {
  const [name, setName] = useState(initial);
  const nameId = useId();
  const hintId = useId();
  return (
    <Dialog title={title} size="sm" onClose={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') onSubmit(name.trim());
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>{label}</label>
          <input
            id={nameId}
            data-autofocus
            value={name}
            maxLength={maxLength}
            autoComplete="off"
            placeholder={placeholder}
            aria-describedby={hint ? hintId : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {hint && (
            <span id={hintId} className="field-hint">
              {hint}
            </span>
          )}
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Delete a saved view (the arrangement only; the graph is untouched). */
export function DeleteViewDialog({
  name,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  readonly name: string;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  return (
    <Dialog
      title="Delete saved view"
      size="sm"
      onClose={onCancel}
      description={
        <p>
          Delete the view <bdi>“{name}”</bdi>? Its entities and relationships stay in the case; only this arrangement
          goes (the deletion is logged in custody).
        </p>
      }
    >
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="button" className="button" data-autofocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button graph-danger" disabled={busy} onClick={onConfirm}>
          {busy ? 'Deleting…' : 'Delete view'}
        </button>
      </div>
    </Dialog>
  );
}
