/**
 * The tags and notes editors of a detail pane (an exhibit, an indicator): add and remove tags, edit
 * notes with an unsaved-changes hint. The caller saves through its own API method.
 */
import { Plus, X } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';

export function TagEditor({
  tags,
  busy,
  onAdd,
  onRemove,
}: {
  readonly tags: readonly string[];
  readonly busy: boolean;
  readonly onAdd: (tag: string) => void;
  readonly onRemove: (tag: string) => void;
}) {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const add = (event: SyntheticEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    if (tag === '') return;
    setDraft('');
    if (!tags.includes(tag)) onAdd(tag);
  };
  return (
    <form className="tag-editor" onSubmit={add}>
      {tags.map((tag) => (
        <span key={tag} className="tag tag-edit">
          {tag}
          <button
            type="button"
            aria-label={`Remove tag ${tag}`}
            title="Remove tag"
            disabled={busy}
            onClick={() => onRemove(tag)}
          >
            <X size={11} aria-hidden="true" />
          </button>
        </span>
      ))}
      <label htmlFor={inputId} className="visually-hidden">
        New tag
      </label>
      <input
        id={inputId}
        className="tag-input"
        value={draft}
        maxLength={64}
        placeholder="Add tag"
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="button button-small" disabled={busy || draft.trim() === ''}>
        <Plus size={12} aria-hidden="true" />
        Add tag
      </button>
    </form>
  );
}

export function NotesEditor({
  notes,
  busy,
  onSave,
  placeholder,
}: {
  readonly notes: string;
  readonly busy: boolean;
  readonly onSave: (notes: string) => void;
  readonly placeholder: string;
}) {
  const [draft, setDraft] = useState(notes);
  const id = useId();
  return (
    <div className="notes">
      <label htmlFor={id} className="visually-hidden">
        Notes
      </label>
      <textarea
        id={id}
        rows={3}
        value={draft}
        placeholder={placeholder}
        onChange={(event) => setDraft(event.target.value)}
      />
      <div className="notes-actions">
        {draft !== notes && <span className="faint small">Unsaved changes</span>}
        <button
          type="button"
          className="button button-small"
          disabled={busy || draft === notes}
          onClick={() => onSave(draft)}
        >
          Save notes
        </button>
      </div>
    </div>
  );
}
