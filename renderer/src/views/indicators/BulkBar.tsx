import { useState, type SyntheticEvent } from 'react';
import { Ban, CircleCheck, Copy, RotateCcw, Tags } from 'lucide-react';
import type { IndicatorStatus, IndicatorSummary } from '../../../../shared/indicator-types.js';
import { Popover } from './parts.js';

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function TagPopover({
  targets,
  busy,
  onAdd,
  onRemove,
  onClose,
}: {
  readonly targets: readonly IndicatorSummary[];
  readonly busy: boolean;
  readonly onAdd: (tag: string) => void;
  readonly onRemove: (tag: string) => void;
  readonly onClose: () => void;
}) {
  const [draft, setDraft] = useState('');
  const present = new Map<string, number>();
  for (const target of targets) for (const tag of target.tags) present.set(tag, (present.get(tag) ?? 0) + 1);
  const tag = draft.trim();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (tag !== '') onAdd(tag);
  };
  return (
    <Popover label="Tag indicators" onClose={onClose} className="tag-popover">
      <form className="popover-form" onSubmit={submit}>
        <label className="field-label" htmlFor="indicator-bulk-tag">
          Tag {plural(targets.length, 'indicator')}
        </label>
        <div className="input-with-button">
          <input
            id="indicator-bulk-tag"
            value={draft}
            maxLength={64}
            placeholder="e.g. c2, phishing"
            autoComplete="off"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button-small" disabled={busy || tag === ''}>
            Add
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy || tag === '' || !present.has(tag)}
            onClick={() => onRemove(tag)}
          >
            Remove
          </button>
        </div>
      </form>
      {present.size > 0 && (
        <div className="popover-section">
          <span className="field-label">Tags on the selection</span>
          <ul className="plain-list popover-tags">
            {[...present].map(([name, count]) => (
              <li key={name}>
                <span className="tag">{name}</span>
                <span className="faint small tabular">{count}</span>
                <button
                  type="button"
                  className="link-button small"
                  disabled={busy}
                  aria-label={`Remove tag ${name} from ${plural(count, 'indicator')}`}
                  onClick={() => onRemove(name)}
                >
                  Remove from {count === 1 ? '1' : `all ${count}`}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Popover>
  );
}

interface BulkBarProps {
  /** The selected rows that are shown: what every action here acts on. */
  readonly targets: readonly IndicatorSummary[];
  readonly busy: boolean;
  readonly tagsOpen: boolean;
  readonly onTagsOpen: (open: boolean) => void;
  readonly onMark: (status: IndicatorStatus) => void;
  readonly onTag: (tag: string, add: boolean) => void;
  readonly onCopy: (defanged: boolean) => void;
}

/** Verdicts, tags and copying for the selected rows, with the keys that do the same in the list. */
export function BulkBar({ targets, busy, tagsOpen, onTagsOpen, onMark, onTag, onCopy }: BulkBarProps) {
  const none = targets.length === 0;
  return (
    <div className="bulk-bar">
      <div className="bulk-actions" role="toolbar" aria-label="Selected indicators">
        <span className="bulk-count tabular">
          {none ? 'No selection' : `${targets.length.toLocaleString('en')} selected`}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={busy || none}
          aria-keyshortcuts="B"
          title="Mark benign (B)"
          onClick={() => onMark('benign')}
        >
          <CircleCheck size={12} aria-hidden="true" />
          Benign
          <kbd aria-hidden="true">B</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy || none}
          aria-keyshortcuts="F"
          title="Mark false positive (F)"
          onClick={() => onMark('false_positive')}
        >
          <Ban size={12} aria-hidden="true" />
          False positive
          <kbd aria-hidden="true">F</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy || none}
          aria-keyshortcuts="O"
          title="Reopen (O)"
          onClick={() => onMark('open')}
        >
          <RotateCcw size={12} aria-hidden="true" />
          Reopen
          <kbd aria-hidden="true">O</kbd>
        </button>
        <span className="bulk-divider" aria-hidden="true" />
        <div className="popover-anchor">
          <button
            type="button"
            className="button button-small"
            disabled={none}
            aria-haspopup="dialog"
            aria-expanded={tagsOpen}
            aria-keyshortcuts="T"
            title="Add or remove a tag (T)"
            onClick={() => onTagsOpen(!tagsOpen)}
          >
            <Tags size={12} aria-hidden="true" />
            Tag…
            <kbd aria-hidden="true">T</kbd>
          </button>
          {tagsOpen && !none && (
            <TagPopover
              targets={targets}
              busy={busy}
              onAdd={(tag) => onTag(tag, true)}
              onRemove={(tag) => onTag(tag, false)}
              onClose={() => onTagsOpen(false)}
            />
          )}
        </div>
        <span className="bulk-divider" aria-hidden="true" />
        <span className="bulk-label" aria-hidden="true">
          <Copy size={12} />
          Copy
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={none}
          aria-label="Copy defanged"
          title="Copy defanged (hxxp, [.]), one per line — safe to paste into tickets (Ctrl+C in the list)"
          onClick={() => onCopy(true)}
        >
          defanged
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={none}
          aria-label="Copy refanged"
          title="Copy refanged (live form), one per line"
          onClick={() => onCopy(false)}
        >
          refanged
        </button>
      </div>
    </div>
  );
}
