import { useId, useState, type SubmitEvent } from 'react';
import type { AppInfo } from '../../../shared/domain.js';
import { Dialog } from '../components/Dialog.js';
import { DirectoryBrowser } from '../components/DirectoryBrowser.js';
import { ErrorMessage } from '../components/Feedback.js';

interface OpenCaseDialogProps {
  readonly appInfo: AppInfo;
  /** Offer the path for unlocking; resolves to an error message, or null when it worked. */
  readonly onSelect: (path: string) => Promise<string | null>;
  readonly onCancel: () => void;
}

/** Open a case by path (the browser shell's stand-in for the system file dialog). */
export function OpenCaseDialog({ appInfo, onSelect, onCancel }: OpenCaseDialogProps) {
  const pathId = useId();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const select = async (candidate: string) => {
    if (candidate.trim() === '') {
      setError('Type the path of a .locard case file, or pick one below.');
      return;
    }
    setBusy(true);
    setError(null);
    const problem = await onSelect(candidate.trim());
    setBusy(false);
    setError(problem);
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void select(path);
  };

  return (
    <Dialog
      title="Open case"
      description="Pick a .locard case file. You will be asked for its passphrase next."
      onClose={onCancel}
      size="lg"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={pathId}>Case file</label>
          <input
            id={pathId}
            className="mono"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder={`${appInfo.defaultCaseDirectory}/…`}
            spellCheck={false}
            autoComplete="off"
            data-autofocus
          />
        </div>
        <DirectoryBrowser
          start={appInfo.defaultCaseDirectory}
          mode="case"
          onPick={(picked) => {
            setPath(picked);
            void select(picked);
          }}
        />
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Continue
          </button>
        </div>
      </form>
    </Dialog>
  );
}
