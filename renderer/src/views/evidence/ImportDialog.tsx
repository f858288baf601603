import { useId, useState, type SyntheticEvent } from 'react';
import { Plus, X } from 'lucide-react';
import type { CollectionRecord } from '../../../../shared/evidence.js';
import { Dialog } from '../../components/Dialog.js';
import { DirectoryBrowser } from '../../components/DirectoryBrowser.js';
import { ErrorMessage } from '../../components/Feedback.js';

interface ImportDialogProps {
  /** Paths already chosen (e.g. in the system file dialog). */
  readonly initialPaths?: readonly string[];
  /** The browser shell has no system dialog: browse the file system here. */
  readonly showBrowser: boolean;
  readonly onImport: (paths: readonly string[], collection: CollectionRecord | undefined) => Promise<string | null>;
  readonly onCancel: () => void;
}

/** Choose files and folders to import, and record where they came from. */
export function ImportDialog({ initialPaths = [], showBrowser, onImport, onCancel }: ImportDialogProps) {
  const [paths, setPaths] = useState<readonly string[]>(initialPaths);
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
    if (paths.length === 0) return setError('Choose at least one file or folder.');
    const record: CollectionRecord = {
      ...(source.trim() ? { source: source.trim() } : {}),
      ...(method.trim() ? { method: method.trim() } : {}),
      ...(collector.trim() ? { collector: collector.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    setBusy(true);
    const problem = await onImport(paths, Object.keys(record).length > 0 ? record : undefined);
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
        {showBrowser && <DirectoryBrowser mode="evidence" chosen={paths} onPick={toggle} />}
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
                if (event.key === 'Enter') {
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
        <fieldset className="fieldset">
          <legend>Collection record (optional)</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.source}>Source, URL or origin</label>
              <input
                id={ids.source}
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
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || paths.length === 0}>
            {paths.length === 1 ? 'Import 1 item' : `Import ${paths.length} items`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
