import { useId, useState, type SyntheticEvent } from 'react';
import { Plus, X } from 'lucide-react';
import type { CollectionRecord } from '../../../../shared/evidence.js';
import { Dialog } from '../../components/Dialog.js';
import { DirectoryBrowser } from '../../components/DirectoryBrowser.js';
import { ErrorMessage } from '../../components/Feedback.js';

/** A dropped file or folder the shell cannot name by path (browser shell): listed by name, sent on Import. */
export interface DroppedEntry {
  readonly key: string;
  readonly name: string;
  /** e.g. "folder · 12 files · 3.4 MB" */
  readonly detail: string;
}

interface ImportDialogProps {
  /** Paths already chosen (e.g. in the system file dialog, or dropped on the window). */
  readonly initialPaths?: readonly string[];
  /** Dropped files without paths: replaces choosing by path; Import calls onImportDropped. */
  readonly dropped?: readonly DroppedEntry[];
  readonly onImportDropped?: (
    keys: readonly string[],
    collection: CollectionRecord | undefined,
  ) => Promise<string | null>;
  /** What the import is doing before the job starts (sending dropped files). */
  readonly progress?: string | null;
  /** The browser shell has no system dialog: browse the file system here. */
  readonly showBrowser: boolean;
  readonly onImport: (paths: readonly string[], collection: CollectionRecord | undefined) => Promise<string | null>;
  readonly onCancel: () => void;
}

/** Choose files and folders to import, and record where they came from. */
export function ImportDialog({
  initialPaths = [],
  dropped,
  onImportDropped,
  progress = null,
  showBrowser,
  onImport,
  onCancel,
}: ImportDialogProps) {
  const [paths, setPaths] = useState<readonly string[]>(initialPaths);
  const [droppedKeys, setDroppedKeys] = useState<readonly string[]>(() => dropped?.map((entry) => entry.key) ?? []);
  const chosenDropped = dropped?.filter((entry) => droppedKeys.includes(entry.key));
  const count = chosenDropped ? chosenDropped.length : paths.length;
  const [typed, setTyped] = useState('');
  const [source, setSource] = useState('');
  const [method, setMethod] = useState('');
  const [collector, setCollector] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = {
    path: useId(),
    source: useId(),
    method: useId(),
    collector: useId(),
    notes: useId(),
  };

  const add = (path: string) => setPaths((list) => (list.includes(path) ? list : [...list, path]));
  const toggle = (path: string) =>
    setPaths((list) => (list.includes(path) ? list.filter((item) => item !== path) : [...list, path]));
  const addTyped = () => {
    const path = typed.trim();
    if (path === '') return;
    add(path);
    setTyped('');
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (count === 0) return setError('Choose at least one file or folder.');
    const record: CollectionRecord = {
      ...(source.trim() ? { source: source.trim() } : {}),
      ...(method.trim() ? { method: method.trim() } : {}),
      ...(collector.trim() ? { collector: collector.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    setBusy(true);
    const collection = Object.keys(record).length > 0 ? record : undefined;
    const problem =
      chosenDropped && onImportDropped
        ? await onImportDropped(droppedKeys, collection)
        : await onImport(paths, collection);
    setBusy(false);
    setError(problem);
  };

  return (
    <Dialog
      title="Import evidence"
      size="lg"
      onClose={onCancel}
      description="Files are hashed, stored encrypted in the case and recorded in the custody log. Folders are imported with everything in them."
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        {showBrowser && !chosenDropped && <DirectoryBrowser mode="evidence" chosen={paths} onPick={toggle} />}
        {chosenDropped && (
          <div className="field">
            <span className="field-label">Dropped{chosenDropped.length > 0 ? ` (${chosenDropped.length})` : ''}</span>
            {chosenDropped.length === 0 ? (
              <p className="field-hint">Nothing left to import: drop files or folders on the window again.</p>
            ) : (
              <ul className="chosen-list" aria-label="Dropped files and folders">
                {chosenDropped.map((entry) => (
                  <li key={entry.key}>
                    <span className="mono" title={entry.name}>
                      {entry.name}
                    </span>
                    <span className="muted chosen-detail">{entry.detail}</span>
                    <button
                      type="button"
                      className="icon-button icon-button-small"
                      aria-label={`Remove ${entry.name}`}
                      title="Remove"
                      disabled={busy}
                      onClick={() => setDroppedKeys((keys) => keys.filter((key) => key !== entry.key))}
                    >
                      <X size={14} aria-hidden="true" />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {!chosenDropped && (
          <>
            <div className="field">
              <label htmlFor={ids.path}>File or folder path</label>
              <div className="input-with-button">
                <input
                  id={ids.path}
                  className="mono"
                  value={typed}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="/path/to/evidence"
                  onChange={(event) => setTyped(event.target.value)}
                  onKeyDown={(event) => {
                    // Enter in an empty path field submits (Import), as in every other field.
                    if (event.key === 'Enter' && typed.trim() !== '') {
                      event.preventDefault();
                      addTyped();
                    }
                  }}
                />
                <button type="button" className="button" onClick={addTyped} disabled={typed.trim() === ''}>
                  <Plus size={14} aria-hidden="true" />
                  Add
                </button>
              </div>
            </div>
            <div className="field">
              <span className="field-label">To import{paths.length > 0 ? ` (${paths.length})` : ''}</span>
              {paths.length === 0 ? (
                <p className="field-hint">Nothing chosen yet: tick files or folders above, or type a path and Add.</p>
              ) : (
                <ul className="chosen-list" aria-label="Chosen files and folders">
                  {paths.map((path) => (
                    <li key={path}>
                      <span className="mono" title={path}>
                        {path}
                      </span>
                      <button
                        type="button"
                        className="icon-button icon-button-small"
                        aria-label={`Remove ${path}`}
                        title="Remove"
                        onClick={() => setPaths((list) => list.filter((item) => item !== path))}
                      >
                        <X size={14} aria-hidden="true" />
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
        <fieldset className="fieldset">
          <legend>Collection record (optional)</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.source}>Source, URL or origin</label>
              <input
                id={ids.source}
                // A drop has nothing to choose: start at the collection record; Enter imports.
                data-autofocus={dropped ? true : undefined}
                value={source}
                placeholder="e.g. mailbox of the county clerk"
                onChange={(event) => setSource(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.method}>Collection method</label>
              <input
                id={ids.method}
                value={method}
                placeholder="e.g. export from mail client"
                onChange={(event) => setMethod(event.target.value)}
              />
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.collector}>Collector</label>
              <input id={ids.collector} value={collector} onChange={(event) => setCollector(event.target.value)} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.notes}>Collection notes</label>
            <textarea id={ids.notes} rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} />
          </div>
        </fieldset>
        {progress !== null && (
          <p className="field-hint" role="status">
            {progress}
          </p>
        )}
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || count === 0}>
            {count === 1 ? 'Import 1 item' : `Import ${count} items`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
